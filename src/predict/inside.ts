/**
 * The arithmetic behind the Predict screen's "Inside" view, on the plain numbers the prediction worker sends:
 * a convolution output worked out from its input patch and filter (products, sums, bias, activation), and the
 * receptive field of an output position traced back through the layers' geometry to every layer it reads.
 */
import type { InsideLayer, InsideProbe, LayerGeometry, WorkedValue } from '../workers/predictProtocol';

/** Rows y0..y1 and columns x0..x1 (inclusive) of a layer's output; may reach past its edges onto padding. */
export interface Box {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/** An activation applied to one number, for the ones TF.js layers name; null for one this does not know. */
export function activate(name: string, z: number): number | null {
  switch (name) {
    case 'linear':
      return z;
    case 'relu':
      return Math.max(0, z);
    case 'relu6':
      return Math.min(6, Math.max(0, z));
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'elu':
      return z > 0 ? z : Math.exp(z) - 1;
    case 'selu':
      // Klambauer et al.'s constants, as TF.js uses them.
      return 1.0507009873554805 * (z > 0 ? z : 1.6732632423543772 * (Math.exp(z) - 1));
    case 'softplus':
      return Math.log1p(Math.exp(z));
    case 'softsign':
      return z / (1 + Math.abs(z));
    case 'swish':
      return z / (1 + Math.exp(-z));
    default:
      return null;
  }
}

/** A convolution output worked out: every product, each input channel's sum, the total, plus bias, activated. */
export interface WorkedOut {
  /** patch x kernel, [row][column][channel]. */
  products: Float64Array;
  /** Sum of the products of each input channel. */
  channelSums: Float64Array;
  sum: number;
  /** sum + bias. */
  z: number;
  /** The activation of z (null: an activation this module does not know; the layer's value stands). */
  activated: number | null;
  /** Taps on padding (each contributes a zero input). */
  paddedTaps: number;
  /** Whether the worked-out value equals the layer's (to float32 rounding of the sum). */
  matches: boolean;
}

/** Works out a convolution output from the numbers the worker sent (in float64, so only TF.js's rounding differs). */
export function workOut(w: WorkedValue): WorkedOut {
  const n = w.patch.length;
  const products = new Float64Array(n);
  const channelSums = new Float64Array(w.channels);
  let sum = 0;
  let magnitude = 0;
  for (let i = 0; i < n; i++) {
    const p = w.patch[i]! * w.kernel[i]!;
    products[i] = p;
    channelSums[i % w.channels]! += p;
    sum += p;
    magnitude += Math.abs(p);
  }
  const z = sum + (w.bias ?? 0);
  const activated = activate(w.activation, z);
  // float32 accumulates the products with a relative error of about n * 2^-24 of their magnitudes.
  const tolerance = (n + 1) * 2 ** -23 * (magnitude + Math.abs(w.bias ?? 0)) + 1e-7;
  const paddedTaps = w.padded.reduce((a, b) => a + b, 0);
  return { products, channelSums, sum, z, activated, paddedTaps, matches: activated !== null && Math.abs(activated - w.value) <= tolerance };
}

/** The box of a layer's input that a box of its output reads, through one layer's geometry; null when untraceable. */
export function boxBefore(g: LayerGeometry, b: Box): Box | null {
  switch (g.kind) {
    case 'pointwise':
      return b;
    case 'shift':
      return { y0: b.y0 + g.offset[0], y1: b.y1 + g.offset[0], x0: b.x0 + g.offset[1], x1: b.x1 + g.offset[1] };
    case 'window':
      return {
        y0: b.y0 * g.strides[0] - g.pad[0],
        y1: b.y1 * g.strides[0] - g.pad[0] + (g.kernel[0] - 1) * g.dilation[0],
        x0: b.x0 * g.strides[1] - g.pad[1],
        x1: b.x1 * g.strides[1] - g.pad[1] + (g.kernel[1] - 1) * g.dilation[1],
      };
    case 'opaque':
      return null;
  }
}

const union = (a: Box | undefined, b: Box): Box => (a ? { y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1), x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1) } : b);

/**
 * The receptive field of a box of one layer's output on every layer before it (by name): traced back layer by
 * layer, the union over every path (branches and shortcuts); a layer reached only through untraceable ones is absent.
 */
export function receptiveFields(layers: readonly InsideLayer[], layer: string, box: Box): Map<string, Box> {
  const fields = new Map<string, Box>([[layer, box]]);
  const start = layers.findIndex((l) => l.name === layer);
  // Layers come in running order, so every reader of a layer is visited before the layer itself.
  for (let i = start; i >= 0; i--) {
    const l = layers[i]!;
    const out = fields.get(l.name);
    if (!out) continue;
    const before = boxBefore(l.geometry, out);
    if (!before) continue;
    for (const name of l.inputs) fields.set(name, union(fields.get(name), before));
  }
  return fields;
}

/** The receptive field of one output position, as a box of the probe's own layer reduced to that position. */
export function fieldsOfProbe(layers: readonly InsideLayer[], p: InsideProbe): Map<string, Box> {
  return receptiveFields(layers, p.layer, { y0: p.y, y1: p.y, x0: p.x, x1: p.x });
}

/** A box's height and width. */
export const boxSize = (b: Box): [number, number] => [b.y1 - b.y0 + 1, b.x1 - b.x0 + 1];

/** A box cut to a layer of `h` x `w` (the part on real values, not padding); null when none is. */
export function clampBox(b: Box, h: number, w: number): Box | null {
  const c = { y0: Math.max(0, b.y0), y1: Math.min(h - 1, b.y1), x0: Math.max(0, b.x0), x1: Math.min(w - 1, b.x1) };
  return c.y0 > c.y1 || c.x0 > c.x1 ? null : c;
}

/**
 * Where a layer's grid sits on the input: the centre of position (0, 0)'s receptive field and the step between
 * neighbouring positions' centres (the jump), per axis; null when the layer cannot be traced to the input.
 */
export function gridOnInput(layers: readonly InsideLayer[], layer: string): { centre: [number, number]; step: [number, number] } | null {
  const input = layers[0]?.name;
  if (!input) return null;
  const a = receptiveFields(layers, layer, { y0: 0, y1: 0, x0: 0, x1: 0 }).get(input);
  const b = receptiveFields(layers, layer, { y0: 1, y1: 1, x0: 1, x1: 1 }).get(input);
  if (!a || !b) return null;
  return { centre: [(a.y0 + a.y1) / 2, (a.x0 + a.x1) / 2], step: [b.y0 - a.y0, b.x0 - a.x0] };
}
