/**
 * MNIST-style preprocessing of a user's image, one visible step at a time (what the prediction panel shows and
 * the CLI runs): shrink, gray, invert to light-on-dark, crop, scale the box (20 px for MNIST as LeCun et al.
 * did, 28 px for Fashion-MNIST as Zalando did), centre. Plus fitToInput for models that take photos.
 * Resampling is separable: an exact box filter (area averaging) when an axis shrinks, bilinear on pixel
 * centres when it grows; RGBA is read row by row, alpha-premultiplied, so a big photo is never copied as floats.
 */
import { centreOfMass, type GrayImage, type RgbaImage } from './image';

export type Style = 'mnist' | 'fashion';

/** One preprocessing step: its picture and a sentence with the numbers it used. */
export interface Step {
  id: 'resize' | 'grayscale' | 'invert' | 'crop' | 'scale' | 'centre' | string;
  title: string;
  detail: string;
  image: GrayImage;
  /** Only on the resize step: the shrunk colour image (over white), for a UI that wants to show colour there. */
  color?: RgbaImage;
}

/** The steps, the 28 x 28 result (0..1, light on dark), whether it was inverted, and whether nothing was left. */
export interface Preprocessed {
  steps: Step[];
  image: GrayImage;
  inverted: boolean;
  empty: boolean;
}

/** The longest side the first step shrinks to: enough detail for a 20 px digit, cheap to show and process. */
export const WORK_SIDE = 112;
/** Luma weights (ITU-R BT.601), the usual RGB to gray. */
const LUMA = [0.299, 0.587, 0.114] as const;

/** For one axis: each output sample is the weighted sum of source samples first..first+w.length-1. */
export interface AxisTap {
  first: number;
  w: number[];
}

/** Weights for resampling srcLen samples (starting at offset) to dstLen: area when shrinking, else bilinear. */
export function axisWeights(srcLen: number, dstLen: number, offset = 0): AxisTap[] {
  const taps: AxisTap[] = [];
  const s = srcLen / dstLen;
  for (let i = 0; i < dstLen; i++) {
    if (dstLen < srcLen) {
      const a = i * s;
      const b = (i + 1) * s;
      const j0 = Math.floor(a);
      const j1 = Math.min(srcLen, Math.ceil(b - 1e-9));
      const w: number[] = [];
      for (let j = j0; j < j1; j++) w.push((Math.min(b, j + 1) - Math.max(a, j)) / s);
      taps.push({ first: offset + j0, w });
    } else if (dstLen === srcLen) {
      taps.push({ first: offset + i, w: [1] });
    } else {
      const x = Math.min(srcLen - 1, Math.max(0, (i + 0.5) * s - 0.5));
      const j0 = Math.floor(x);
      const f = x - j0;
      taps.push(j0 + 1 < srcLen && f > 0 ? { first: offset + j0, w: [1 - f, f] } : { first: offset + j0, w: [1] });
    }
  }
  return taps;
}

/** A rectangle of a source image. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Resamples a rectangle of RGBA bytes to dstW x dstH, alpha-premultiplied: returns 4 floats a pixel, colour
 * channels already multiplied by alpha (0..255) and alpha in 0..255, so averaging never bleeds transparent colour.
 */
export function resampleRgba(img: RgbaImage, rect: Rect, dstW: number, dstH: number): Float32Array {
  const xs = axisWeights(rect.w, dstW, rect.x);
  const ys = axisWeights(rect.h, dstH, rect.y);
  const tmp = new Float32Array(dstW * rect.h * 4);
  const row = new Float32Array(img.width * 4);
  const d = img.data;
  for (let y = 0; y < rect.h; y++) {
    const base = (rect.y + y) * img.width * 4;
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      const p = base + 4 * x;
      const a = (d[p + 3] ?? 0) / 255;
      row[4 * x] = (d[p] ?? 0) * a;
      row[4 * x + 1] = (d[p + 1] ?? 0) * a;
      row[4 * x + 2] = (d[p + 2] ?? 0) * a;
      row[4 * x + 3] = d[p + 3] ?? 0;
    }
    for (let i = 0; i < dstW; i++) {
      const { first, w } = xs[i]!;
      let r = 0, g = 0, b = 0, al = 0;
      for (let k = 0; k < w.length; k++) {
        const q = 4 * (first + k);
        const wk = w[k]!;
        r += row[q]! * wk;
        g += row[q + 1]! * wk;
        b += row[q + 2]! * wk;
        al += row[q + 3]! * wk;
      }
      const o = 4 * (y * dstW + i);
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
      tmp[o + 3] = al;
    }
  }
  return verticalPass(tmp, dstW, 4, ys, rect.y, dstH);
}

