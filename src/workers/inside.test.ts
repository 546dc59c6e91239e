/**
 * The inside view computed by the prediction worker's code (wasm, in-process): layer outputs of the shipped
 * LeNet-5 and ResNet-mini for a real digit, convolution outputs worked out to the layer's value (valid, same and
 * explicit padding), receptive fields, Grad-CAM against TF.js's own graph, and no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from '../cli/decodeImage';
import { readModelFiles } from '../cli/nodeData';
import { boxSize, fieldsOfProbe, gridOnInput, workOut } from '../predict/inside';
import { digitInput } from '../predict/pipeline';
import { preprocess } from '../predict/preprocess';
import { splitAt } from '../training/transferModels';
import { insideOf } from './inside';
import { startWasmInNode } from './nodeBackend';
import type { InsideLayer, InsideResult } from './predictProtocol';
import { modelFromFiles, Predictor } from './predictor';

/** The network's input for a sample digit, as the Predict screen prepares it. */
function digit(file: string, shape: readonly (number | null)[]): Float32Array {
  const d = decodeImageFile(new Uint8Array(readFileSync(`public/sample-images/mnist/${file}`)), file);
  if (!d.ok) throw new Error(d.message);
  const r = digitInput(preprocess(d.image, 'mnist').image, shape, 'single');
  if (!r.ok) throw new Error(r.message);
  return r.input.data;
}

/** A layer's output at (y, x, channel) from the values the worker sent (maps channel after channel). */
const at = (l: InsideLayer, y: number, x: number, c: number) => l.values![(c * l.shape[0]! + y) * l.shape[1]! + x]!;
const layer = (r: InsideResult, name: string) => r.layers.find((l) => l.name === name)!;

const shipped = async (id: string) => {
  const { modelJson, files } = readModelFiles(`public/models/${id}/model.json`);
  const p = new Predictor();
  await p.load(id, modelJson, 'model.json', files);
  return { p, modelJson, files };
};

beforeAll(async () => {
  await startWasmInNode();
});

