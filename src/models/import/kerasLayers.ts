/** One Keras layer config -> spec nodes. Only fields the engine models are read; the rest are checked or reported. */
import type { ActivationFn, ExplicitPadding, LayerSpec, Padding, Pair } from '../spec';

/** A layer of a Keras model, with the names of the layers feeding it. */
export interface KLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  inputs: string[];
}

export type Converted =
  | { kind: 'nodes'; nodes: LayerSpec[]; note?: string; /** Output H x W a pooling layer must have (the app's padded pool). */ outSize?: [number, number] }
  /** A layer with no effect on shapes or counts at inference (e.g. Keras's InputLayer inside a model, Identity). */
  | { kind: 'identity'; note?: string }
  | { kind: 'unsupported'; why?: string };

const ACTS: Record<string, ActivationFn> = { linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax' };

class Unsupported extends Error {}

function get(c: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(c, k) ? c[k] : undefined;
}

/** A config field TF.js may have written in camelCase or (as it serialises) snake_case. */
function get2(c: Record<string, unknown>, camel: string, snake: string): unknown {
  return get(c, snake) ?? get(c, camel);
}

function pairOf(v: unknown, field: string, fallback?: Pair): Pair {
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new Unsupported(`missing ${field}`);
  }
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return v[0] === v[1] ? (v[0] as number) : [v[0] as number, v[1] as number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return v[0];
  throw new Unsupported(`${field} ${JSON.stringify(v).slice(0, 40)} is not a size or [height, width]`);
}

function paddingOf(v: unknown): Padding {
  if (v === undefined || v === 'valid') return 'valid';
  if (v === 'same') return 'same';
  throw new Unsupported(`padding ${JSON.stringify(v).slice(0, 30)} (only 'valid' and 'same')`);
}

function activationOf(v: unknown): ActivationFn {
  if (v === undefined || v === null) return 'linear';
  if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(ACTS, v)) return ACTS[v]!;
  // Keras 3 may write an activation as a serialized object.
  if (typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).class_name === 'string') return activationOf((v as Record<string, unknown>).class_name);
  throw new Unsupported(`activation ${JSON.stringify(v).slice(0, 30)} (supported: linear, relu, sigmoid, tanh, softmax)`);
}

function channelsLast(c: Record<string, unknown>): void {
  const f = get(c, 'data_format');
  if (f !== undefined && f !== null && f !== 'channels_last') throw new Unsupported(`data_format ${JSON.stringify(f).slice(0, 30)} (only channels_last)`);
}

function zeroPadding(v: unknown): ExplicitPadding {
  if (typeof v === 'number') return { top: v, bottom: v, left: v, right: v };
  if (Array.isArray(v) && v.length === 2) {
    const [h, w] = v;
    if (typeof h === 'number' && typeof w === 'number') return { top: h, bottom: h, left: w, right: w };
    if (Array.isArray(h) && Array.isArray(w) && h.length === 2 && w.length === 2) {
      return { top: h[0] as number, bottom: h[1] as number, left: w[0] as number, right: w[1] as number };
    }
  }
  throw new Unsupported(`padding ${JSON.stringify(v).slice(0, 40)}`);
}


/** Converts one Keras layer; unsupported kinds and options come back as 'unsupported' with the reason. */
export function convertLayer(l: KLayer, inputs: string[]): Converted {
  try {
    return convert(l, inputs);
  } catch (e) {
    if (e instanceof Unsupported) return { kind: 'unsupported', why: e.message };
    throw e;
  }
}

function withAct<T extends LayerSpec>(node: T, act: ActivationFn): T {
  return act === 'linear' ? node : { ...node, activation: act };
}