/** Resamples a one-channel float image (w x h) to dstW x dstH. */
export function resampleGray(src: Float32Array, w: number, h: number, dstW: number, dstH: number): Float32Array {
  const xs = axisWeights(w, dstW);
  const ys = axisWeights(h, dstH);
  const tmp = new Float32Array(dstW * h);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < dstW; i++) {
      const { first, w: wt } = xs[i]!;
      let s = 0;
      for (let k = 0; k < wt.length; k++) s += src[y * w + first + k]! * wt[k]!;
      tmp[y * dstW + i] = s;
    }
  }
  return verticalPass(tmp, dstW, 1, ys, 0, dstH);
}

function verticalPass(tmp: Float32Array, dstW: number, c: number, ys: AxisTap[], rowOffset: number, dstH: number): Float32Array {
  const out = new Float32Array(dstW * dstH * c);
  const stride = dstW * c;
  for (let j = 0; j < dstH; j++) {
    const { first, w } = ys[j]!;
    const o = j * stride;
    for (let k = 0; k < w.length; k++) {
      const src = (first - rowOffset + k) * stride;
      const wk = w[k]!;
      for (let t = 0; t < stride; t++) out[o + t]! += tmp[src + t]! * wk;
    }
  }
  return out;
}

const fmt = (v: number): string => v.toFixed(2);

