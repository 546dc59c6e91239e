/**
 * The engine's receptive fields against an empirical oracle: the real TF.js model of the same spec, every weight
 * positive (kernels 1 / fan-in, biases and batch-norm shifts 0, batch norm the identity) and every max pool an average
 * pool of the same geometry, so nothing cancels and nothing is selected away. The input pixels whose gradient is not
 * zero for one output position (summed over its channels: a concat's 1x1-branch channels see less than its 3x3 ones,
 * and the engine gives the largest) are exactly its receptive field, clipped to the image where it spills over.
 * Networks are narrowed (fewer filters; the field does not depend on them) so the CPU backend runs them in seconds.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { SpecBuilder } from '../builder';
import { pad, withInputShape, type NetworkSpec } from '../spec';
import { zooSpec } from '../zoo';
import { buildModel } from './build';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Box = { rows: [number, number]; cols: [number, number] };

/** The same network with every convolution and option-A shortcut `by` times narrower (at least 2 channels). */
function narrow(spec: NetworkSpec, by: number): NetworkSpec {
  const c = (n: number) => Math.max(2, Math.ceil(n / by));
  return {
    ...spec,
    nodes: spec.nodes.map((n) => (n.kind === 'conv2d' ? { ...n, filters: c(n.filters) } : n.kind === 'shortcutPad' ? { ...n, channels: c(n.channels) } : n)),
  };
}

/** The spec computing `outputs`, max pools measured as average pools of the same geometry. */
function probeSpec(spec: NetworkSpec, outputs: string[]): NetworkSpec {
  return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'maxPool2d' ? { ...n, kind: 'avgPool2d' as const } : n)), outputs };
}

/** Builds the model and sets every weight positive: kernels 1 / fan-in, biases 0, batch norm the identity. */
function positiveModel(spec: NetworkSpec): tf.LayersModel {
  const built = buildModel(spec, { init: 'zeros' });
  for (const layer of built.model.layers) {
    const values = layer.weights.map((w) => {
      const name = w.originalName;
      if (/(gamma|moving_variance)$/.test(name)) return tf.ones(w.shape as number[]);
      if (/(beta|moving_mean|bias)$/.test(name)) return tf.zeros(w.shape as number[]);
      const fanIn = (w.shape as number[]).slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.fill(w.shape as number[], 1 / fanIn);
    });
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
  return built.model;
}

/** Rows and columns of the non-zero entries of an H x W map (the bounding box). */
function nonZeroBox(map: Float32Array | Int32Array | Uint8Array, h: number, w: number): Box {
  const rows: [number, number] = [Infinity, -Infinity];
  const cols: [number, number] = [Infinity, -Infinity];
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (map[r * w + c]! === 0) continue;
      rows[0] = Math.min(rows[0], r);
      rows[1] = Math.max(rows[1], r);
      cols[0] = Math.min(cols[0], c);
      cols[1] = Math.max(cols[1], c);
    }
  }
  return { rows, cols };
}

/** The input pixels the values at `at` (row, col; all channels) of output `k` depend on, by their gradient. */
function gradientBox(model: tf.LayersModel, k: number, at: [number, number] | null): Box {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const [h, w] = [shape[0]!, shape[1]!];
  const map = tf.tidy(() => {
    const x = tf.ones([1, ...shape]);
    const value = (input: tf.Tensor) => {
      const outs = model.apply(input) as tf.Tensor | tf.Tensor[];
      const y = Array.isArray(outs) ? outs[k]! : outs;
      return (at ? y.slice([0, at[0], at[1], 0], [1, 1, 1, -1]) : y.slice([0, 0], [1, 1])).sum();
    };
    return tf.grad(value)(x).abs().sum(-1);
  });
  const data = map.dataSync() as Float32Array;
  map.dispose();
  return nonZeroBox(data, h, w);
}

