/**
 * The training benchmark page: trains a network for a few batches on one backend, either on this (main) thread
 * or in the app's training worker, and reports images per second after warm-up and the main thread's long tasks.
 */
import { adaptInput } from '../../src/data/adapt';
import { DATASETS } from '../../src/data/datasets';
import { datasetFiles } from '../../src/data/files';
import { loadDataset } from '../../src/data/load';
import type { Optimizer } from '../../src/models';
import { selectBackend } from '../../src/workers/backend';
import { createTrainingClient } from '../../src/workers/createWorker';
import type { BackendName, TrainConfig } from '../../src/workers/protocol';
import { TrainControl, Trainer } from '../../src/training/trainer';
import { shippedModel } from '../../src/predict/catalog';
import { BENCH_NETS } from './nets';

/** Where a run's batches are augmented: not at all, in the training worker's own loop, or in the augmentation worker. */
export type AugmentMode = 'off' | 'thread' | 'worker';

export interface BenchRun {
  net: string;
  backend: BackendName;
  where: 'main' | 'worker';
  augment: AugmentMode;
  /** Milliseconds training waited for augmented batches after the warm-up batches (0 without augmentation). */
  waitedMs: number;
  /** The producer's own images per second over the whole run, warm-up included (null without augmentation). */
  producerImagesPerSecond: number | null;
  batchSize: number;
  /** Batches that trained (what ran, not what was asked for). */
  batches: number;
  warmup: number;
  imagesPerSecond: number;
  firstBatchesMs: number;
  longTasks: { count: number; totalMs: number; maxMs: number };
  backendReason: string;
}

const longTasks: number[] = [];
new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });

const status = document.getElementById('status')!;
/** The images a run loads: at least 2,048, and enough that `batches` batches fit in one epoch. */
const limits = (batchSize: number, batches: number) => ({ trainLimit: Math.max(2048, batchSize * batches), testLimit: 0 });

/** The shipped digits model's augmentation (src/predict/catalog.ts): shifts, rotation, shear, elastic warping. */
const BENCH_AUGMENT = shippedModel('lenet5-mnist-aug')!.recipe.augment!;

function config(net: string, batchSize: number, batches: number, augment: AugmentMode = 'off'): TrainConfig {
  const spec = BENCH_NETS[net]!();
  return {
    modelId: net,
    modelName: net,
    spec,
    datasetId: 'mnist',
    adaptation: adaptInput(DATASETS.mnist.shape, spec.inputs[0]!.shape, 10, 10),
    optimizer: 'adam' as Optimizer,
    learningRate: 0.001,
    batchSize,
    epochs: 1,
    validationSplit: 0,
    maxBatchesPerEpoch: batches,
    ...limits(batchSize, batches),
    seed: 1,
    ...(augment === 'off' ? {} : { augment: { settings: BENCH_AUGMENT, where: augment } }),
  };
}

/** img/s over the batches after the warm-up ones, from each batch's elapsed time. */
function rate(elapsed: number[], batchSize: number, warmup: number): number {
  const from = elapsed[warmup - 1] ?? 0;
  const to = elapsed.at(-1) ?? 0;
  return ((elapsed.length - warmup) * batchSize * 1000) / Math.max(1e-6, to - from);
}

async function runMain(net: string, backend: BackendName, batchSize: number, batches: number, warmup: number): Promise<BenchRun> {
  const report = await selectBackend(backend);
  const data = await loadDataset('mnist', datasetFiles('mnist', new URL('./', location.href).pathname), limits(batchSize, batches));
  const t = new Trainer(config(net, batchSize, batches), data.train, data.test, 10);
  const elapsed: number[] = [];
  const before = longTasks.length;
  await t.run(new TrainControl(), {
    onBatch: (p, _b, _n, _ips, ms) => {
      elapsed.push(ms);
      status.textContent = `${p.step}: ${p.loss.toFixed(3)}`;
    },
  });
  t.dispose();
  const lt = longTasks.slice(before);
  return { net, backend: report.backend, where: 'main', augment: 'off', waitedMs: 0, producerImagesPerSecond: null, batchSize, batches: elapsed.length, warmup, imagesPerSecond: rate(elapsed, batchSize, warmup), firstBatchesMs: elapsed[warmup - 1] ?? 0, longTasks: { count: lt.length, totalMs: lt.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...lt) }, backendReason: report.reason };
}

async function runWorker(net: string, backend: BackendName, batchSize: number, batches: number, warmup: number, augment: AugmentMode = 'off'): Promise<BenchRun> {
  const client = createTrainingClient();
  try {
    const report = await client.init(backend);
    await client.load('mnist', datasetFiles('mnist', new URL('./', location.href).pathname), { ...limits(batchSize, batches), sampleCount: 0 });
    const elapsed: number[] = [];
    const waited: number[] = [];
    let producer: number | null = null;
    const before = longTasks.length;
    const { done } = client.train(config(net, batchSize, batches, augment), false, (m) => {
      if (m.type === 'batch') {
        elapsed.push(m.elapsedMs);
        waited.push(m.feed?.waitedMs ?? 0);
        producer = m.feed?.producerImagesPerSecond ?? null;
        status.textContent = `${m.point.step}: ${m.point.loss.toFixed(3)}`;
      }
    });
    await done;
    const lt = longTasks.slice(before);
    return { net, backend: report.backend, where: 'worker', augment, waitedMs: (waited.at(-1) ?? 0) - (waited[warmup - 1] ?? 0), producerImagesPerSecond: producer, batchSize, batches: elapsed.length, warmup, imagesPerSecond: rate(elapsed, batchSize, warmup), firstBatchesMs: elapsed[warmup - 1] ?? 0, longTasks: { count: lt.length, totalMs: lt.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...lt) }, backendReason: report.reason };
  } finally {
    client.dispose();
  }
}

declare global {
  interface Window {
    benchTrain(o: { net: string; backend: BackendName; where: 'main' | 'worker'; batchSize: number; batches: number; warmup: number; augment?: AugmentMode }): Promise<BenchRun>;
  }
}

window.benchTrain = (o) => (o.where === 'main' ? runMain(o.net, o.backend, o.batchSize, o.batches, o.warmup) : runWorker(o.net, o.backend, o.batchSize, o.batches, o.warmup, o.augment));
status.textContent = 'ready';
