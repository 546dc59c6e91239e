import { beforeAll, describe, expect, it } from 'vitest';
import { adaptInput } from '../data/adapt';
import { NO_AUGMENTATION, OP_DEFAULTS, type AugmentSettings } from '../data/augment/pipeline';
import { portFeed, type ProducerSetup, serveBatches } from '../data/augment/stream';
import { DATASETS } from '../data/datasets';
import { takeFirst, type ImageSet } from '../data/idx';
import { loadNodeDataset } from '../cli/nodeData';
import { zooSpec } from '../models';
import { startWasmInNode } from '../workers/nodeBackend';
import type { FromWorker, TrainConfig } from '../workers/protocol';
import { runTraining, type BatchSource } from './runTraining';
import { TrainControl, Trainer } from './trainer';

let train: ImageSet;
let test: ImageSet;

beforeAll(async () => {
  await startWasmInNode();
  const mnist = loadNodeDataset('mnist');
  train = takeFirst(mnist.train, 400);
  test = takeFirst(mnist.test, 100);
});

const settings: AugmentSettings = { ...NO_AUGMENTATION, padCrop: 2, rotate: 10, shear: 10, warpAlpha: OP_DEFAULTS.warpAlpha, pcaColour: 0.1 };

function config(where: 'worker' | 'thread', over: Partial<TrainConfig> = {}): TrainConfig {
  const spec = zooSpec('lenet5-modern')!;
  return {
    modelId: 'lenet5-modern',
    modelName: 'LeNet-5 (modern)',
    spec,
    datasetId: 'mnist',
    adaptation: adaptInput(DATASETS.mnist.shape, spec.inputs[0]!.shape, 10, 10),
    optimizer: 'adam',
    learningRate: 0.002,
    batchSize: 32,
    epochs: 2,
    validationSplit: 0,
    maxBatchesPerEpoch: 6,
    seed: 3,
    augment: { settings, where },
    ...over,
  };
}

/** A producer on the other end of an in-process MessageChannel, counting what it was asked to make. */
function channelAugmenter(log: { made: number[]; capacity: number }) {
  return (setup: ProducerSetup) => {
    const ch = new MessageChannel();
    const port1 = ch.port1 as unknown as { postMessage: (m: unknown, t?: Transferable[]) => void };
    const post = port1.postMessage.bind(port1);
    port1.postMessage = (m: unknown, t?: Transferable[]) => {
      if ((m as { type: string }).type === 'batch') log.made.push((m as { batch: number }).batch);
      post(m, t ?? []);
    };
    log.capacity = setup.capacity;
    serveBatches(port1 as never, setup);
    return portFeed(ch.port2 as never);
  };
}

async function losses(where: 'worker' | 'thread', source: BatchSource, control = new TrainControl(), over: Partial<TrainConfig> = {}) {
  const events: FromWorker[] = [];
  await runTraining(1, config(where, over), false, source, control, (m) => events.push(m), { load: async () => null, save: async () => undefined });
  return events;
}

describe('augmented batches from a second worker', () => {
  it('the worker stream and the in-thread baseline train on the same batches: identical losses, rates reported', async () => {
    const log = { made: [] as number[], capacity: 0 };
    const viaPort = await losses('worker', { train, test, classes: 10, augmenter: channelAugmenter(log) });
    const inThread = await losses('thread', { train, test, classes: 10 });
    const l = (ev: FromWorker[]) => ev.flatMap((e) => (e.type === 'batch' ? [e.point.loss] : []));
    expect(l(viaPort)).toHaveLength(12);
    expect(l(viaPort)).toEqual(l(inThread));
    // Exactly the configured batches, each epoch in order, none twice.
    expect(log.made).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
    const last = viaPort.findLast((e) => e.type === 'batch');
    expect(last?.type === 'batch' && last.feed).toMatchObject({ batches: 12, images: 12 * 32 });
    expect(last?.type === 'batch' && last.feed!.producerImagesPerSecond).toBeGreaterThan(0);
    // And augmentation does change the batches: without it the losses differ.
    const plain = await losses('thread', { train, test, classes: 10 }, new TrainControl(), { augment: undefined });
    expect(l(plain)).not.toEqual(l(inThread));
  });

  it('while training is paused the producer stops at its bound; nothing is lost when it resumes', async () => {
    const log = { made: [] as number[], capacity: 0 };
    const control = new TrainControl();
    let madeWhilePaused = -1;
    control.onWait = () => {
      // Let the producer run as far as it may, then resume.
      setTimeout(() => {
        madeWhilePaused = log.made.length;
        control.resume();
      }, 300);
    };
    const source = { train, test, classes: 10, augmenter: channelAugmenter(log) };
    const events: FromWorker[] = [];
    const done = runTraining(1, config('worker', { epochs: 1, maxBatchesPerEpoch: 12 }), false, source, control, (m) => {
      events.push(m);
      if (m.type === 'batch' && m.point.step === 3) control.pause();
    }, { load: async () => null, save: async () => undefined });
    await done;
    // Three batches taken, the producer four (its bound) ahead: seven made, and it waited there.
    expect(log.capacity).toBe(4);
    expect(madeWhilePaused).toBe(7);
    expect(log.made).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const baseline = await losses('thread', { train, test, classes: 10 }, new TrainControl(), { epochs: 1, maxBatchesPerEpoch: 12 });
    const l = (ev: FromWorker[]) => ev.flatMap((e) => (e.type === 'batch' ? [e.point.loss] : []));
    expect(l(events)).toEqual(l(baseline));
  });

  it('stopping closes the stream: the producer makes no more than its bound past the last batch taken', async () => {
    const log = { made: [] as number[], capacity: 0 };
    const control = new TrainControl();
    const trainer = new Trainer(config('worker', { epochs: 1, maxBatchesPerEpoch: 12 }), train, test, 10);
    const feed = channelAugmenter(log)({ images: train.images, shape: train.shape, count: train.count, adaptation: config('worker').adaptation, settings, seed: 3, capacity: 2 });
    const r = await trainer.run(control, { onBatch: (p) => p.step === 2 && control.stop() }, feed);
    feed.close();
    await new Promise((res) => setTimeout(res, 100));
    expect(r.status).toBe('stopped');
    expect(log.made.length).toBeLessThanOrEqual(2 + 2);
    trainer.dispose();
  });

  it('Stop ends a run that waits for a batch the producer never sends', async () => {
    const trainer = new Trainer(config('worker', { epochs: 1, maxBatchesPerEpoch: 4 }), train, test, 10);
    const control = new TrainControl();
    const silent = { startEpoch() {}, take: () => new Promise<Float32Array>(() => undefined), stats: () => ({ batches: 0, images: 0, producerImagesPerSecond: 0, waitedMs: 0, queued: 0 }), close() {} };
    setTimeout(() => control.stop(), 100);
    const r = await trainer.run(control, {}, silent);
    expect(r.status).toBe('stopped');
    expect(trainer.step).toBe(0);
    trainer.dispose();
  });
});
