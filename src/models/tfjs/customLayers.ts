/**
 * TF.js layers for what tf.layers lacks: grouped convolution, pooling with explicit padding or ceil mode
 * (PyTorch / Caffe semantics), local response normalization, and ResNet's option-A shortcut. Registered for
 * (de)serialization.
 */
import * as tf from '@tensorflow/tfjs';
import { shortcutPadBefore } from '../layers';

type Shape4 = [number | null, number, number, number];

function as4(shape: tf.Shape | tf.Shape[]): Shape4 {
  const s = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return [s[0] ?? null, s[1]!, s[2]!, s[3]!];
}

export interface GroupedConv2DArgs {
  filters: number;
  kernelSize: [number, number];
  strides: [number, number];
  dilationRate: [number, number];
  groups: number;
  useBias: boolean;
  /** TF.js padding applied inside each group's convolution. */
  padding: 'valid' | 'same';
  activation: string;
  kernelInitializer?: string;
  name?: string;
}

/** Convolution whose channels are split into `groups` independent convolutions (AlexNet's two towers, ResNeXt). */
export class GroupedConv2D extends tf.layers.Layer {
  static className = 'ConvAtlasGroupedConv2D';
  private readonly cfg: GroupedConv2DArgs;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GroupedConv2DArgs) {
    super({ name: args.name });
    this.cfg = { ...args };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, , , cin] = as4(inputShape);
    const { kernelSize: [kh, kw], filters, groups } = this.cfg;
    const init = this.cfg.kernelInitializer === 'zeros' ? tf.initializers.zeros() : tf.initializers.glorotUniform({});
    this.kernel = this.addWeight('kernel', [kh, kw, cin / groups, filters], 'float32', init);
    if (this.cfg.useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, h, w] = as4(inputShape);
    const { kernelSize, strides, dilationRate, padding, filters } = this.cfg;
    const out = (n: number, i: 0 | 1) =>
      padding === 'same' ? Math.ceil(n / strides[i]) : Math.floor((n - (dilationRate[i] * (kernelSize[i] - 1) + 1)) / strides[i]) + 1;
    return [b, out(h, 0), out(w, 1), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { groups, strides, dilationRate, padding } = this.cfg;
      const xs = tf.split(x, groups, 3);
      const ks = tf.split(this.kernel!.read() as tf.Tensor4D, groups, 3);
      let y: tf.Tensor = tf.concat(
        xs.map((xi, g) => tf.conv2d(xi as tf.Tensor4D, ks[g] as tf.Tensor4D, strides, padding, 'NHWC', dilationRate)),
        3,
      );
      if (this.bias) y = tf.add(y, this.bias.read());
      return applyActivation(y, this.cfg.activation);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.cfg as unknown as tf.serialization.ConfigDict) };
  }
}

export interface Pool2DArgs {
  mode: 'max' | 'avg';
  poolSize: [number, number];
  strides: [number, number];
  /** Padding [top, bottom, left, right] the user asked for; counted in an average (PyTorch's count_include_pad). */
  pads: [number, number, number, number];
  /** Output [height, width], as the engine computed it (floor or ceil mode). */
  outSize: [number, number];
  name?: string;
}

/**
 * Max or average pooling with explicit padding and/or ceil mode. Max pads with -Infinity; average divides by
 * the part of each window that lies on the input or its explicit padding, as PyTorch does in ceil mode.
 */
export class PaddedPool2D extends tf.layers.Layer {
  static className = 'ConvAtlasPaddedPool2D';
  private readonly cfg: Pool2DArgs;

