/**
 * What a loaded model computes inside, for one input (the Predict screen's "Inside" view): every layer's output,
 * the first convolution's filters, Grad-CAM at the last convolutional layer, and one convolution output with the
 * numbers behind it. The model is run layer by layer (each layer of a model.json is applied once), so every
 * layer's output can be read and the part after Grad-CAM's layer differentiated. Every tensor made is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradCam, InsideLayer, InsideOptions, InsideResult, LayerFilters, LayerGeometry, WorkedValue } from './predictProtocol';

/** Maps sent per layer: a wider layer sends its first MAX_MAPS channels (the view says how many it has). */
export const MAX_MAPS = 64;
/** Values one answer carries at most (16 MB of float32): layers past it come with their shapes but no values. */
export const MAX_VALUES = 4 * 1024 * 1024;

interface Wired {
  layer: tf.layers.Layer;
  ins: tf.SymbolicTensor[];
  out: tf.SymbolicTensor;
}

type Config = Record<string, unknown>;
type Pair = [number, number];
const pair = (v: unknown, fallback: number): Pair => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : typeof v === 'number' ? [v, v] : [fallback, fallback]);

/** The model's layers with the tensors each reads and writes; a layer applied more than once cannot be shown. */
function wire(model: tf.LayersModel): Wired[] {
  return model.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((layer) => {
      if (layer.inboundNodes.length !== 1) throw new Error(`The inside view shows layers applied once; ${layer.name} is applied ${layer.inboundNodes.length} times.`);
      const out = layer.output;
      if (Array.isArray(out)) throw new Error(`The inside view shows layers with one output; ${layer.name} has ${out.length}.`);
      return { layer, ins: [layer.input].flat(), out };
    });
}

/** Applies the layers in order (those in `only`, when given) to the values already known, by tensor id. */
function forward(wired: readonly Wired[], values: Map<number, tf.Tensor>, only?: ReadonlySet<string>) {
  for (const { layer, ins, out } of wired) {
    if (only && !only.has(layer.name)) continue;
    const args = ins.map((t) => values.get(t.id)!);
    values.set(out.id, layer.apply(args.length === 1 ? args[0]! : args, { training: false }) as tf.Tensor);
  }
}

const POINTWISE = new Set([
  'Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'BatchNormalization', 'LayerNormalization', 'Dropout', 'SpatialDropout1D',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'ConvAtlasLRN',
]);
const CONVS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'ConvAtlasGroupedConv2D']);
const POOLS = new Set(['MaxPooling2D', 'AveragePooling2D']);

