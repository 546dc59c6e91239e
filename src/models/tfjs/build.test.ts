import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpecBuilder } from '../builder';
import { analyze, trainingMemory } from '../analyze';
import { pad } from '../spec';
import { ZOO } from '../zoo';
import { BuildError, buildModel, tfjsOutputShape, tfjsParamCounts } from './build';
import { GroupedConv2D, LocalResponseNorm, PaddedPool2D } from './customLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('every zoo network agrees with the real TF.js model', () => {
  it.each(ZOO.map((z) => [z.id, z] as const))('%s', (_id, entry) => {
    const before = tf.memory().numTensors;
    const built = buildModel(entry.build(), { init: 'zeros' });
    const t = built.analysis.totals;
    const counts = tfjsParamCounts(built.model);
    expect(counts.total).toBe(t.params);
    expect(counts.trainable).toBe(t.trainableParams);
    expect(counts.nonTrainable).toBe(t.nonTrainableParams);
    for (const layer of built.analysis.layers) {
      expect(tfjsOutputShape(built, layer.id), layer.id).toEqual(layer.outputShape);
    }
    built.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('frozen layers (trainable: false)', () => {
  it('the engine counts what TF.js leaves out of the trainable weights, and the training memory drops their gradients and state', () => {
    const zoo = ZOO.find((z) => z.id === 'resnet-mini')!.build();
    const frozenIds = new Set(zoo.nodes.filter((n) => n.kind === 'conv2d' || n.kind === 'batchNorm').slice(0, 4).map((n) => n.id));
    const spec = { ...zoo, nodes: zoo.nodes.map((n) => (frozenIds.has(n.id) ? { ...n, trainable: false } : n)) };
    const built = buildModel(spec, { init: 'zeros' });
    const t = built.analysis.totals;
    const counts = tfjsParamCounts(built.model);
    const frozenLayers = built.analysis.layers.filter((l) => frozenIds.has(l.id));
    expect(t.frozenParams).toBe(frozenLayers.reduce((a, l) => a + l.trainableParams, 0));
    expect(t.frozenParams).toBeGreaterThan(100);
    expect(counts.total).toBe(t.params);
    expect(counts.trainable).toBe(t.trainableParams - t.frozenParams);
    expect(counts.nonTrainable).toBe(t.nonTrainableParams + t.frozenParams);
    const before = trainingMemory(analyze(zoo), 32, 'adam');
    const after = trainingMemory(built.analysis, 32, 'adam');
    expect(before.gradients - after.gradients).toBe(t.frozenParams * 4);
    expect(before.optimizerState - after.optimizerState).toBe(t.frozenParams * 2 * 4);
    expect(after.weights).toBe(before.weights);
    built.model.dispose();
  });
});

describe('custom layers compute what PyTorch would', () => {
  const grid = (h: number, w: number) => tf.tensor4d(Array.from({ length: h * w }, (_, i) => i + 1), [1, h, w, 1]);

  it('max pool in ceil mode keeps the partial last window (3x3/2 on 4x4 -> 2x2)', () => {
    const y = tf.tidy(() => new PaddedPool2D({ mode: 'max', poolSize: [3, 3], strides: [2, 2], pads: [0, 0, 0, 0], outSize: [2, 2] }).apply(grid(4, 4)) as tf.Tensor);
    // windows rows/cols {0..2} and {2..3}: torch.nn.MaxPool2d(3, 2, ceil_mode=True) gives [[11, 12], [15, 16]]
    expect(Array.from(y.dataSync())).toEqual([11, 12, 15, 16]);
    y.dispose();
  });

  it('max pool with padding 1 pads with -infinity, not zeros', () => {
    const x = tf.neg(grid(2, 2));
    const y = new PaddedPool2D({ mode: 'max', poolSize: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], outSize: [2, 2] }).apply(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([-1, -1, -1, -1]);
    tf.dispose([x, y]);
  });

  it('average pool counts explicit padding but not the ceil overhang (count_include_pad)', () => {
    const x = tf.ones([1, 4, 4, 1]);
    // torch.nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)(ones(4x4)) -> 3x3. Per axis, a window holds
    // (input cells / divisor) = 2/3, 3/3 and 1/2: the last window is cut at the padding's edge.
    const y = new PaddedPool2D({ mode: 'avg', poolSize: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], outSize: [3, 3] }).apply(x) as tf.Tensor;
    const axis = [2 / 3, 1, 1 / 2];
    const expected = axis.flatMap((r) => axis.map((c) => r * c));
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    tf.dispose([x, y]);
  });

  it('grouped convolution equals separate convolutions on each half', () => {
    const layer = new GroupedConv2D({ filters: 4, kernelSize: [3, 3], strides: [1, 1], dilationRate: [1, 1], groups: 2, useBias: false, padding: 'same', activation: 'linear' });
    const x = tf.randomNormal([1, 5, 5, 4], 0, 1, 'float32', 7);
    const y = layer.apply(x) as tf.Tensor4D;
    const k = layer.getWeights()[0] as tf.Tensor4D;
    const [x0, x1] = tf.split(x, 2, 3) as tf.Tensor4D[];
    const [k0, k1] = tf.split(k, 2, 3) as tf.Tensor4D[];
    const ref = tf.concat([tf.conv2d(x0!, k0!, 1, 'same'), tf.conv2d(x1!, k1!, 1, 'same')], 3);
    expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBeLessThan(1e-5);
    expect(k.shape).toEqual([3, 3, 2, 4]);
    tf.dispose([x, y, ref, x0!, x1!, k0!, k1!]);
    layer.dispose();
  });

  it('LRN follows the paper: a / (k + alpha/n * sum a^2)^beta over n channels', () => {
    const x = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
    const y = new LocalResponseNorm({ size: 3, alpha: 3, beta: 1, k: 1 }).apply(x) as tf.Tensor;
    const expected = [1 / (1 + (1 + 4)), 2 / (1 + (1 + 4 + 9)), 3 / (1 + (4 + 9))];
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    tf.dispose([x, y]);
  });

  it('a network with grouped, padded and ceil-mode layers runs forward with the shapes the engine predicts', () => {
    const b = new SpecBuilder('mixed', [17, 17, 4]);
    b.conv('g', 8, 3, { groups: 2, padding: pad(1), act: 'relu' });
    b.avgPool('ap', 3, { stride: 2, padding: pad(1), ceil: true });
    b.lrn('n', 5, 1e-4, 0.75, 2);
    b.maxPool('mp', 2, { stride: 2, ceil: true });
    const built = buildModel(b.build());
    const y = built.model.predict(tf.ones([2, 17, 17, 4])) as tf.Tensor;
    expect(y.shape).toEqual([2, ...built.analysis.layers.at(-1)!.outputShape!]);
    expect(y.shape).toEqual([2, 5, 5, 8]);
    y.dispose();
    built.model.dispose();
  });
});

describe('specs TF.js cannot build are refused with the reason', () => {
  it('engine errors', () => {
    const b = new SpecBuilder('t', [3, 3, 1]);
    b.conv('c5', 6, 5);
    expect(() => buildModel(b.build())).toThrow(BuildError);
    expect(() => buildModel(b.build())).toThrow("conv 'c5': a 5x5 kernel does not fit the 3x3 input");
  });

  it('stride and dilation together', () => {
    const b = new SpecBuilder('t', [32, 32, 1]);
    b.conv('sd', 6, 3, { stride: 2, dilation: 2 });
    expect(() => buildModel(b.build())).toThrow("conv 'sd': TF.js cannot combine a stride and a dilation above 1");
  });

  it('a dilated depthwise convolution is refused, not built wrong', () => {
    // TF.js 4.22's DepthwiseConv2D layer drops its dilation rate: a 3x3 kernel at dilation 2 gives 14x14 from 16x16,
    // where the engine (and PyTorch) give 12x12.
    const b = new SpecBuilder('t', [16, 16, 4]);
    b.add({ id: 'dw', kind: 'depthwiseConv2d', kernel: 3, dilation: 2 });
    expect(() => buildModel(b.build())).toThrow("depthwise conv 'dw': TF.js's depthwise convolution layer ignores dilation");
    const plain = new SpecBuilder('t', [16, 16, 4]);
    plain.add({ id: 'dw', kind: 'depthwiseConv2d', kernel: 3 });
    expect(buildModel(plain.build()).model.outputs[0]!.shape).toEqual([null, 14, 14, 4]);
  });
});
