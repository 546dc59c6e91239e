/**
 * The composed wasm training kernels (wasmKernels.ts, without ConvAtlas's own SIMD module) against the cpu backend:
 * convolution input and filter gradients over strides, paddings, odd sizes and batch 1, and matmul with transposes.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { atlasKernelsLoaded } from './atlasKernels';
import { CONV_CASES, convForwardAndGrads, onWasmAndCpu, values, worstRelError } from './kernelCheck';
import { registerWasmTrainingKernels } from './wasmKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});


describe('composed wasm convolution gradients', () => {
  it('runs without the own SIMD module in this file', () => {
    expect(atlasKernelsLoaded()).toBe(false);
  });

  it.each(CONV_CASES)('match the cpu backend: %s', async (_name, c) => {
    const { wasm, cpu, leaked } = await onWasmAndCpu(() => convForwardAndGrads(c));
    expect(leaked).toBe(0);
    expect(wasm.map((a) => a.length)).toEqual(cpu.map((a) => a.length));
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it('let a convolution train on wasm (the gradient reaches the filter)', () => {
    const w = tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 0.1, 'float32', 3));
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 5);
    const { grads } = tf.variableGrads(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').square().mean() as tf.Scalar, [w]);
    expect(tf.getBackend()).toBe('wasm');
    expect(grads[w.name]!.shape).toEqual([3, 3, 1, 2]);
    expect(Math.abs(grads[w.name]!.sum().dataSync()[0]!)).toBeGreaterThan(0);
    tf.dispose([w, x, ...Object.values(grads)]);
  });
});

describe('wasm Identity shares its data', () => {
  it('a clone has the values, outlives its source, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const buffers = () => tf.engine().backend.numDataIds();
    const held = buffers();
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    // one buffer in the wasm heap for both: no second copy of the data
    expect(buffers()).toBe(held + 1);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(buffers()).toBe(held);
  });

  it('a variable assigned after a clone leaves the clone alone', () => {
    const v = tf.variable(tf.tensor([1, 2]));
    const c = tf.clone(v);
    v.assign(tf.tensor([5, 6]));
    expect(Array.from(c.dataSync())).toEqual([1, 2]);
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
    tf.dispose([v, c]);
  });

  it('string tensors still clone', () => {
    const s = tf.tensor(['a', 'b']);
    const c = tf.clone(s);
    s.dispose();
    expect(c.arraySync()).toEqual(['a', 'b']);
    c.dispose();
  });
});

describe('wasm BatchMatMul with transposes', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['a^T b (dense layer kernel gradient)', [1, 64, 120], [1, 64, 84], true, false],
    ['a b^T (dense layer input gradient)', [1, 64, 84], [1, 120, 84], false, true],
    ['a^T b^T', [1, 7, 5], [1, 3, 7], true, true],
    ['plain', [1, 5, 7], [1, 7, 3], false, false],
    ['batch 3, a^T b', [3, 4, 6], [3, 4, 2], true, false],
    ['rank 2, b^T', [9, 11], [5, 11], false, true],
  ];
  it.each(cases)('matches the cpu backend: %s', async (_n, as, bs, ta, tb) => {
    const { wasm, cpu, leaked } = await onWasmAndCpu(() => [
      tf.tidy(() => tf.matMul(tf.tensor(values(as.reduce((p, q) => p * q), 1), as), tf.tensor(values(bs.reduce((p, q) => p * q), 2), bs), ta, tb)),
    ]);
    expect(leaked).toBe(0);
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-5);
  });
});