describe('inside the shipped LeNet-5, for a sample 7', () => {
  it('every layer in running order with its shape; 6 maps after c1; the answer is 7; no tensor left', async () => {
    const { p } = await shipped('lenet5-mnist');
    const x = digit('digit-7-0.png', [32, 32, 1]);
    const before = tf.memory().numTensors;
    const r = await p.inside('lenet5-mnist', x.slice(), [32, 32, 1], { probe: null, camClass: null });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.layers.map((l) => [l.name, l.shape.join('x')])).toEqual([
      ['input', '32x32x1'],
      ['c1', '28x28x6'],
      ['s2', '14x14x6'],
      ['c3', '10x10x16'],
      ['s4', '5x5x16'],
      ['flatten', '400'],
      ['c5', '120'],
      ['f6', '84'],
      ['output', '10'],
    ]);
    expect(r.layers.map((l) => l.maps)).toEqual([1, 6, 6, 16, 16, 0, 0, 0, 0]);
    for (const l of r.layers) expect(l.values!.length).toBe(l.shape.length === 3 ? l.shape[0]! * l.shape[1]! * l.maps : l.shape[0]);
    expect(layer(r, 'c1').what).toBe('5x5 conv, 6 filters, stride 1, valid, relu');
    // The input comes back as it went in, and the output is the prediction.
    expect([...layer(r, 'input').values!]).toEqual([...x]);
    const out = [...layer(r, 'output').values!];
    expect(out.indexOf(Math.max(...out))).toBe(7);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // The first convolution's filters: six 5x5 on one channel, with their biases.
    expect(r.filters).toMatchObject({ layer: 'c1', kernelSize: [5, 5], channels: 1, count: 6 });
    expect(r.filters!.weights.length).toBe(150);
    // Grad-CAM at the last convolution (c3, 10x10), for the predicted class.
    expect(r.cam).toMatchObject({ layer: 'c3', classIndex: 7, target: 'score', height: 10, width: 10 });
    p.dispose();
  });

  it('a clicked output of c1 and of c3: the patch times the kernel, plus bias, through ReLU, is the layer value', async () => {
    const { p } = await shipped('lenet5-mnist');
    const x = digit('digit-7-0.png', [32, 32, 1]);
    const base = await p.inside('lenet5-mnist', x.slice(), [32, 32, 1], { probe: null, camClass: null });
    let nonZero = 0;
    for (const probe of [
      { layer: 'c1', y: 12, x: 14, channel: 0 },
      { layer: 'c1', y: 0, x: 27, channel: 5 },
      { layer: 'c3', y: 4, x: 5, channel: 9 },
      { layer: 'c3', y: 9, x: 0, channel: 15 },
    ]) {
      const before = tf.memory().numTensors;
      const r = await p.inside('lenet5-mnist', x.slice(), [32, 32, 1], { probe, camClass: null });
      expect(tf.memory().numTensors).toBe(before);
      const w = r.worked!;
      expect(w.probe).toEqual(probe);
      expect(w.value).toBe(at(layer(base, probe.layer), probe.y, probe.x, probe.channel));
      const o = workOut(w);
      expect(o.matches).toBe(true);
      expect(o.activated).toBeCloseTo(w.value, 5);
      expect(o.paddedTaps).toBe(0);
      if (w.value > 0) nonZero++;
      // The patch is the input of the layer under the window (valid padding: origin = the position).
      const prev = layer(base, w.inputLayer);
      expect(w.origin).toEqual([probe.y, probe.x]);
      expect(w.patch[(2 * 5 + 3) * w.channels + w.channels - 1]).toBe(at(prev, probe.y + 2, probe.x + 3, w.channels - 1));
      const fields = fieldsOfProbe(base.layers, probe);
      expect(boxSize(fields.get(w.inputLayer)!)).toEqual([5, 5]);
      // On the input: c1 sees 5x5; c3 sees 5x5 of s2, which is 10x10 of c1, which is 14x14 of the input.
      expect(boxSize(fields.get('input')!)).toEqual(probe.layer === 'c1' ? [5, 5] : [14, 14]);
    }
    expect(nonZero).toBeGreaterThan(0);
    expect(base.layers.find((l) => l.name === 'c1')!.inputs).toEqual(['input']);
    p.dispose();
  });

  it("Grad-CAM equals TF.js's own graph: the gradient of the class's logit at c3, averaged per map, weighting the maps", async () => {
    const { p, modelJson, files } = await shipped('lenet5-mnist');
    const x = digit('digit-7-0.png', [32, 32, 1]);
    const r = await p.inside('lenet5-mnist', x.slice(), [32, 32, 1], { probe: null, camClass: 3 });
    const cam = r.cam as Extract<InsideResult['cam'], { map: Float32Array }>;
    expect(cam.classIndex).toBe(3);
    // The same model with a linear output gives the logits; TF.js's model graph (not the layer-by-layer run) computes the gradient.
    const linear = await modelFromFiles(modelJson.replace('"activation":"softmax"', '"activation":"linear"'), 'model.json', files);
    const { backbone, head } = splitAt(linear, 'c3');
    const want = tf.tidy(() => {
      const a = backbone.predict(tf.tensor4d(x, [1, 32, 32, 1])) as tf.Tensor;
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.slice(head.apply(t) as tf.Tensor, [0, 3], [1, 1])))(a);
      return tf.relu(tf.sum(tf.mul(a, tf.mean(g, [1, 2], true)), 3)).dataSync();
    });
    expect(Math.max(...want)).toBeGreaterThan(0);
    for (let i = 0; i < want.length; i++) expect(cam.map[i]).toBeCloseTo(want[i]!, 5);
    // The 10x10 grid sits on the input at its receptive fields' centres: 14x14 fields 2 px apart, the first centred at 6.5.
    expect(gridOnInput(r.layers, 'c3')).toEqual({ centre: [6.5, 6.5], step: [2, 2] });
    linear.dispose();
    p.dispose();
  });
});

