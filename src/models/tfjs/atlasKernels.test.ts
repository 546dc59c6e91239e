/**
 * ConvAtlas's own SIMD kernels (atlas.wasm) against the cpu backend: the filter gradient over the same geometries
 * as the composed kernels plus random ones, batch norm's training forward and closed-form backward against TF.js's
 * own BatchNormalization layer, and the built module against its source.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { atlasKernelsLoaded, installAtlasKernels } from './atlasKernels';
import { FusedAdam } from './adam';
import { batchNormTraining, TrainingBatchNorm } from './batchNorm';
import { CONV_CASES, convForwardAndGrads, depthwiseForwardAndGrads, onWasmAndCpu, values, worstRelError, type ConvCase } from './kernelCheck';
import { registerWasmTrainingKernels } from './wasmKernels';

const WASM = new URL('./kernels/atlas.wasm', import.meta.url);

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  expect(await installAtlasKernels(readFileSync(WASM))).toBeNull();
});

describe('own SIMD Conv2DBackpropFilter', () => {
  it('is the one registered', () => {
    expect(atlasKernelsLoaded()).toBe(true);
  });

  it.each(CONV_CASES)('matches the cpu backend: %s', async (_name, c) => {
    const { wasm, cpu, leaked } = await onWasmAndCpu(() => convForwardAndGrads(c));
    expect(leaked).toBe(0);
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it('matches the cpu backend on 60 random convolution layers', async () => {
    const layer = fc.record({
      n: fc.integer({ min: 1, max: 3 }),
      h: fc.integer({ min: 1, max: 12 }),
      w: fc.integer({ min: 1, max: 12 }),
      ci: fc.integer({ min: 1, max: 9 }),
      co: fc.integer({ min: 1, max: 19 }),
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
    });
    await fc.assert(
      fc.asyncProperty(layer, async (l) => {
        fc.pre(l.pad === 'same' || (l.kh <= l.h && l.kw <= l.w));
        const c: ConvCase = { x: [l.n, l.h, l.w, l.ci], f: [l.kh, l.kw, l.ci, l.co], stride: [l.sh, l.sw], pad: l.pad };
        // The gradients only: stock wasm's forward Conv2D itself is wrong for some of these (BACKENDS.md).
        const { wasm, cpu, leaked } = await onWasmAndCpu(() => {
          const [y, ...grads] = convForwardAndGrads(c);
          y!.dispose();
          return grads;
        });
        expect(leaked).toBe(0);
        expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('own SIMD depthwise convolution gradients (stock wasm has none)', () => {
  const cases: [string, ConvCase][] = [
    ['MobileNet 3x3 same, 32 channels', { x: [2, 9, 9, 32], f: [3, 3, 32, 1], stride: 1, pad: 'same' }],
    ['stride 2, same, odd channels', { x: [2, 11, 11, 7], f: [3, 3, 7, 1], stride: 2, pad: 'same' }],
    ['multiplier 2, valid', { x: [1, 8, 8, 3], f: [3, 3, 3, 2], stride: 1, pad: 'valid' }],
    ['multiplier 3, stride 2, 5x5', { x: [2, 10, 9, 5], f: [5, 5, 5, 3], stride: 2, pad: 'same' }],
    ['non-square stride and filter', { x: [2, 8, 12, 4], f: [3, 5, 4, 1], stride: [1, 2], pad: 'valid' }],
  ];
  it.each(cases)('match the cpu backend: %s', async (_name, c) => {
    const { wasm, cpu, leaked } = await onWasmAndCpu(() => depthwiseForwardAndGrads(c));
    expect(leaked).toBe(0);
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
  });

  it('match the cpu backend on 40 random depthwise layers', async () => {
    const layer = fc.record({
      n: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 1, max: 10 }),
      w: fc.integer({ min: 1, max: 10 }),
      c: fc.integer({ min: 1, max: 9 }),
      m: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: 4 }),
      s: fc.integer({ min: 1, max: 2 }),
      pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
    });
    await fc.assert(
      fc.asyncProperty(layer, async (l) => {
        fc.pre(l.pad === 'same' || (l.k <= l.h && l.k <= l.w));
        const c: ConvCase = { x: [l.n, l.h, l.w, l.c], f: [l.k, l.k, l.c, l.m], stride: l.s, pad: l.pad };
        const { wasm, cpu, leaked } = await onWasmAndCpu(() => {
          const [y, ...grads] = depthwiseForwardAndGrads(c);
          y!.dispose();
          return grads;
        });
        expect(leaked).toBe(0);
        expect(worstRelError(wasm, cpu)).toBeLessThan(1e-4);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe('own SIMD MaxPoolGrad', () => {
  const cases: [string, number[], number, number, 'same' | 'valid', boolean][] = [
    ['LeNet 2x2 /2 after a ReLU (ties at 0)', [4, 28, 28, 6], 2, 2, 'valid', true],
    ['3x3 /2 same (ResNet stem), odd size', [2, 13, 13, 8], 3, 2, 'same', false],
    ['3x3 /1 same (Inception pool branch), 5 channels', [2, 7, 7, 5], 3, 1, 'same', true],
    ['overlapping 3x3 /2 valid (AlexNet)', [1, 15, 15, 3], 3, 2, 'valid', false],
    ['window larger than stride, leftover columns', [2, 9, 10, 4], 4, 3, 'valid', true],
  ];
  it.each(cases)('matches the cpu backend: %s', async (_n, shape, k, s, pad, relu) => {
    const { wasm, cpu, leaked } = await onWasmAndCpu(() =>
      tf.tidy(() => {
        let x = tf.tensor4d(values(shape.reduce((a, b) => a * b), 31), shape as [number, number, number, number]);
        // Rounded values tie often, as ReLU's zeros and quantised inputs do.
        x = relu ? tf.relu(x) : tf.div(tf.round(tf.mul(x, 4)), 4);
        const y = tf.maxPool(x, k, s, pad);
        const dy = tf.tensor4d(values(y.size, 32), y.shape as [number, number, number, number]);
        const [dx] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, pad), dy)))([x]);
        return [y, dx!];
      }),
    );
    expect(leaked).toBe(0);
    expect(worstRelError(wasm, cpu)).toBeLessThan(1e-6);
  });
});

describe('own PadV2 and Slice in height and width, the stock kernels elsewhere', () => {
  const x = (shape: number[]) => tf.tensor(values(shape.reduce((a, b) => a * b), 51), shape);
  const cases: [string, () => tf.Tensor[]][] = [
    ['pad 1 all round (a 3x3 same conv made explicit), and its gradient', () => {
      const a = x([2, 7, 7, 5]);
      const dy = x([2, 9, 9, 5]);
      const [g] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]]), dy)))([a]);
      return [tf.pad(a, [[0, 0], [1, 1], [1, 1], [0, 0]]), g!];
    }],
    ['asymmetric pad with -Infinity (ceil-mode max pooling)', () => [tf.pad(x([1, 5, 6, 3]), [[0, 0], [0, 2], [3, 0], [0, 0]], -Infinity)]],
    ['pad on channels and batch too (stock)', () => [tf.pad(x([2, 3, 3, 2]), [[1, 0], [1, 1], [0, 1], [0, 2]], 0.5)]],
    ['pad of a rank-2 tensor (stock)', () => [tf.pad(x([3, 4]), [[1, 2], [0, 1]])]],
    ['slice a window in height and width, and its gradient', () => {
      const a = x([2, 9, 8, 3]);
      const dy = x([2, 5, 4, 3]);
      const [g] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.slice(t, [0, 2, 3, 0], [-1, 5, 4, -1]), dy)))([a]);
      return [tf.slice(a, [0, 2, 3, 0], [2, 5, 4, 3]), g!];
    }],
    ['slice on channels (stock)', () => [tf.slice(x([2, 4, 4, 6]), [0, 1, 1, 2], [1, 2, 2, 3])]],
    ['slice of a rank-3 tensor (stock)', () => [tf.slice(x([4, 5, 6]), [1, 0, 2], [2, 5, 3])]],
  ];
  it.each(cases)('matches the cpu backend: %s', async (_n, f) => {
    const { wasm, cpu, leaked } = await onWasmAndCpu(() => tf.tidy(f));
    expect(leaked).toBe(0);
    expect(worstRelError(wasm, cpu)).toBe(0);
  });
});

describe('batch norm in training', () => {
  const shapes: [string, number[]][] = [
    ['ResNet activation [4, 7, 7, 16]', [4, 7, 7, 16]],
    ['odd channel count [3, 5, 5, 6]', [3, 5, 5, 6]],
    ['one channel [2, 9, 9, 1]', [2, 9, 9, 1]],
    ['33 channels, many pixels [8, 12, 12, 33]', [8, 12, 12, 33]],
    ['after a dense layer [16, 10]', [16, 10]],
    ['batch 1 [1, 6, 6, 8]', [1, 6, 6, 8]],
  ];

  /** y, mean, variance and the gradients of sum(y * dy) in x, gamma and beta. */
  const forwardAndGrads = (shape: number[]) => () =>
    tf.tidy(() => {
      const c = shape[shape.length - 1]!;
      const size = shape.reduce((a, b) => a * b);
      // An offset and a scale per element, so the statistics are not those of [-1, 1) noise.
      const x = tf.add(tf.mul(tf.tensor(values(size, 11), shape), 3), 0.5);
      const gamma = tf.tensor1d(values(c, 12)).add(1.2) as tf.Tensor1D;
      const beta = tf.tensor1d(values(c, 13));
      const dy = tf.tensor(values(size, 14), shape);
      const { y, mean, variance } = batchNormTraining(x, gamma, beta, 1e-3);
      const stats = [tf.clone(mean), tf.clone(variance)];
      tf.dispose([mean, variance]);
      const [dx, dg, db] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const r = batchNormTraining(a, g as tf.Tensor1D, b as tf.Tensor1D, 1e-3);
        tf.dispose([r.mean, r.variance]);
        return tf.sum(tf.mul(r.y, dy));
      })([x, gamma, beta]);
      return [y, ...stats, dx!, dg!, db!];
    });

  /** The same through TF.js's own moments + batchNorm, differentiated op by op (the reference). */
  const stockForwardAndGrads = (shape: number[]) => () =>
    tf.tidy(() => {
      const c = shape[shape.length - 1]!;
      const size = shape.reduce((a, b) => a * b);
      const axes = shape.slice(0, -1).map((_, i) => i);
      const x = tf.add(tf.mul(tf.tensor(values(size, 11), shape), 3), 0.5);
      const gamma = tf.tensor1d(values(c, 12)).add(1.2) as tf.Tensor1D;
      const beta = tf.tensor1d(values(c, 13));
      const dy = tf.tensor(values(size, 14), shape);
      const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(a, axes);
        return tf.batchNorm(a, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3);
      };
      const { mean, variance } = tf.moments(x, axes);
      const [dx, dg, db] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, g, b), dy)))([x, gamma, beta]);
      return [f(x, gamma, beta), mean, variance, dx!, dg!, db!];
    });

  it.each(shapes)('own kernels on wasm match TF.js op by op on cpu: %s', async (_n, shape) => {
    const own = await onWasmAndCpu(forwardAndGrads(shape));
    const stock = await onWasmAndCpu(stockForwardAndGrads(shape));
    expect(own.leaked).toBe(0);
    // own kernels (wasm) vs the stock formulation (cpu), and the closed form as tf ops (cpu) vs the same
    expect(worstRelError(own.wasm, stock.cpu)).toBeLessThan(2e-4);
    expect(worstRelError(own.cpu, stock.cpu)).toBeLessThan(2e-4);
  });

  it('the layer trains like TF.js BatchNormalization: output, gradients and moving statistics after 3 steps', async () => {
    const shape = [8, 6, 6, 12];
    const run = (make: () => tf.layers.Layer) => () =>
      tf.tidy(() => {
        const layer = make();
        const x = tf.add(tf.mul(tf.tensor(values(shape.reduce((a, b) => a * b), 21), shape), 2), 1);
        layer.build(shape);
        let out: tf.Tensor | undefined;
        let grads!: tf.Tensor[];
        for (let s = 0; s < 3; s++) {
          const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
          const { value, grads: g } = tf.variableGrads(() => {
            out?.dispose();
            out = tf.keep(layer.apply(tf.mul(x, s + 1), { training: true }) as tf.Tensor);
            return tf.sum(tf.square(tf.sub(out, 0.3))) as tf.Scalar;
          }, vars);
          grads = vars.map((v) => g[v.name]!);
          value.dispose();
        }
        const inference = layer.apply(x, { training: false }) as tf.Tensor;
        const weights = layer.getWeights().map((w) => tf.clone(w));
        layer.weights.forEach((w) => w.dispose());
        return [out!, ...grads, ...weights, inference];
      });
    const args = { axis: -1, epsilon: 1e-3, momentum: 0.9 };
    const own = await onWasmAndCpu(run(() => new TrainingBatchNorm(args)));
    const stock = await onWasmAndCpu(run(() => tf.layers.batchNormalization(args)));
    expect(own.wasm).toHaveLength(1 + 2 + 4 + 1); // output, dgamma and dbeta, 4 weights, inference output
    expect(own.leaked).toBe(0);
    expect(worstRelError(own.wasm, stock.cpu)).toBeLessThan(2e-4);
  });

  it('saves as a plain BatchNormalization layer', () => {
    const layer = new TrainingBatchNorm({ axis: -1 });
    expect(layer.getClassName()).toBe('BatchNormalization');
  });
});

