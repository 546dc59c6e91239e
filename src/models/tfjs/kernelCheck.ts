/**
 * Test helpers for kernels: the same computation on the wasm backend and on the cpu backend (the reference), from
 * the same deterministic inputs, compared element by element. Used by the kernel tests only.
 */
import * as tf from '@tensorflow/tfjs';

/** Deterministic values in [-1, 1) (an LCG), so both backends see the same inputs. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs f on wasm and then on cpu; f returns tensors, read back and disposed here. Checks no tensor leaks on wasm. */
export async function onWasmAndCpu(f: () => tf.Tensor[]): Promise<{ wasm: Float32Array[]; cpu: Float32Array[]; leaked: number }> {
  const read = () => {
    const before = tf.memory().numTensors;
    const ts = f();
    const out = ts.map((t) => t.dataSync() as Float32Array);
    tf.dispose(ts);
    return { out, leaked: tf.memory().numTensors - before };
  };
  await tf.setBackend('wasm');
  const w = read();
  await tf.setBackend('cpu');
  const c = read();
  await tf.setBackend('wasm');
  return { wasm: w.out, cpu: c.out, leaked: w.leaked };
}

/** The largest |a - b| / (1 + |b|) over every element of every pair (and Infinity when shapes differ). */
export function worstRelError(a: Float32Array[], b: Float32Array[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((x, k) => {
    const y = b[k]!;
    if (x.length !== y.length) worst = Infinity;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
    if (Number.isNaN(worst)) worst = Infinity;
  });
  return worst;
}

/** A convolution layer's geometry for the gradient checks. */
export interface ConvCase {
  x: [number, number, number, number];
  f: [number, number, number, number];
  stride: number | [number, number];
  pad: 'same' | 'valid' | number;
}

/** Forward output, input gradient and filter gradient of sum(conv(x, W) * dy): what training needs of a conv. */
export function convForwardAndGrads(c: ConvCase): tf.Tensor[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b), 3), c.x);
    const w = tf.tensor4d(values(c.f.reduce((a, b) => a * b), 5), c.f);
    const y = tf.conv2d(x, w, c.stride, c.pad);
    const dy = tf.tensor4d(values(y.size, 7), y.shape as [number, number, number, number]);
    const loss = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad), dy));
    const [dx, dw] = tf.grads(loss)([x, w]);
    return [y, dx!, dw!];
  });
}

/** The same for a depthwise convolution (`f` is [kh, kw, channels, multiplier]). */
export function depthwiseForwardAndGrads(c: ConvCase): tf.Tensor[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b), 3), c.x);
    const w = tf.tensor4d(values(c.f.reduce((a, b) => a * b), 5), c.f);
    const pad = c.pad as 'same' | 'valid';
    const y = tf.depthwiseConv2d(x, w, c.stride, pad);
    const dy = tf.tensor4d(values(y.size, 7), y.shape as [number, number, number, number]);
    const loss = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, pad), dy));
    const [dx, dw] = tf.grads(loss)([x, w]);
    return [y, dx!, dw!];
  });
}

/** Convolution geometries training meets (the zoo's, and the awkward ones). */
export const CONV_CASES: [string, ConvCase][] = [
  ['LeNet c1 (5x5, valid, 1 channel)', { x: [3, 32, 32, 1], f: [5, 5, 1, 6], stride: 1, pad: 'valid' }],
  ['LeNet c2 (5x5, 6 -> 16)', { x: [2, 14, 14, 6], f: [5, 5, 6, 16], stride: 1, pad: 'valid' }],
  ['3x3 same', { x: [2, 9, 9, 4], f: [3, 3, 4, 5], stride: 1, pad: 'same' }],
  ['3x3 same, 16 -> 16 (ResNet block)', { x: [2, 8, 8, 16], f: [3, 3, 16, 16], stride: 1, pad: 'same' }],
  ['stride 2, same, odd size', { x: [2, 11, 11, 3], f: [3, 3, 3, 4], stride: 2, pad: 'same' }],
  ['stride 2, same, even size, 16 -> 32', { x: [2, 10, 10, 16], f: [3, 3, 16, 32], stride: 2, pad: 'same' }],
  ['stride 2, valid, leftover rows', { x: [2, 10, 10, 2], f: [3, 3, 2, 3], stride: 2, pad: 'valid' }],
  ['7x7 stride 2 (ResNet stem)', { x: [1, 16, 16, 3], f: [7, 7, 3, 8], stride: 2, pad: 'same' }],
  ['non-square stride', { x: [2, 8, 12, 2], f: [3, 5, 2, 2], stride: [1, 2], pad: 'valid' }],
  ['non-square filter, same', { x: [2, 8, 12, 2], f: [3, 5, 2, 2], stride: 1, pad: 'same' }],
  ['1x1 stride 2 (projection shortcut)', { x: [2, 8, 8, 4], f: [1, 1, 4, 6], stride: 2, pad: 'valid' }],
  ['batch 1, 13 output channels', { x: [1, 7, 7, 5], f: [3, 3, 5, 13], stride: 1, pad: 'same' }],
  ['stride 3, filter larger than stride', { x: [2, 13, 11, 3], f: [4, 4, 3, 9], stride: 3, pad: 'same' }],
  ['explicit padding 1', { x: [2, 6, 6, 3], f: [3, 3, 3, 4], stride: 1, pad: 1 }],
  ['explicit padding 2, stride 2', { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 2, pad: 2 }],
];