  constructor(args: Pool2DArgs) {
    super({ name: args.name });
    this.cfg = { ...args };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, , , c] = as4(inputShape);
    return [b, this.cfg.outSize[0], this.cfg.outSize[1], c];
  }

  /** Extra padding on the bottom/right so that exactly outSize windows fit. */
  private fullPads(h: number, w: number): [[number, number], [number, number]] {
    const { poolSize: [kh, kw], strides: [sh, sw], pads: [t, b, l, r], outSize: [oh, ow] } = this.cfg;
    const bottom = Math.max(b, (oh - 1) * sh + kh - h - t);
    const right = Math.max(r, (ow - 1) * sw + kw - w - l);
    return [[t, bottom], [l, right]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [, h, w] = x.shape;
      const [[t, bottom], [l, right]] = this.fullPads(h, w);
      const { poolSize, strides, mode, outSize, pads } = this.cfg;
      const paddings: [number, number][] = [[0, 0], [t, bottom], [l, right], [0, 0]];
      let y: tf.Tensor4D;
      if (mode === 'max') {
        y = tf.maxPool(tf.pad(x, paddings, -Infinity), poolSize, strides, 'valid');
      } else {
        const sum = tf.avgPool(tf.pad(x, paddings, 0), poolSize, strides, 'valid');
        // 1 over the input and the explicit padding, 0 over the ceil-mode overhang.
        const covered = tf.pad(tf.ones([1, h + pads[0] + pads[1], w + pads[2] + pads[3], 1]), [[0, 0], [0, bottom - pads[1]], [0, right - pads[3]], [0, 0]]);
        const frac = tf.avgPool(covered as tf.Tensor4D, poolSize, strides, 'valid');
        y = tf.div(sum, frac);
      }
      return tf.slice(y, [0, 0, 0, 0], [-1, outSize[0], outSize[1], -1]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.cfg as unknown as tf.serialization.ConfigDict) };
  }
}

export interface LRNArgs {
  size: number;
  alpha: number;
  beta: number;
  k: number;
  name?: string;
}

/** AlexNet's local response normalization: b = a / (k + alpha/size * sum of a^2 over `size` channels)^beta. */
export class LocalResponseNorm extends tf.layers.Layer {
  static className = 'ConvAtlasLRN';
  private readonly cfg: LRNArgs;

  constructor(args: LRNArgs) {
    super({ name: args.name });
    this.cfg = { ...args };
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return as4(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { size, alpha, beta, k } = this.cfg;
    return tf.localResponseNormalization(x, (size - 1) / 2, k, alpha / size, beta);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.cfg as unknown as tf.serialization.ConfigDict) };
  }
}

function applyActivation(y: tf.Tensor, fn: string): tf.Tensor {
  switch (fn) {
    case 'relu':
      return tf.relu(y);
    case 'sigmoid':
      return tf.sigmoid(y);
    case 'tanh':
      return tf.tanh(y);
    case 'softmax':
      return tf.softmax(y);
    default:
      return y;
  }
}

/** The option-A shortcut's settings: the stride of its subsampling and its output channels. */
export interface ShortcutPadArgs {
  stride: number;
  channels: number;
  name?: string;
}

/**
 * He et al.'s option A: x[::s, ::s] with the channels zero-padded to `channels` (half before, half after). Done
 * as a stride-s 1x1 convolution with a fixed 0/1 kernel that is not a weight: no parameters, nothing to train or
 * save, and its gradient is a convolution's, which every backend has (TF.js has no gradient for a strided slice).
 */
export class ShortcutPad extends tf.layers.Layer {
  static className = 'ConvAtlasShortcutPad';
  private readonly cfg: ShortcutPadArgs;
  private select: tf.Tensor4D | null = null;
  constructor(args: ShortcutPadArgs) {
    super({ name: args.name });
    this.cfg = args;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const cin = as4(inputShape)[3];
    const before = shortcutPadBefore(cin, this.cfg.channels);
    const eye = new Float32Array(cin * this.cfg.channels);
    for (let c = 0; c < cin; c++) eye[c * this.cfg.channels + c + before] = 1;
    this.select?.dispose();
    this.select = tf.keep(tf.tensor4d(eye, [1, 1, cin, this.cfg.channels]));
    this.built = true;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = as4(inputShape);
    const s = this.cfg.stride;
    return [n, Math.ceil(h / s), Math.ceil(w / s), this.cfg.channels];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.conv2d(x, this.select!, this.cfg.stride, 'valid');
  }
  override dispose() {
    const r = super.dispose();
    // Only when no model uses the layer any more (a layer shared by two models is disposed twice).
    if (r.refCountAfterDispose === 0) {
      this.select?.dispose();
      this.select = null;
    }
    return r;
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), stride: this.cfg.stride, channels: this.cfg.channels };
  }
}

tf.serialization.registerClass(GroupedConv2D);
tf.serialization.registerClass(ShortcutPad);
tf.serialization.registerClass(PaddedPool2D);
tf.serialization.registerClass(LocalResponseNorm);