describe('fused Adam', () => {
  /** Five steps on three variables (one with an odd size, one without a gradient in step 3), then the state. */
  const run = (make: () => tf.Optimizer) => () =>
    tf.tidy(() => {
      const opt = make();
      const vars = [tf.variable(tf.tensor(values(37, 71), [37])), tf.variable(tf.tensor(values(12, 72), [3, 4])), tf.variable(tf.tensor(values(5, 73), [5]))];
      for (let step = 0; step < 5; step++) {
        const grads: tf.NamedTensorMap = {};
        vars.forEach((v, k) => {
          if (!(step === 3 && k === 2)) grads[v.name] = tf.mul(tf.tensor(values(v.size, 80 + step * 3 + k), v.shape), step + 1);
        });
        opt.applyGradients(grads);
      }
      const out = vars.map((v) => tf.clone(v));
      tf.dispose(vars);
      opt.dispose();
      return out;
    });

  it('gives TF.js Adam\'s weights, bit for bit on wasm and to float32 rounding against the cpu backend', async () => {
    const fused = await onWasmAndCpu(run(() => new FusedAdam(0.01)));
    const stock = await onWasmAndCpu(run(() => tf.train.adam(0.01)));
    expect(fused.leaked).toBe(0);
    expect(worstRelError(fused.wasm, stock.wasm)).toBe(0);
    expect(worstRelError(fused.wasm, stock.cpu)).toBeLessThan(1e-6);
  });

  it('keeps the state TF.js Adam keeps: a checkpoint moves between the two', async () => {
    const a = new FusedAdam(0.01);
    const b = tf.train.adam(0.01);
    const w1 = tf.variable(tf.tensor(values(9, 91), [9]));
    const w2 = tf.variable(tf.tensor(values(9, 91), [9]));
    for (let k = 0; k < 3; k++) {
      tf.tidy(() => a.applyGradients([{ name: w1.name, tensor: tf.tensor(values(9, 92 + k), [9]) }]));
      tf.tidy(() => b.applyGradients([{ name: w2.name, tensor: tf.tensor(values(9, 92 + k), [9]) }]));
    }
    const [sa, sb] = [await a.getWeights(), await b.getWeights()];
    expect(sa.map((w) => w.name.replace(w1.name, 'w'))).toEqual(sb.map((w) => w.name.replace(w2.name, 'w')));
    sa.forEach((w, k) => expect(Array.from(w.tensor.dataSync())).toEqual(Array.from(sb[k]!.tensor.dataSync())));
    tf.dispose([w1, w2, sa[0]!.tensor, sb[0]!.tensor]);
    a.dispose();
    b.dispose();
  });
});

describe('atlas.wasm', () => {
  it('is what scripts/build-wasm.sh builds from atlas.c (rebuild with npm run build:wasm)', () => {
    const committed = readFileSync(WASM);
    const r = spawnSync('bash', ['scripts/build-wasm.sh', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${committed.length} bytes`);
  });
});
