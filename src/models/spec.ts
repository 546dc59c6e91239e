/**
 * The network as plain, serializable data: a DAG of typed layer nodes.
 * No React, d3, tfjs or DOM here (see src/models/README.md).
 */

/** Current version of the NetworkSpec schema; bump it with a migration when the shape of the data changes. */
export const SCHEMA_VERSION = 2;

/** A tensor shape without the batch dimension: [H, W, C] for images, [N] for vectors. */
export type Shape = number[];

/** A size given once for both spatial axes, or as [height, width]. */
export type Pair = number | [number, number];

/** Explicit zero padding, in pixels, per side. */
export interface ExplicitPadding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** 'valid' (no padding), 'same' (TensorFlow's: output = ceil(input / stride)), or explicit per-side padding. */
export type Padding = 'valid' | 'same' | ExplicitPadding;

export type ActivationFn = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

export const ACTIVATIONS: readonly ActivationFn[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

interface NodeBase {
  /** Unique within the spec; the layer's name in tables, errors and the TF.js model. */
  id: string;
  /** Ids of the nodes (or inputs) feeding this one, in order. */
  inputs: string[];
  /** false freezes the layer: training leaves its weights as they are (transfer learning). Trainable when absent. */
  trainable?: boolean;
  /**
   * The module path PyTorch knows this layer by when it differs from the id ('features.0' for VGG's conv1_1), so the
   * exported module nests it there and torchvision's released weights load; the id is used when absent.
   */
  torchName?: string;
}

export interface Conv2DSpec extends NodeBase {
  kind: 'conv2d';
  filters: number;
  kernel: Pair;
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  /** Grouped convolution: input and output channels split into this many independent groups. */
  groups?: number;
  bias?: boolean;
  /** An activation fused into the layer (not counted as a separate activation tensor). */
  activation?: ActivationFn;
}

export interface DepthwiseConv2DSpec extends NodeBase {
  kind: 'depthwiseConv2d';
  kernel: Pair;
  depthMultiplier?: number;
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  bias?: boolean;
  activation?: ActivationFn;
}

export interface Pool2DSpec extends NodeBase {
  kind: 'maxPool2d' | 'avgPool2d';
  pool: Pair;
  /** Defaults to the pool size. */
  stride?: Pair;
  padding?: Padding;
  /** Round the output size up, as PyTorch's ceil_mode and Caffe do. */
  ceil?: boolean;
}

export interface GlobalAvgPool2DSpec extends NodeBase {
  kind: 'globalAvgPool2d';
}

export interface DenseSpec extends NodeBase {
  kind: 'dense';
  units: number;
  bias?: boolean;
  activation?: ActivationFn;
}

export interface FlattenSpec extends NodeBase {
  kind: 'flatten';
}

export interface DropoutSpec extends NodeBase {
  kind: 'dropout';
  rate: number;
}

export interface BatchNormSpec extends NodeBase {
  kind: 'batchNorm';
  /** Added to the variance; defaults to 0.001 (Keras). */
  epsilon?: number;
  /** Moving-average momentum of the statistics; defaults to 0.99 (Keras). */
  momentum?: number;
}

/** Local response normalization across channels (AlexNet). `size` is the full window, as in the paper. */
export interface LRNSpec extends NodeBase {
  kind: 'lrn';
  size: number;
  alpha: number;
  beta: number;
  k: number;
}

export interface ActivationSpec extends NodeBase {
  kind: 'activation';
  fn: ActivationFn;
}

export interface ZeroPad2DSpec extends NodeBase {
  kind: 'zeroPad2d';
  padding: ExplicitPadding;
}

/**
 * A residual shortcut where the shape changes, without parameters: He et al.'s option A. It keeps every
 * `stride`-th row and column (x[::s, ::s]) and pads the channels with zeros up to `channels`, half before and
 * half after (as the common CIFAR implementations do).
 */
export interface ShortcutPadSpec extends NodeBase {
  kind: 'shortcutPad';
  /** Defaults to 2. */
  stride?: number;
  /** Output channels, at least the input's. */
  channels: number;
}

export interface AddSpec extends NodeBase {
  kind: 'add';
  /** Activation applied to the sum (a residual block's g(z + a)). */
  activation?: ActivationFn;
}

export interface ConcatSpec extends NodeBase {
  kind: 'concat';
}

export type LayerSpec =
  | Conv2DSpec
  | DepthwiseConv2DSpec
  | Pool2DSpec
  | GlobalAvgPool2DSpec
  | DenseSpec
  | FlattenSpec
  | DropoutSpec
  | BatchNormSpec
  | LRNSpec
  | ActivationSpec
  | ZeroPad2DSpec
  | ShortcutPadSpec
  | AddSpec
  | ConcatSpec;

export type LayerKind = LayerSpec['kind'];

export const LAYER_KINDS: readonly LayerKind[] = [
  'conv2d',
  'depthwiseConv2d',
  'maxPool2d',
  'avgPool2d',
  'globalAvgPool2d',
  'dense',
  'flatten',
  'dropout',
  'batchNorm',
  'lrn',
  'activation',
  'zeroPad2d',
  'shortcutPad',
  'add',
  'concat',
];

export interface InputSpec {
  id: string;
  /** [H, W, C] for images (the course's n_H x n_W x n_C), or [N] for vectors. */
  shape: Shape;
}

/** A network: inputs, layer nodes (edges are each node's `inputs`), and the ids of its outputs. */
export interface NetworkSpec {
  schemaVersion: number;
  name: string;
  inputs: InputSpec[];
  nodes: LayerSpec[];
  /** One or more node ids; GoogLeNet's auxiliary classifiers are extra outputs. */
  outputs: string[];
}

/** Normalises a Pair to [height, width]. */
/** Whether a layer applies softmax: a dense layer's activation or a softmax layer (a classifier's last layer). */
export function isSoftmaxLayer(n: LayerSpec | undefined): boolean {
  return !!n && ((n.kind === 'dense' && n.activation === 'softmax') || (n.kind === 'activation' && n.fn === 'softmax'));
}

export function pair(p: Pair): [number, number] {
  return typeof p === 'number' ? [p, p] : [p[0], p[1]];
}

/** Symmetric explicit padding of p pixels on every side (PyTorch's `padding=p`). */
export function pad(p: number | [number, number]): ExplicitPadding {
  const [h, w] = pair(p);
  return { top: h, bottom: h, left: w, right: w };
}

/** Returns a copy of the spec with its (first) input resized, e.g. to analyse a network at another resolution. */
export function withInputShape(spec: NetworkSpec, shape: Shape, inputId?: string): NetworkSpec {
  const target = inputId ?? spec.inputs[0]?.id;
  return {
    ...spec,
    inputs: spec.inputs.map((i) => (i.id === target ? { ...i, shape: [...shape] } : i)),
  };
}
