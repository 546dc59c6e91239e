import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './wasmKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

interface Case {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: number | [number, number];
  pad: 'same' | 'valid';
}

const CASES: Case[] = [
  { name: 'LeNet c1 (5x5, valid)', x: [3, 32, 32, 1], f: [5, 5, 1, 6], stride: 1, pad: 'valid' },
  { name: '3x3 same', x: [2, 9, 9, 4], f: [3, 3, 4, 5], stride: 1, pad: 'same' },
  { name: 'stride 2, same, odd size', x: [2, 11, 11, 3], f: [3, 3, 3, 4], stride: 2, pad: 'same' },
  { name: 'stride 2, valid, leftover rows', x: [2, 10, 10, 2], f: [3, 3, 2, 3], stride: 2, pad: 'valid' },
  { name: '7x7 stride 2 (ResNet stem)', x: [1, 16, 16, 3], f: [7, 7, 3, 8], stride: 2, pad: 'same' },
  { name: 'non-square stride', x: [2, 8, 12, 2], f: [3, 5, 2, 2], stride: [1, 2], pad: 'valid' },
  { name: 'non-square filter, same', x: [2, 8, 12, 2], f: [3, 5, 2, 2], stride: 1, pad: 'same' },
  { name: '1x1 stride 2', x: [2, 8, 8, 4], f: [1, 1, 4, 6], stride: 2, pad: 'valid' },
];

function filterGrad(c: Case, x: tf.Tensor4D, dy: tf.Tensor4D): Float32Array {
  // d/dW of sum(conv(x, W) * dy) is exactly Conv2DBackpropFilter(x, dy).
  const g = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, c.stride, c.pad).mul(dy).sum())(tf.zeros(c.f)));
  const out = g.dataSync() as Float32Array;
  g.dispose();
  return out;
}

describe('wasm Conv2DBackpropFilter', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('matches the cpu backend: %s', async (_n, c) => {
    const xv = tf.randomNormal(c.x, 0, 1, 'float32', 7).arraySync() as number[][][][];
    const out = tf.tidy(() => tf.conv2d(tf.tensor4d(xv), tf.zeros(c.f) as tf.Tensor4D, c.stride, c.pad)).shape;
    const dyv = tf.randomNormal(out, 0, 1, 'float32', 11).arraySync() as number[][][][];
    const before = tf.memory().numTensors;
    const xw = tf.tensor4d(xv);
    const dyw = tf.tensor4d(dyv);
    const wasm = filterGrad(c, xw, dyw);
    tf.dispose([xw, dyw]);
    expect(tf.memory().numTensors).toBe(before);

    await tf.setBackend('cpu');
    const xc = tf.tensor4d(xv);
    const dyc = tf.tensor4d(dyv);
    const cpu = filterGrad(c, xc, dyc);
    tf.dispose([xc, dyc]);
    await tf.setBackend('wasm');

    expect(wasm.length).toBe(c.f.reduce((a, b) => a * b, 1));
    let worst = 0;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(wasm[i]! - cpu[i]!) / (1 + Math.abs(cpu[i]!)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('lets a convolution train on wasm (the gradient reaches the filter)', () => {
    const w = tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 0.1, 'float32', 3));
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 5);
    const { grads } = tf.variableGrads(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').square().mean() as tf.Scalar, [w]);
    expect(tf.getBackend()).toBe('wasm');
    expect(grads[w.name]!.shape).toEqual([3, 3, 1, 2]);
    expect(Math.abs(grads[w.name]!.sum().dataSync()[0]!)).toBeGreaterThan(0);
    tf.dispose([w, x, ...Object.values(grads)]);
  });
});
