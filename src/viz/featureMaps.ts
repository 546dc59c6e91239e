/**
 * Colours and sizes of the Predict screen's "Inside" view: feature maps, filters and Grad-CAM as pixels. One
 * diverging scale everywhere (blue negative, white zero, red positive, d3's RdBu), symmetric about zero, so a map
 * after ReLU reads white to red and a pre-activation map shows its sign; the scale's end is the largest magnitude
 * over a layer (shared) or over each map (per map). Grad-CAM is d3's inferno over the input, transparent at zero.
 */
import { color, interpolateInferno, interpolateRdBu } from 'd3';

/** Entries of each colour table: a value is coloured by the nearest of LUT_SIZE steps (odd, so zero has its own, the scale's white). */
export const LUT_SIZE = 257;

function table(f: (t: number) => string): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = color(f(i / (LUT_SIZE - 1)))!.rgb();
    lut.set([c.r, c.g, c.b], i * 3);
  }
  return lut;
}

// RdBu runs red (0) to blue (1): reversed, so negative is blue and positive red.
const DIVERGING = table((t) => interpolateRdBu(1 - t));
const HEAT = table(interpolateInferno);

/** Largest magnitude of `n` values from `offset` (0 for an empty or all-zero stretch). */
export function maxAbs(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let m = 0;
  for (let i = offset; i < offset + n; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** The diverging colour of `v` on a scale ending at +-`end`, as [r, g, b]. */
export function divergingRgb(v: number, end: number): [number, number, number] {
  const t = end > 0 ? Math.max(-1, Math.min(1, v / end)) : 0;
  const i = Math.round(((t + 1) / 2) * (LUT_SIZE - 1)) * 3;
  return [DIVERGING[i]!, DIVERGING[i + 1]!, DIVERGING[i + 2]!];
}

/** RGBA pixels of an h x w map read from `values` at `offset`, coloured on a scale ending at +-`end`. */
export function mapPixels(values: ArrayLike<number>, offset: number, h: number, w: number, end: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    const [r, g, b] = divergingRgb(values[offset + i]!, end);
    px.set([r, g, b, 255], i * 4);
  }
  return px;
}

/** The scale end of each map of a layer: the layer's largest magnitude for all (shared), or each map's own. */
export function scaleEnds(values: ArrayLike<number>, maps: number, size: number, shared: boolean): number[] {
  const own = Array.from({ length: maps }, (_, m) => maxAbs(values, m * size, size));
  const all = Math.max(0, ...own);
  return shared ? own.map(() => all) : own;
}

/** The legend's colour stops from -end to +end (offset 0..1, CSS colour). */
export function legendStops(count = 9): { offset: number; color: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    const [r, g, b] = divergingRgb(2 * t - 1, 1);
    return { offset: t, color: `rgb(${r},${g},${b})` };
  });
}

/** On-screen pixels per map value: maps of any size come out about `target` px across (whole multiples, so pixels stay square). */
export function cellSize(h: number, w: number, target = 56): number {
  return Math.max(1, Math.round(target / Math.max(h, w, 1)));
}

/**
 * RGBA of a network input as a picture, from its channels one after another (each H x W, as the worker sends maps):
 * gray for one channel, colour for three, each stretched from its smallest to its largest value (inputs come in
 * 0..1, -1..1 or 0..255).
 */
export function inputPixels(values: ArrayLike<number>, h: number, w: number, c: number): Uint8ClampedArray {
  const px = new Uint8ClampedArray(h * w * 4);
  const lo: number[] = [];
  const hi: number[] = [];
  for (let k = 0; k < c; k++) {
    lo.push(Infinity);
    hi.push(-Infinity);
    for (let i = 0; i < h * w; i++) {
      const v = values[k * h * w + i]!;
      lo[k] = Math.min(lo[k]!, v);
      hi[k] = Math.max(hi[k]!, v);
    }
  }
  for (let i = 0; i < h * w; i++) {
    const ch = (k: number) => (hi[k]! > lo[k]! ? (255 * (values[k * h * w + i]! - lo[k]!)) / (hi[k]! - lo[k]!) : 0);
    const rgb = c >= 3 ? [ch(0), ch(1), ch(2)] : [ch(0), ch(0), ch(0)];
    px.set([...rgb, 255], i * 4);
  }
  return px;
}

/** RGBA of a Grad-CAM map: inferno by its share of the largest value, opacity rising with it (zero is clear). */
export function heatPixels(map: ArrayLike<number>, maxOpacity = 0.75): Uint8ClampedArray {
  const top = maxAbs(map);
  const px = new Uint8ClampedArray(map.length * 4);
  for (let i = 0; i < map.length; i++) {
    const t = top > 0 ? map[i]! / top : 0;
    const j = Math.round(t * (LUT_SIZE - 1)) * 3;
    px.set([HEAT[j]!, HEAT[j + 1]!, HEAT[j + 2]!, Math.round(255 * maxOpacity * t)], i * 4);
  }
  return px;
}

/** One filter's weights on one input channel, kh x kw row-major, from TF.js's [row][column][channel][filter] layout. */
export function filterSlice(weights: ArrayLike<number>, kh: number, kw: number, channels: number, count: number, filter: number, channel: number): Float32Array {
  const out = new Float32Array(kh * kw);
  for (let i = 0; i < kh * kw; i++) out[i] = weights[(i * channels + channel) * count + filter]!;
  return out;
}

/** One filter of a 3-channel convolution as a colour picture (its channels one after another), to draw with inputPixels. */
export function filterRgb(weights: ArrayLike<number>, kh: number, kw: number, count: number, filter: number): Float32Array {
  const out = new Float32Array(kh * kw * 3);
  for (let k = 0; k < 3; k++) out.set(filterSlice(weights, kh, kw, 3, count, filter, k), k * kh * kw);
  return out;
}