/** The 28 x 28 MNIST-style input for an image, with every step shown and explained; never throws. */
export function preprocess(img: RgbaImage, style: Style, invert: 'auto' | boolean = 'auto'): Preprocessed {
  const steps: Step[] = [];
  const blank = (detail: string): Preprocessed => {
    steps.push({ id: 'crop', title: 'Crop', detail, image: { width: 28, height: 28, data: new Float32Array(784) } });
    return { steps, image: { width: 28, height: 28, data: new Float32Array(784) }, inverted: false, empty: true };
  };
  const W = Math.floor(img.width);
  const H = Math.floor(img.height);
  if (!(W >= 1 && H >= 1) || img.data.length < W * H * 4) {
    return blank(`nothing to see: the image has no pixels (${img.width} x ${img.height}, ${img.data.length} bytes)`);
  }

  // 1 resize (premultiplied RGBA, area averaging)
  const scale = Math.min(1, WORK_SIDE / Math.max(W, H));
  const w1 = Math.max(1, Math.round(W * scale));
  const h1 = Math.max(1, Math.round(H * scale));
  const rgba = resampleRgba(img, { x: 0, y: 0, w: W, h: H }, w1, h1);
  const gray = new Float32Array(w1 * h1);
  const color = new Uint8ClampedArray(w1 * h1 * 4);
  let translucent = 0;
  for (let i = 0; i < w1 * h1; i++) {
    const white = 255 - rgba[4 * i + 3]!; // composite over white: premultiplied colour + (1 - alpha) * 255
    if (white > 0.5) translucent++;
    const r = rgba[4 * i]! + white;
    const g = rgba[4 * i + 1]! + white;
    const b = rgba[4 * i + 2]! + white;
    color[4 * i] = r;
    color[4 * i + 1] = g;
    color[4 * i + 2] = b;
    color[4 * i + 3] = 255;
    gray[i] = Math.min(1, Math.max(0, (LUMA[0] * r + LUMA[1] * g + LUMA[2] * b) / 255));
  }
  const g1: GrayImage = { width: w1, height: h1, data: gray };
  steps.push({
    id: 'resize',
    title: 'Resize',
    detail: w1 === W && h1 === H
      ? `Already ${W} x ${H}, unchanged: no side is longer than ${WORK_SIDE} pixels.`
      : `Shrunk from ${W} x ${H} to ${w1} x ${h1} pixels by averaging the pixels each new one covers (area resampling), so the longest side is at most ${WORK_SIDE}.`,
    image: g1,
    color: { width: w1, height: h1, data: color },
  });

  // 2 grayscale
  const pct = Math.round((100 * translucent) / (w1 * h1));
  steps.push({
    id: 'grayscale',
    title: 'Grayscale',
    detail: `Converted to gray as 0.299 R + 0.587 G + 0.114 B` +
      (translucent > 0 ? `, with the ${pct}% of pixels that are (partly) transparent composited over white.` : '; no pixel is transparent.'),
    image: g1,
  });

  // 3 invert
  const borderMean = frameMean(g1);
  const doInvert = invert === 'auto' ? borderMean > 0.5 : invert;
  const inv = new Float32Array(gray.length);
  for (let i = 0; i < gray.length; i++) inv[i] = doInvert ? 1 - gray[i]! : gray[i]!;
  const g3: GrayImage = { width: w1, height: h1, data: inv };
  const why = invert === 'auto'
    ? `The 1-pixel border averages ${fmt(borderMean)} (${borderMean > 0.5 ? 'a light background' : 'a dark background'})`
    : `Border mean ${fmt(borderMean)}; you chose ${invert ? 'to invert' : 'not to invert'}`;
  steps.push({
    id: 'invert',
    title: 'Invert',
    detail: doInvert
      ? `${why}, so the image was inverted (1 - v) to light on dark, as ${style === 'mnist' ? 'MNIST digits' : 'Fashion-MNIST items'} are.`
      : `${why}, so it was left as it is: already light on dark, as ${style === 'mnist' ? 'MNIST digits' : 'Fashion-MNIST items'} are.`,
    image: g3,
  });

  // 4 crop
  let max = 0;
  for (const v of inv) if (v > max) max = v;
  if (max <= 0.1) {
    const r = blank(`nothing to see: the image is blank after inverting (its brightest pixel is ${fmt(max)}, not above 0.10).`);
    return { ...r, inverted: doInvert };
  }
  const thr = 0.1 * max;
  let x0 = w1, y0 = h1, x1 = -1, y1 = -1;
  for (let y = 0; y < h1; y++) {
    for (let x = 0; x < w1; x++) {
      if (inv[y * w1 + x]! > thr) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const box = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) box.set(inv.subarray((y0 + y) * w1 + x0, (y0 + y) * w1 + x0 + bw), y * bw);
  steps.push({
    id: 'crop',
    title: 'Crop',
    detail: `Cropped to the ${bw} x ${bh} box (from x ${x0}, y ${y0}) of pixels brighter than ${fmt(thr)}, a tenth of the brightest (${fmt(max)}).`,
    image: { width: bw, height: bh, data: box },
  });

  // 5 scale
  const side = style === 'mnist' ? 20 : 28;
  const k = side / Math.max(bw, bh);
  const sw = Math.max(1, Math.min(side, Math.round(bw * k)));
  const sh = Math.max(1, Math.min(side, Math.round(bh * k)));
  const scaled = resampleGray(box, bw, bh, sw, sh);
  const sImg: GrayImage = { width: sw, height: sh, data: scaled };
  steps.push({
    id: 'scale',
    title: 'Scale',
    detail: `Scaled the ${bw} x ${bh} box to ${sw} x ${sh} so its longest side is ${side} pixels, keeping the aspect ratio (${k < 1 ? 'area averaging' : 'bilinear'}), ` +
      (style === 'mnist' ? 'as LeCun et al. normalised MNIST digits to 20 x 20.' : 'as Zalando trimmed and resized Fashion-MNIST photos to 28 pixels.'),
    image: sImg,
  });

  // 6 centre
  const out = new Float32Array(784);
  let dx: number;
  let dy: number;
  let detail: string;
  if (style === 'mnist') {
    const c = centreOfMass(sImg) ?? { x: (sw - 1) / 2, y: (sh - 1) / 2 };
    dx = Math.round(14 - c.x);
    dy = Math.round(14 - c.y);
    detail = `Pasted into 28 x 28 so the centre of mass (${c.x.toFixed(1)}, ${c.y.toFixed(1)}) of the ${sw} x ${sh} box lands at (14, 14): shifted by (${dx}, ${dy}), as MNIST was made.`;
  } else {
    dx = Math.floor((28 - sw) / 2);
    dy = Math.floor((28 - sh) / 2);
    detail = `Centred the ${sw} x ${sh} box in 28 x 28 (offset ${dx}, ${dy}), as Fashion-MNIST items are.`;
  }
  let clipped = 0;
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const tx = x + dx;
      const ty = y + dy;
      const v = Math.min(1, Math.max(0, scaled[y * sw + x]!));
      if (tx < 0 || tx >= 28 || ty < 0 || ty >= 28) clipped += v > 0 ? 1 : 0;
      else out[ty * 28 + tx] = v;
    }
  }
  if (clipped > 0) detail += ` ${clipped} pixels fell outside and were clipped.`;
  const final: GrayImage = { width: 28, height: 28, data: out };
  steps.push({ id: 'centre', title: 'Centre', detail, image: final });
  return { steps, image: final, inverted: doInvert, empty: false };
}