/** What the engine says the same value sees, clipped to the H x W input. */
function engineBox(spec: NetworkSpec, id: string, at: [number, number] | null): Box {
  const a = analyze(spec);
  const f = a.layers.find((l) => l.id === id)!.receptiveField!;
  const [h, w] = spec.inputs[0]!.shape as [number, number];
  if (f.kind === 'global') return { rows: [f.rows.from, f.rows.to], cols: [f.cols.from, f.cols.to] };
  const side = (ax: typeof f.rows, i: number, n: number): [number, number] => {
    const c = ax.start + i * ax.jump;
    return [Math.max(0, c - (ax.size - 1) / 2), Math.min(n - 1, c + (ax.size - 1) / 2)];
  };
  return { rows: side(f.rows, at![0], h), cols: side(f.cols, at![1], w) };
}

/**
 * Checks each layer at its central output position, or at `at` where given (chosen so the field fits the input
 * on at least one side); vector outputs at their first value.
 */
function expectOracle(spec: NetworkSpec, layers: (string | [string, [number, number]])[]) {
  const before = tf.memory().numTensors;
  const ids = layers.map((l) => (typeof l === 'string' ? l : l[0]));
  const probe = probeSpec(spec, ids);
  const shapes = new Map(analyze(probe).layers.map((l) => [l.id, l.outputShape!]));
  const model = positiveModel(probe);
  layers.forEach((l, k) => {
    const id = ids[k]!;
    const shape = shapes.get(id)!;
    const at = typeof l !== 'string' ? l[1] : shape.length === 3 ? ([Math.floor(shape[0]! / 2), Math.floor(shape[1]! / 2)] as [number, number]) : null;
    expect(gradientBox(model, k, at), `${id} at ${at ? at.join(',') : 'unit 0'}`).toEqual(engineBox(probe, id, at));
  });
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

describe('receptive fields equal the non-zero input gradient of the real TF.js model', () => {
  it('LeNet-5: every layer, the dense ones seeing the whole 32x32 input', () => {
    expectOracle(zooSpec('lenet5')!, ['c1', 's2', 'c3', 's4', 's4.sigmoid', 'c5', 'output']);
  });

  it("a VGG-style stack: 'same' 3x3 convolutions and 2x2/2 max pools, odd sizes where 'same' pads unevenly", () => {
    const b = new SpecBuilder('VGG-style', [37, 37, 3]);
    b.conv('conv1_1', 8, 3, { padding: 'same', act: 'relu' });
    b.conv('conv1_2', 8, 3, { padding: 'same', act: 'relu' });
    b.maxPool('pool1', 2);
    b.conv('conv2_1', 16, 3, { padding: 'same', act: 'relu' });
    b.conv('conv2_2', 16, 3, { stride: 2, padding: 'same', act: 'relu' });
    b.maxPool('pool2', 3, { stride: 2, padding: 'same' });
    b.conv('conv3_1', 16, [3, 5], { padding: { top: 2, bottom: 0, left: 1, right: 3 }, act: 'relu' });
    expectOracle(b.build(), ['conv1_2', 'pool1', 'conv2_2', 'pool2', ['conv3_1', [1, 2]]]);
  });

  it('ResNet-18 at 64x64: explicit padding, a padded max pool, projection shortcuts (max over paths at each add)', () => {
    const spec = narrow(withInputShape(zooSpec('resnet18')!, [64, 64, 3]), 16);
    expectOracle(spec, ['maxpool', 'layer1.1.add', ['layer2.0.add', [0, 7]], ['layer2.1.add', [1, 0]], 'avgpool']);
  });

  it('global pooling after a valid strided window reads only the pixels some window reached', () => {
    const b = new SpecBuilder('misses', [32, 32, 1]);
    b.conv('c', 2, 5, { stride: 2, act: 'relu' });
    b.gap('gap');
    b.dense('fc', 3);
    expectOracle(b.build(), ['gap', 'fc']);
  });

  it("the CIFAR ResNet-20: option-A shortcuts (x[::2, ::2], zero channels) beside the strided 3x3", () => {
    expectOracle(narrow(zooSpec('cifar-resnet20')!, 8), ['layer1.2.add', 'layer2.0.add', ['layer2.0.shortcut', [3, 3]], ['layer3.0.add', [0, 0]]]);
  });

  it('GoogLeNet at 64x64 and the naive module: branches of different kernels meet in concat (the largest wins)', () => {
    const g = narrow(withInputShape(zooSpec('googlenet')!, [64, 64, 3]), 16);
    expectOracle(g, ['maxpool1', 'maxpool2', ['inception3a.concat', [4, 4]], ['inception3b.concat', [3, 3]]]);
    const naive = withInputShape(zooSpec('inception-naive')!, [16, 16, 4]);
    expect(analyze(naive).layers.find((l) => l.id === 'concat')!.receptiveField).toMatchObject({ rows: { size: 5 }, cols: { size: 5 } });
    expectOracle(naive, ['branch1x1', 'branch3x3', 'branch5x5', 'branch_pool.pool', 'concat']);
  });

  it('a depthwise convolution and a zero padding layer', () => {
    const b = new SpecBuilder('depthwise', [20, 20, 2]);
    b.zeroPad('pad', { top: 3, bottom: 0, left: 0, right: 2 });
    b.add({ id: 'dw', kind: 'depthwiseConv2d', kernel: [5, 3], stride: 2, padding: 'same', depthMultiplier: 2 });
    b.conv('pw', 4, 1, { act: 'relu' });
    expectOracle(b.build(), [['pad', [5, 2]], 'dw', ['pw', [1, 9]]]);
  });

  it('branches that step through the input at different jumps: the union of their fields, which moves with the position', () => {
    const b = new SpecBuilder('misaligned', [14, 14, 1]);
    const a = b.conv('strided', 2, 3, { stride: 2, padding: 'same', from: 'input' });
    const c = b.conv('wide', 2, 8, { from: 'input' });
    b.concat('concat', [a, c]);
    const spec = b.build();
    // Output i sees [2i, 2i + 2] through the strided branch ('same' pads one row below) and [i, i + 7] through the wide one.
    const f = analyze(spec).layers.find((l) => l.id === 'concat')!.receptiveField!;
    expect(f).toMatchObject({ kind: 'local', aligned: false, rows: { size: 9, jump: 2, start: 3.5 }, cols: { size: 9, jump: 2, start: 3.5 } });
    const model = positiveModel(probeSpec(spec, ['concat']));
    const boxes = [0, 3, 6].map((i) => gradientBox(model, 0, [i, i]));
    model.dispose();
    expect(boxes[0]).toEqual({ rows: [0, 7], cols: [0, 7] });
    expect(boxes[1]).toEqual({ rows: [3, 10], cols: [3, 10] });
    // The last output's union is [6, 14], 9 pixels: the engine's size; row 14 is the strided branch's bottom padding.
    expect(boxes[2]).toEqual({ rows: [6, 13], cols: [6, 13] });
  });
});

describe('dilated convolutions, measured by impulses (TF.js has no gradient for dilation above 1)', () => {
  it('two dilated convs, one non-square: each output responds to exactly the pixels of its field', () => {
    const b = new SpecBuilder('dilated', [15, 15, 1]);
    b.conv('d2', 2, 3, { dilation: 2, padding: 'same', act: 'relu' });
    b.conv('d13', 2, 3, { dilation: [1, 3], padding: pad(1) });
    const spec = probeSpec(b.build(), ['d13']);
    const model = positiveModel(spec);
    const [h, w] = [15, 15];
    const at: [number, number] = [7, 7];
    // One image per input pixel, that pixel 1 and the rest 0: the network is linear and positive on such inputs.
    const response = tf.tidy(() => {
      const impulses = tf.oneHot(tf.range(0, h * w, 1, 'int32'), h * w).reshape([h * w, h, w, 1]);
      const y = model.predict(impulses) as tf.Tensor;
      return y.slice([0, at[0], at[1], 0], [h * w, 1, 1, -1]).sum([1, 2, 3]);
    });
    const data = response.dataSync() as Float32Array;
    response.dispose();
    model.dispose();
    expect(nonZeroBox(data, h, w)).toEqual(engineBox(spec, 'd13', at));
    expect(analyze(spec).layers.find((l) => l.id === 'd13')!.receptiveField).toMatchObject({ rows: { size: 7 }, cols: { size: 11 } });
  });
});
