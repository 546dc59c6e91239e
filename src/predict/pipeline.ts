/**
 * From a preprocessed image to a model's input batch, and from its outputs to the answer: padding to the
 * network's input (LeNet-5's 32x32, as for training), the course's test-time multi-crop (5 crops, or 10 with
 * mirrors), averaging over crops and over an ensemble's models, top-k, and what it all costs in compute.
 */
import { multiCrop, padImage } from './crops';
import type { GrayImage, RgbaImage } from './image';
import { fitToInput } from './preprocess';

export type CropMode = 'single' | 'five' | 'ten';
export type InputRange = '0,1' | '-1,1' | '0,255';

export const CROP_COUNT: Record<CropMode, number> = { single: 1, five: 5, ten: 10 };

/** Pixels each crop is shifted by from the centre (the padding added on every side before cropping). */
export const CROP_SHIFT = 2;

export interface PreparedInput {
  data: Float32Array;
  count: number;
  shape: [number, number, number];
  /** One name per image in the batch ("centre", "top-left mirrored", ...). */
  names: string[];
}

export type Prepared = { ok: true; input: PreparedInput } | { ok: false; message: string };

const fmt = (s: readonly (number | null)[]) => s.map((d) => d ?? '?').join('x');

/**
 * Input for a model of `inputShape` (H x W x C, null = any) from a 28x28 MNIST-style image: zero-padded around the
 * centre to the model's size; for crops, padded CROP_SHIFT px more and cut at the corners and centre.
 */
export function digitInput(img: GrayImage, inputShape: readonly (number | null)[], mode: CropMode): Prepared {
  if (inputShape.length !== 3) return { ok: false, message: `The model takes inputs of shape ${fmt(inputShape)}, not images (height x width x channels).` };
  const [h0, w0, c0] = inputShape;
  const h = h0 ?? img.height;
  const w = w0 ?? img.width;
  const c = c0 ?? 1;
  if (c !== 1) return { ok: false, message: `The model takes ${c}-channel images; MNIST-style digits have one channel.` };
  if (h < img.height || w < img.width || (h - img.height) % 2 !== 0 || (w - img.width) % 2 !== 0) {
    return { ok: false, message: `The model takes ${fmt(inputShape)} images; a ${img.width}x${img.height} digit fits only a network whose input is as large or larger by an even number of pixels.` };
  }
  const pad = (h - img.height) / 2;
  if (pad !== (w - img.width) / 2) return { ok: false, message: `The model's input ${fmt(inputShape)} is not square; ConvAtlas pads 28x28 digits evenly on all sides.` };
  if (mode === 'single') {
    return { ok: true, input: { data: padImage(img.data, img.height, img.width, 1, pad), count: 1, shape: [h, w, 1], names: ['centre'] } };
  }
  const big = padImage(img.data, img.height, img.width, 1, pad + CROP_SHIFT);
  const s = img.height + 2 * (pad + CROP_SHIFT);
  const crops = multiCrop(big, s, s, 1, h, w, mode === 'ten');
  return { ok: true, input: { data: crops.data, count: crops.count, shape: [h, w, 1], names: crops.names } };
}

/**
 * Input for a model that takes photos (any size, 1 or 3 channels): centre crop and resize to the input (single),
 * or resize to 256/224 of it and cut the corners and centre (the course's 10-crop, as in AlexNet).
 */
export function photoInput(img: RgbaImage, inputShape: readonly (number | null)[], range: InputRange, mode: CropMode): Prepared {
  if (inputShape.length !== 3) return { ok: false, message: `The model takes inputs of shape ${fmt(inputShape)}, not images (height x width x channels).` };
  const [h0, w0, c0] = inputShape;
  const h = h0 ?? 224;
  const w = w0 ?? 224;
  const c = c0 ?? 3;
  if (c !== 1 && c !== 3) return { ok: false, message: `The model takes ${c}-channel inputs; images have 1 (gray) or 3 (RGB).` };
  if (mode === 'single') return { ok: true, input: { data: fitToInput(img, h, w, c, range), count: 1, shape: [h, w, c], names: ['centre'] } };
  const bh = Math.round((h * 256) / 224);
  const bw = Math.round((w * 256) / 224);
  const crops = multiCrop(fitToInput(img, bh, bw, c, range), bh, bw, c, h, w, mode === 'ten');
  return { ok: true, input: { data: crops.data, count: crops.count, shape: [h, w, c], names: crops.names } };
}

/** Mean of `count` rows of `classes` probabilities. */
export function meanRows(probs: Float32Array, count: number, classes: number): Float32Array {
  const out = new Float32Array(classes);
  for (let n = 0; n < count; n++) for (let k = 0; k < classes; k++) out[k]! += probs[n * classes + k]! / count;
  return out;
}

/** Element-wise mean of several probability vectors (an ensemble's members). */
export function meanOf(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) for (let k = 0; k < out.length; k++) out[k]! += v[k]! / vectors.length;
  return out;
}

export interface Ranked {
  label: string;
  index: number;
  p: number;
}

/** The k most probable classes, most probable first (ties: lower index first). */
export function topK(probs: ArrayLike<number>, labels: readonly string[], k = 5): Ranked[] {
  const idx = Array.from({ length: probs.length }, (_, i) => i);
  idx.sort((a, b) => probs[b]! - probs[a]! || a - b);
  return idx.slice(0, k).map((i) => ({ label: labels[i] ?? `class ${i}`, index: i, p: probs[i]! }));
}

/** Compute of one answer: MACs per forward pass times crops, summed over the ensemble's models. */
export function answerCost(macsPerModel: readonly number[], crops: number): { macs: number; multiplier: number } {
  const base = macsPerModel[0] ?? 0;
  const macs = macsPerModel.reduce((a, b) => a + b, 0) * crops;
  return { macs, multiplier: base > 0 ? macs / base : crops * macsPerModel.length };
}