/** TensorFlow's 'same' padding before the first row: half the total, the odd one after. */
function samePad(n: number, k: number, s: number, d: number): number {
  return Math.floor(Math.max((Math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0) / 2);
}

function windowOf(kernel: Pair, strides: Pair, dilation: Pair, padding: unknown, inShape: readonly (number | null)[]): LayerGeometry {
  const same = padding === 'same';
  const pad: Pair = same ? [samePad(inShape[1]!, kernel[0], strides[0], dilation[0]), samePad(inShape[2]!, kernel[1], strides[1], dilation[1])] : [0, 0];
  return { kind: 'window', kernel, strides, dilation, pad, padding: same ? 'same' : 'valid' };
}

/** How a layer's output positions read its input's (see LayerGeometry); opaque for anything not spatial. */
export function geometryOf(layer: tf.layers.Layer, inShape: readonly (number | null)[], outShape: readonly (number | null)[]): LayerGeometry {
  if (outShape.length !== 4 || inShape.length !== 4) return { kind: 'opaque' };
  const c = layer.getConfig() as Config;
  const name = layer.getClassName();
  if (c.dataFormat === 'channelsFirst') return { kind: 'opaque' };
  if (CONVS.has(name)) return windowOf(pair(c.kernelSize, 1), pair(c.strides, 1), pair(c.dilationRate, 1), c.padding, inShape);
  if (POOLS.has(name)) {
    const size = pair(c.poolSize, 2);
    return windowOf(size, pair(c.strides ?? c.poolSize, 2), [1, 1], c.padding, inShape);
  }
  if (name === 'ConvAtlasPaddedPool2D') {
    const pads = c.pads as number[];
    return { kind: 'window', kernel: pair(c.poolSize, 2), strides: pair(c.strides, 2), dilation: [1, 1], pad: [pads[0]!, pads[2]!], padding: 'explicit' };
  }
  if (name === 'ConvAtlasShortcutPad') return { kind: 'window', kernel: [1, 1], strides: pair(c.stride, 1), dilation: [1, 1], pad: [0, 0], padding: 'valid' };
  if (name === 'ZeroPadding2D') {
    const p = c.padding as [Pair, Pair];
    return { kind: 'shift', offset: [-p[0][0], -p[1][0]] };
  }
  if (name === 'Cropping2D') {
    const p = c.cropping as [Pair, Pair];
    return { kind: 'shift', offset: [p[0][0], p[1][0]] };
  }
  return POINTWISE.has(name) ? { kind: 'pointwise' } : { kind: 'opaque' };
}

/** A layer in a few words, from its config: "5x5 conv, 6 filters, stride 1, valid, relu". */
export function describeLayer(layer: tf.layers.Layer): string {
  const c = layer.getConfig() as Config;
  const name = layer.getClassName();
  const act = typeof c.activation === 'string' && c.activation !== 'linear' ? `, ${c.activation}` : '';
  const size = (v: unknown) => pair(v, 1).join('x');
  const stride = (v: unknown) => {
    const [a, b] = pair(v, 1);
    return a === b ? `stride ${a}` : `stride ${a}x${b}`;
  };
  if (name === 'Conv2D' || name === 'ConvAtlasGroupedConv2D') {
    const dil = pair(c.dilationRate, 1);
    return `${size(c.kernelSize)} conv, ${c.filters} filters, ${stride(c.strides)}, ${c.padding}${dil[0] > 1 || dil[1] > 1 ? `, dilation ${dil.join('x')}` : ''}${c.groups ? `, ${c.groups} groups` : ''}${act}`;
  }
  if (name === 'DepthwiseConv2D') return `${size(c.kernelSize)} depthwise conv, ${stride(c.strides)}, ${c.padding}${act}`;
  if (name === 'SeparableConv2D') return `${size(c.kernelSize)} separable conv, ${c.filters} filters, ${stride(c.strides)}, ${c.padding}${act}`;
  if (POOLS.has(name)) return `${size(c.poolSize)} ${name.startsWith('Max') ? 'max' : 'average'} pool, ${stride(c.strides ?? c.poolSize)}, ${c.padding}`;
  if (name === 'ConvAtlasPaddedPool2D') return `${size(c.poolSize)} ${c.mode === 'max' ? 'max' : 'average'} pool, ${stride(c.strides)}, padded`;
  if (name === 'Dense') return `dense ${c.units}${act}`;
  if (name === 'Activation') return String(c.activation);
  if (name === 'ZeroPadding2D') return `zero padding ${(c.padding as Pair[]).flat().join(', ')} (top, bottom, left, right)`;
  if (name === 'BatchNormalization') return 'batch normalization';
  if (name === 'GlobalAveragePooling2D') return 'global average pool';
  if (name === 'GlobalMaxPooling2D') return 'global max pool';
  return name.replace(/^ConvAtlas/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Grad-CAM's layer: the last layer with feature maps that is not pooling, padding or cropping (a convolution or what follows it). */
function camLayer(wired: readonly Wired[]): Wired | null {
  for (let i = wired.length - 1; i >= 0; i--) {
    const w = wired[i]!;
    const name = w.layer.getClassName();
    if (w.out.shape.length === 4 && !POOLS.has(name) && !/Padding|Cropping|Pool/.test(name)) return w;
  }
  return null;
}

/** Layers that read `from`'s output, directly or through others. */
function downstream(wired: readonly Wired[], from: Wired): Set<string> {
  const ids = new Set([from.out.id]);
  const names = new Set<string>();
  for (const w of wired) {
    if (w.ins.some((t) => ids.has(t.id))) {
      ids.add(w.out.id);
      names.add(w.layer.name);
    }
  }
  return names;
}

/**
 * Where the class scores Grad-CAM differentiates are: before softmax where the model ends in one (a softmax dense
 * layer's logits, from its kernel and bias; a softmax activation's input), the output itself where it has none,
 * and the probabilities where softmax sits inside some other layer.
 */
function scoreSource(last: Wired): 'logits' | 'input' | 'output' | 'probability' {
  const c = last.layer.getConfig() as Config;
  const name = last.layer.getClassName();
  if (c.activation !== 'softmax' && name !== 'Softmax') return 'output';
  if (name === 'Softmax' || name === 'Activation') return 'input';
  return name === 'Dense' ? 'logits' : 'probability';
}

function scores(last: Wired, source: ReturnType<typeof scoreSource>, values: Map<number, tf.Tensor>): tf.Tensor {
  const input = values.get(last.ins[0]!.id)!;
  if (source === 'input') return input;
  if (source !== 'logits') return values.get(last.out.id)!;
  const [kernel, bias] = last.layer.getWeights();
  const logits = tf.matMul(input.reshape([input.shape[0]!, -1]), kernel as tf.Tensor2D);
  return bias ? tf.add(logits, bias) : logits;
}

/** The first (in running order) layer that is a plain convolution with weights. */
const firstConv = (wired: readonly Wired[]) => wired.find((w) => w.layer.getClassName() === 'Conv2D');

/** Window origin and padding of a convolution output position on its input. */
function tapOrigin(g: Extract<LayerGeometry, { kind: 'window' }>, y: number, x: number): Pair {
  return [y * g.strides[0] - g.pad[0], x * g.strides[1] - g.pad[1]];
}

/** The tensors one request reads once tidy is done, with what they are. */
interface Kept {
  outputs: { name: string; shape: number[]; maps: number; values: tf.Tensor | null }[];
  camOut: { map: tf.Tensor; classIndex: number; target: GradCam['target']; shape: Pair } | null;
  probe: { input: tf.Tensor; kernel: tf.Tensor; bias: tf.Tensor | null; value: tf.Tensor } | null;
}

const tensorsOf = (k: Kept): tf.Tensor[] => [
  ...k.outputs.flatMap((o) => (o.values ? [o.values] : [])),
  ...(k.camOut ? [k.camOut.map] : []),
  ...(k.probe ? [k.probe.input, k.probe.kernel, k.probe.value, ...(k.probe.bias ? [k.probe.bias] : [])] : []),
];

/** Everything the inside view shows for one input of `shape` (H x W x C), in one pass and one gradient. */
export async function insideOf(model: tf.LayersModel, key: string, input: Float32Array, shape: readonly [number, number, number], options: InsideOptions): Promise<InsideResult> {
  const t0 = performance.now();
  const wired = wire(model);
  const inputTensor = model.inputs[0]!;
  const probeAt = options.probe ? wired.find((w) => w.layer.name === options.probe!.layer && w.layer.getClassName() === 'Conv2D') : undefined;
  const cam = camLayer(wired);
  const conv1 = firstConv(wired);
  const geoms = new Map(wired.map((w) => [w.layer.name, geometryOf(w.layer, w.ins[0]?.shape ?? [], w.out.shape)]));

  // Everything computed is read after tidy returns (reads inside it ran at half the speed on wasm).
  let kept: Kept = { outputs: [], camOut: null, probe: null };
  tf.tidy(() => {
    const values = new Map<number, tf.Tensor>([[inputTensor.id, tf.tensor4d(input, [1, ...shape])]]);
    forward(wired, values);
    const outputs = [{ name: inputTensor.sourceLayer.name, t: values.get(inputTensor.id)! }, ...wired.map((w) => ({ name: w.layer.name, t: values.get(w.out.id)! }))];
    let budget = MAX_VALUES;
    const sent = outputs.map(({ t }) => {
      const maps = t.rank === 4 ? Math.min(t.shape[3]!, MAX_MAPS) : 0;
      const size = t.rank === 4 ? t.shape[1]! * t.shape[2]! * maps : t.size;
      if (size > budget) return { maps, values: null as tf.Tensor | null };
      budget -= size;
      const v = t.rank === 4 ? tf.transpose(tf.slice(t, [0, 0, 0, 0], [1, -1, -1, maps]), [0, 3, 1, 2]) : t.reshape([-1]);
      return { maps, values: v };
    });

    let camOut: Kept['camOut'] = null;
    if (cam) {
      const probs = values.get((model.outputs[0] as tf.SymbolicTensor).id)!;
      const classIndex = options.camClass !== null && options.camClass >= 0 && options.camClass < probs.shape[1]! ? options.camClass : (probs.argMax(-1).dataSync()[0] ?? 0);
      const after = downstream(wired, cam);
      const last = wired.find((w) => w.out.id === (model.outputs[0] as tf.SymbolicTensor).id)!;
      const source = scoreSource(last);
      const score = (a: tf.Tensor) => {
        const v = new Map(values);
        v.set(cam.out.id, a);
        forward(wired, v, after);
        return tf.sum(tf.slice(scores(last, source, v).reshape([1, -1]), [0, classIndex], [1, 1]));
      };
      const a = values.get(cam.out.id)!;
      const grad = tf.grad(score)(a);
      const weights = tf.mean(grad, [1, 2], true);
      camOut = { map: tf.relu(tf.sum(tf.mul(a, weights), 3)).reshape([-1]), classIndex, target: source === 'probability' ? 'probability' : 'score', shape: [a.shape[1]!, a.shape[2]!] };
    }

    let probe: Kept['probe'] = null;
    const p = options.probe;
    if (probeAt && p) {
      const out = values.get(probeAt.out.id)!;
      const inside = p.y >= 0 && p.x >= 0 && p.channel >= 0 && p.y < out.shape[1]! && p.x < out.shape[2]! && p.channel < out.shape[3]!;
      if (inside) {
        const [kernel, bias] = probeAt.layer.getWeights();
        const [kh, kw, cin] = kernel!.shape as number[];
        probe = {
          input: tf.clone(values.get(probeAt.ins[0]!.id)!),
          kernel: tf.slice(kernel!, [0, 0, 0, p.channel], [kh!, kw!, cin!, 1]),
          bias: probeAt.layer.getConfig().useBias && bias ? tf.slice(bias, [p.channel], [1]) : null,
          value: tf.slice(out, [0, p.y, p.x, p.channel], [1, 1, 1, 1]),
        };
      }
    }
    kept = { outputs: outputs.map((o, i) => ({ name: o.name, shape: o.t.shape.slice(1), ...sent[i]! })), camOut, probe };
    for (const t of tensorsOf(kept)) tf.keep(t);
  });

  const all = tensorsOf(kept);
  try {
    const read = new Map<tf.Tensor, Float32Array>();
    for (const t of all) read.set(t, (await t.data()) as Float32Array);
    const byName = new Map(wired.map((w) => [w.layer.name, w]));
    const layers: InsideLayer[] = kept.outputs.map((o) => {
      const w = byName.get(o.name);
      return {
        name: o.name,
        className: w ? w.layer.getClassName() : 'InputLayer',
        what: w ? describeLayer(w.layer) : 'the image as the network takes it',
        inputs: w ? w.ins.map((t) => t.sourceLayer.name) : [],
        shape: o.shape,
        geometry: (w && geoms.get(o.name)) ?? { kind: 'opaque' },
        values: o.values ? read.get(o.values)! : null,
        maps: o.maps,
      };
    });
    let filters: LayerFilters | null = null;
    if (conv1) {
      const [kernel, bias] = conv1.layer.getWeights();
      const [kh, kw, cin, cout] = kernel!.shape as number[];
      filters = { layer: conv1.layer.name, kernelSize: [kh!, kw!], channels: cin!, count: cout!, weights: new Float32Array(await kernel!.data()), bias: conv1.layer.getConfig().useBias && bias ? new Float32Array(await bias.data()) : null };
    }
    let worked: WorkedValue | null = null;
    if (kept.probe && probeAt && options.probe) {
      const g = geoms.get(probeAt.layer.name) as Extract<LayerGeometry, { kind: 'window' }>;
      const xin = read.get(kept.probe.input)!;
      const [, h, w, cin] = kept.probe.input.shape as number[];
      const [kh, kw] = g.kernel;
      const origin = tapOrigin(g, options.probe.y, options.probe.x);
      const patch = new Float32Array(kh * kw * cin!);
      const padded = new Uint8Array(kh * kw);
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const iy = origin[0] + ky * g.dilation[0];
          const ix = origin[1] + kx * g.dilation[1];
          if (iy < 0 || ix < 0 || iy >= h! || ix >= w!) {
            padded[ky * kw + kx] = 1;
            continue;
          }
          for (let c = 0; c < cin!; c++) patch[(ky * kw + kx) * cin! + c] = xin[(iy * w! + ix) * cin! + c]!;
        }
      }
      const cfg = probeAt.layer.getConfig() as Config;
      worked = {
        probe: options.probe,
        inputLayer: probeAt.ins[0]!.sourceLayer.name,
        kernelSize: [kh, kw],
        channels: cin!,
        origin,
        dilation: g.dilation,
        patch,
        padded,
        kernel: new Float32Array(read.get(kept.probe.kernel)!),
        bias: kept.probe.bias ? read.get(kept.probe.bias)![0]! : null,
        activation: typeof cfg.activation === 'string' ? cfg.activation : 'linear',
        value: read.get(kept.probe.value)![0]!,
      };
    }
    const camResult: GradCam | { note: string } = kept.camOut
      ? { layer: cam!.layer.name, classIndex: kept.camOut.classIndex, target: kept.camOut.target, height: kept.camOut.shape[0], width: kept.camOut.shape[1], map: read.get(kept.camOut.map)! }
      : { note: 'This model has no layer with feature maps to explain (Grad-CAM needs a convolutional layer).' };
    return { key, layers, filters, cam: camResult, worked, ms: performance.now() - t0 };
  } finally {
    tf.dispose(all);
  }
}

/** The typed arrays of a result, to transfer to the page instead of copying. */
export function insideBuffers(r: InsideResult): ArrayBuffer[] {
  const arrays: (Float32Array | Uint8Array | null)[] = [...r.layers.map((l) => l.values), r.filters?.weights ?? null, r.filters?.bias ?? null, 'map' in r.cam ? r.cam.map : null, r.worked?.patch ?? null, r.worked?.padded ?? null, r.worked?.kernel ?? null];
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) if (a) out.add(a.buffer as ArrayBuffer);
  return [...out];
}
