/**
 * ConvAtlas's threaded convolution kernels (atlas-mt.wasm on 2 worker_threads sharing one memory) against the cpu
 * backend: the forward convolution, its input and filter gradients with the batch split between threads, the
 * filter gradient summed from per-thread partials; and a training step giving the single-threaded result.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startWasmInNode } from '../../workers/nodeBackend';
import { atlasThreads, setAtlasThreads } from './atlasThreads';
import { CONV_CASES, convForwardAndGrads, onWasmAndCpu, values, worstRelError, type ConvCase } from './kernelCheck';

beforeAll(async () => {
  await startWasmInNode(2);
  // split every call, however small
  setAtlasThreads(2, 0);
});

/** Batches of 4 and 5 (uneven parts), so every case splits. */
const SPLIT: [string, ConvCase][] = CONV_CASES.map(([name, c]) => [name, { ...c, x: [c.x[0] < 2 ? 5 : 4, c.x[1], c.x[2], c.x[3]] }]);

describe('threaded convolution kernels', () => {
  it('run on 2 threads', () => {
    expect(atlasThreads().threads).toBe(2);
  });

  it.each(SPLIT)('match the cpu backend, batch split across 2 threads: %s', async (_name, c) => {
    const before = atlasThreads().splitCalls;
    const { wasm, cpu, leaked } = await onWasmAndCpu(() => convForwardAndGrads(c));
    expect(leaked).toBe(0);
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
    // The input and filter gradients at least (the forward only from 4 input channels) ran split.
    expect(atlasThreads().splitCalls - before).toBeGreaterThanOrEqual(c.f[2] >= 4 ? 3 : 2);
  });

  it('fused forward with bias and ReLU matches the cpu backend; other activations keep the stock kernel', async () => {
    for (const activation of ['relu', 'linear', 'elu'] as const) {
      const { wasm, cpu } = await onWasmAndCpu(() =>
        tf.tidy(() => [
          tf.fused.conv2d({ x: tf.tensor4d(values(4 * 9 * 9 * 8, 61), [4, 9, 9, 8]), filter: tf.tensor4d(values(3 * 3 * 8 * 16, 62), [3, 3, 8, 16]), strides: 1, pad: 'same', bias: tf.tensor1d(values(16, 63)), activation }),
        ]),
      );
      expect(worstRelError(wasm, cpu), activation).toBeLessThan(1e-5);
    }
  });

  it('match the cpu backend on 30 random layers', async () => {
    const layer = fc.record({
      n: fc.integer({ min: 2, max: 5 }),
      h: fc.integer({ min: 1, max: 12 }),
      w: fc.integer({ min: 1, max: 12 }),
      ci: fc.integer({ min: 1, max: 12 }),
      co: fc.integer({ min: 1, max: 19 }),
      k: fc.integer({ min: 1, max: 5 }),
      s: fc.integer({ min: 1, max: 3 }),
      pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
    });
    await fc.assert(
      fc.asyncProperty(layer, async (l) => {
        fc.pre(l.pad === 'same' || l.k <= Math.min(l.h, l.w));
        const c: ConvCase = { x: [l.n, l.h, l.w, l.ci], f: [l.k, l.k, l.ci, l.co], stride: l.s, pad: l.pad };
        const { wasm, cpu, leaked } = await onWasmAndCpu(() => {
          const [y, ...grads] = convForwardAndGrads(c);
          // stock wasm's forward is wrong for some geometries the own one does not take (BACKENDS.md)
          if (l.ci >= 4) grads.unshift(y!);
          else y!.dispose();
          return grads;
        });
        expect(leaked).toBe(0);
        expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
      }),
      { numRuns: 30, seed: 3 },
    );
  });

  it('a call that does not fit the shared heap runs on one thread, with the same numbers', async () => {
    const c = SPLIT[3]![1];
    const two = await onWasmAndCpu(() => convForwardAndGrads(c));
    // 4 KiB: less than this layer's 16 KiB activations
    setAtlasThreads(2, 0, 4096);
    const before = atlasThreads().splitCalls;
    const small = await onWasmAndCpu(() => convForwardAndGrads(c));
    expect(small.leaked).toBe(0);
    expect(atlasThreads().splitCalls).toBe(before);
    expect(worstRelError(small.wasm, two.wasm)).toBeLessThan(1e-5);
    setAtlasThreads(2, 0);
  });

  it('setAtlasThreads(1) goes back to one thread, with the same numbers', async () => {
    const c = SPLIT[3]![1];
    const two = await onWasmAndCpu(() => convForwardAndGrads(c));
    expect(setAtlasThreads(1)).toBe(1);
    const before = atlasThreads().splitCalls;
    const one = await onWasmAndCpu(() => convForwardAndGrads(c));
    expect(atlasThreads().splitCalls).toBe(before);
    expect(setAtlasThreads(8, 0)).toBe(2);
    expect(worstRelError(two.wasm, one.wasm)).toBeLessThan(1e-5);
  });
});