/** Mean of the 1-pixel frame of an image (all of it when it is 1 or 2 pixels thin). */
function frameMean(img: GrayImage): number {
  const { width: w, height: h, data } = img;
  let s = 0;
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y === 0 || y === h - 1 || x === 0 || x === w - 1) {
        s += data[y * w + x]!;
        n++;
      }
    }
  }
  return n > 0 ? s / n : 0;
}

/**
 * An image as a photo model's input (e.g. 224 x 224 x 3): centre-cropped to the input's aspect ratio, resized
 * (area when shrinking, bilinear when enlarging), composited over white, NHWC without the batch dimension, values
 * in the range the model expects. One channel means luma.
 */
export function fitToInput(img: RgbaImage, h: number, w: number, channels: 1 | 3, range: '0,1' | '-1,1' | '0,255'): Float32Array {
  const out = new Float32Array(Math.max(0, h * w * channels));
  const W = Math.floor(img.width);
  const H = Math.floor(img.height);
  if (!(W >= 1 && H >= 1 && h >= 1 && w >= 1) || img.data.length < W * H * 4) return out;
  let rect: Rect;
  if (W * h > H * w) {
    const cw = Math.max(1, Math.min(W, Math.round((H * w) / h)));
    rect = { x: Math.floor((W - cw) / 2), y: 0, w: cw, h: H };
  } else {
    const ch = Math.max(1, Math.min(H, Math.round((W * h) / w)));
    rect = { x: 0, y: Math.floor((H - ch) / 2), w: W, h: ch };
  }
  const px = resampleRgba(img, rect, w, h);
  const map = range === '0,1' ? (v: number) => v / 255 : range === '-1,1' ? (v: number) => v / 127.5 - 1 : (v: number) => v;
  for (let i = 0; i < h * w; i++) {
    const white = 255 - px[4 * i + 3]!;
    const r = px[4 * i]! + white;
    const g = px[4 * i + 1]! + white;
    const b = px[4 * i + 2]! + white;
    if (channels === 1) {
      out[i] = map(LUMA[0] * r + LUMA[1] * g + LUMA[2] * b);
    } else {
      out[3 * i] = map(r);
      out[3 * i + 1] = map(g);
      out[3 * i + 2] = map(b);
    }
  }
  return out;
}