describe('inside other models', () => {
  it('ResNet-mini: every layer, explicit zero padding worked out and traced, Grad-CAM after the last block', async () => {
    const { p } = await shipped('resnet-mini-fashion');
    const x = digit('digit-3-18.png', [28, 28, 1]);
    const before = tf.memory().numTensors;
    const probe = { layer: 'conv1', y: 0, x: 0, channel: 4 };
    const r = await p.inside('resnet-mini-fashion', x.slice(), [28, 28, 1], { probe, camClass: null });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.layers).toHaveLength(28);
    expect(r.filters).toMatchObject({ layer: 'conv1', kernelSize: [3, 3], channels: 1, count: 24 });
    expect(r.cam).toMatchObject({ layer: 'layer2.0.add', height: 7, width: 7 });
    // conv1 reads its ZeroPadding2D: the corner's window lies on the padding's zeros there, and on the input's rows -1..1.
    expect(r.worked!.inputLayer).toBe('conv1/pad');
    expect(workOut(r.worked!).matches).toBe(true);
    expect(fieldsOfProbe(r.layers, probe).get('input')).toEqual({ y0: -1, y1: 1, x0: -1, x1: 1 });
    // Inside the picture, and a convolution reading 24 channels (bias-free, before batch norm): non-zero sums that match.
    for (const q of [
      { layer: 'conv1', y: 14, x: 14, channel: 4 },
      { layer: 'layer1.0.conv1', y: 7, x: 6, channel: 11 },
    ]) {
      const w = (await p.inside('resnet-mini-fashion', x.slice(), [28, 28, 1], { probe: q, camClass: null })).worked!;
      expect(w.value).not.toBe(0);
      expect(w.bias).toBeNull();
      expect(workOut(w).matches).toBe(true);
    }
    // The shortcut and the main path meet at the add: the field is the union (the 3x3 pair's, wider than the 1x1's).
    const f = fieldsOfProbe(r.layers, { layer: 'layer2.0.add', y: 3, x: 3, channel: 0 });
    expect(f.get('layer1.0.add')).toEqual({ y0: 3, y1: 9, x0: 3, x1: 9 });
    p.dispose();
  });

  it("'same' padding: taps outside the input are zeros, flagged, and the sum still equals TF.js's value", async () => {
    const input = tf.input({ shape: [7, 6, 2] });
    const y = tf.layers.conv2d({ filters: 3, kernelSize: [3, 4], strides: 2, padding: 'same', activation: 'tanh', biasInitializer: 'ones', name: 'conv' }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(tf.layers.flatten().apply(y)) as tf.SymbolicTensor });
    const x = new Float32Array(7 * 6 * 2).map((_, i) => Math.sin(i));
    const base = await insideOf(model, 'm', x, [7, 6, 2], { probe: null, camClass: null });
    const conv = base.layers.find((l) => l.name === 'conv')!;
    expect(conv.shape).toEqual([4, 3, 3]);
    // TensorFlow's rule: total padding (out-1)*stride + kernel - in, the smaller half first: rows 1, columns 1 (of 2).
    expect(conv.geometry).toMatchObject({ kind: 'window', pad: [1, 1], padding: 'same' });
    for (const [py, px] of [
      [0, 0],
      [3, 2],
      [1, 1],
    ] as const) {
      const r = await insideOf(model, 'm', x, [7, 6, 2], { probe: { layer: 'conv', y: py, x: px, channel: 2 }, camClass: null });
      const w = r.worked!;
      const o = workOut(w);
      expect(o.matches).toBe(true);
      expect(w.value).toBeCloseTo(at(conv, py, px, 2), 6);
      expect(w.bias).toBe(1);
      for (let t = 0; t < 12; t++) {
        const onPad = w.padded[t] === 1;
        const [iy, ix] = [w.origin[0] + Math.floor(t / 4), w.origin[1] + (t % 4)];
        expect(onPad).toBe(iy < 0 || ix < 0 || iy >= 7 || ix >= 6);
        if (onPad) expect([w.patch[t * 2], w.patch[t * 2 + 1]]).toEqual([0, 0]);
        else expect(w.patch[t * 2 + 1]).toBe(x[(iy * 6 + ix) * 2 + 1]);
      }
      if (py === 0) expect(o.paddedTaps).toBe(4 + 2);
    }
    model.dispose();
  });
});