function convert(l: KLayer, inputs: string[]): Converted {
  const c = l.config;
  const id = l.name;
  const useBias = get(c, 'use_bias') !== false;
  switch (l.className) {
    case 'Conv2D': {
      channelsLast(c);
      const groups = get(c, 'groups');
      const node: LayerSpec = { id, kind: 'conv2d', inputs, filters: get(c, 'filters') as number, kernel: pairOf(get(c, 'kernel_size'), 'kernel_size') };
      const stride = pairOf(get(c, 'strides'), 'strides', 1);
      const dilation = pairOf(get(c, 'dilation_rate'), 'dilation_rate', 1);
      if (stride !== 1) node.stride = stride;
      if (dilation !== 1) node.dilation = dilation;
      node.padding = paddingOf(get(c, 'padding'));
      if (typeof groups === 'number' && groups !== 1) node.groups = groups;
      if (!useBias) node.bias = false;
      return { kind: 'nodes', nodes: [withAct(node, activationOf(get(c, 'activation')))] };
    }
    case 'DepthwiseConv2D': {
      channelsLast(c);
      const node: LayerSpec = { id, kind: 'depthwiseConv2d', inputs, kernel: pairOf(get(c, 'kernel_size'), 'kernel_size'), padding: paddingOf(get(c, 'padding')) };
      const stride = pairOf(get(c, 'strides'), 'strides', 1);
      const dilation = pairOf(get(c, 'dilation_rate'), 'dilation_rate', 1);
      const mult = get(c, 'depth_multiplier');
      if (stride !== 1) node.stride = stride;
      if (dilation !== 1) node.dilation = dilation;
      if (mult !== undefined && mult !== 1) node.depthMultiplier = mult as number;
      if (!useBias) node.bias = false;
      return { kind: 'nodes', nodes: [withAct(node, activationOf(get(c, 'activation')))] };
    }
    case 'SeparableConv2D': {
      channelsLast(c);
      const dw: LayerSpec = { id: `${id}/depthwise`, kind: 'depthwiseConv2d', inputs, kernel: pairOf(get(c, 'kernel_size'), 'kernel_size'), padding: paddingOf(get(c, 'padding')), bias: false };
      const stride = pairOf(get(c, 'strides'), 'strides', 1);
      const mult = get(c, 'depth_multiplier');
      if (stride !== 1) dw.stride = stride;
      if (mult !== undefined && mult !== 1) dw.depthMultiplier = mult as number;
      const pw: LayerSpec = { id, kind: 'conv2d', inputs: [dw.id], filters: get(c, 'filters') as number, kernel: 1, ...(useBias ? {} : { bias: false }) };
      return { kind: 'nodes', nodes: [dw, withAct(pw, activationOf(get(c, 'activation')))], note: `'${id}' (SeparableConv2D) became a depthwise and a 1x1 convolution` };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'MaxPool2D':
    case 'AvgPool2D': {
      channelsLast(c);
      const pool = pairOf(get(c, 'pool_size'), 'pool_size', 2);
      const node: LayerSpec = { id, kind: l.className.startsWith('Max') ? 'maxPool2d' : 'avgPool2d', inputs, pool };
      const stride = get(c, 'strides');
      if (stride !== undefined && stride !== null) {
        const s = pairOf(stride, 'strides');
        if (JSON.stringify(s) !== JSON.stringify(pool)) node.stride = s;
      }
      const pad = paddingOf(get(c, 'padding'));
      if (pad !== 'valid') node.padding = pad;
      return { kind: 'nodes', nodes: [node] };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalAvgPool2D':
      channelsLast(c);
      if (get(c, 'keepdims') === true) throw new Unsupported('keepdims=true');
      return { kind: 'nodes', nodes: [{ id, kind: 'globalAvgPool2d', inputs }] };
    case 'Dense':
      return { kind: 'nodes', nodes: [withAct({ id, kind: 'dense', inputs, units: get(c, 'units') as number, ...(useBias ? {} : { bias: false }) }, activationOf(get(c, 'activation')))] };
    case 'Flatten':
      return { kind: 'nodes', nodes: [{ id, kind: 'flatten', inputs }] };
    case 'Dropout':
    case 'SpatialDropout2D':
      return { kind: 'nodes', nodes: [{ id, kind: 'dropout', inputs, rate: get(c, 'rate') as number }] };
    case 'BatchNormalization': {
      const axis = get(c, 'axis');
      const ax = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
      if (ax !== undefined && ax !== -1 && ax !== 3) throw new Unsupported(`axis ${JSON.stringify(axis).slice(0, 20)} (only the channel axis, -1)`);
      if (get(c, 'center') === false || get(c, 'scale') === false) throw new Unsupported('center or scale turned off');
      const eps = get(c, 'epsilon');
      const mom = get(c, 'momentum');
      return { kind: 'nodes', nodes: [{ id, kind: 'batchNorm', inputs, ...(typeof eps === 'number' ? { epsilon: eps } : {}), ...(typeof mom === 'number' ? { momentum: mom } : {}) }] };
    }
    case 'Activation':
      return { kind: 'nodes', nodes: [{ id, kind: 'activation', inputs, fn: activationOf(get(c, 'activation')) }] };
    case 'ReLU': {
      const max = get(c, 'max_value');
      if (max !== undefined && max !== null) throw new Unsupported(`max_value ${String(max).slice(0, 20)} (ReLU6 and capped ReLUs)`);
      if (typeof get(c, 'negative_slope') === 'number' && get(c, 'negative_slope') !== 0) throw new Unsupported('negative_slope (leaky ReLU)');
      return { kind: 'nodes', nodes: [{ id, kind: 'activation', inputs, fn: 'relu' }] };
    }
    case 'Softmax':
      return { kind: 'nodes', nodes: [{ id, kind: 'activation', inputs, fn: 'softmax' }] };
    case 'ZeroPadding2D':
      channelsLast(c);
      return { kind: 'nodes', nodes: [{ id, kind: 'zeroPad2d', inputs, padding: zeroPadding(get(c, 'padding') ?? 1) }] };
    case 'Add':
      return { kind: 'nodes', nodes: [{ id, kind: 'add', inputs }] };
    case 'Concatenate': {
      const axis = get(c, 'axis');
      if (axis !== undefined && axis !== -1 && axis !== 3) throw new Unsupported(`axis ${JSON.stringify(axis).slice(0, 20)} (only the channel axis, -1)`);
      return { kind: 'nodes', nodes: [{ id, kind: 'concat', inputs }] };
    }
    case 'InputLayer':
      return { kind: 'identity' };
    // The app's own TF.js layers (src/models/tfjs/customLayers.ts), so its exported model.json reads back.
    case 'ConvAtlasGroupedConv2D': {
      const node: LayerSpec = { id, kind: 'conv2d', inputs, filters: get(c, 'filters') as number, kernel: pairOf(get2(c, 'kernelSize', 'kernel_size'), 'kernelSize'), padding: paddingOf(get(c, 'padding')) };
      const stride = pairOf(get(c, 'strides'), 'strides', 1);
      const dilation = pairOf(get2(c, 'dilationRate', 'dilation_rate'), 'dilationRate', 1);
      if (stride !== 1) node.stride = stride;
      if (dilation !== 1) node.dilation = dilation;
      node.groups = get(c, 'groups') as number;
      if (get2(c, 'useBias', 'use_bias') === false) node.bias = false;
      return { kind: 'nodes', nodes: [withAct(node, activationOf(get(c, 'activation')))] };
    }
    case 'ConvAtlasPaddedPool2D': {
      const pads = get(c, 'pads');
      if (!Array.isArray(pads) || pads.length !== 4) throw new Unsupported('pads must be [top, bottom, left, right]');
      const [top, bottom, left, right] = pads as number[];
      const outSize = get2(c, 'outSize', 'out_size');
      const node: LayerSpec = {
        id,
        kind: get(c, 'mode') === 'avg' ? 'avgPool2d' : 'maxPool2d',
        inputs,
        pool: pairOf(get2(c, 'poolSize', 'pool_size'), 'poolSize'),
        stride: pairOf(get(c, 'strides'), 'strides'),
        padding: { top: top!, bottom: bottom!, left: left!, right: right! },
      };
      // Ceil mode is not stored; the importer sets it where the stored output size needs it.
      return { kind: 'nodes', nodes: [node], ...(Array.isArray(outSize) ? { outSize: outSize as [number, number] } : {}) };
    }
    case 'ConvAtlasShortcutPad': {
      const stride = get(c, 'stride') as number;
      return { kind: 'nodes', nodes: [{ id, kind: 'shortcutPad', inputs, channels: get(c, 'channels') as number, ...(stride !== 2 ? { stride } : {}) }] };
    }
    case 'ConvAtlasLRN':
      return { kind: 'nodes', nodes: [{ id, kind: 'lrn', inputs, size: get(c, 'size') as number, alpha: get(c, 'alpha') as number, beta: get(c, 'beta') as number, k: get(c, 'k') as number }] };
    default:
      return { kind: 'unsupported' };
  }
}

