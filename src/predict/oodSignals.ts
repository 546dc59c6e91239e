/**
 * Is an image like the ones a model was trained on? The measurements an honest answer rests on, and the rule that
 * combines them: each signal is compared with a threshold chosen on the training images (`npm run bench:ood`), and
 * an answer is doubted when at least `need` signals are on the side few training images are on. Pure arithmetic on
 * the preprocessing's arrays and the model's scores; the thresholds and the words live in honesty.ts.
 */
import type { Preprocessed } from './preprocess';

/** The measurements of the image itself (the same for every model of a dataset). */
export const IMAGE_SIGNALS = ['colour', 'border', 'background', 'midtones', 'bright'] as const;
export type ImageSignalId = (typeof IMAGE_SIGNALS)[number];
/** The image's measurements and the model's energy score. */
export type SignalId = ImageSignalId | 'energy';
export type ImageSignals = Record<ImageSignalId, number>;

/**
 * The side of each signal that is unlike MNIST-style images: colour (training images are gray), little of the
 * image's edge plain background (they sit on one; a photo fills its frame), little near-black background, much mid-gray ink (shading, not strokes), little
 * bright ink, and a low energy score (the model's logits are all small: nothing it knows).
 */
export const UNLIKE: Record<SignalId, 'above' | 'below'> = { colour: 'above', border: 'below', background: 'below', midtones: 'above', bright: 'below', energy: 'below' };

/** A pixel of the 28x28 input at or below this is background; above it, ink (the tenth `preprocess` crops at). */
export const INK = 0.1;
/** Ink strictly between these is mid-gray: the soft edge of a stroke, or the shading of a photo. */
export const MID_GRAY = [0.2, 0.8] as const;
/** Ink at or above this is bright (the core of a stroke). */
export const BRIGHT = 0.5;

/**
 * The image's signals from its preprocessing, or null when nothing was left: mean saturation of the shrunk colour
 * image; the share of the inverted image's 1-px edge that is background (at most INK); of the 28x28 input, the
 * share that is background, and the shares of its ink that are mid-gray and bright.
 */
export function imageSignals(pre: Preprocessed): ImageSignals | null {
  if (pre.empty) return null;
  const color = pre.steps.find((s) => s.id === 'resize')?.color;
  const inverted = pre.steps.find((s) => s.id === 'invert')?.image;
  if (!color || !inverted) return null;
  let chroma = 0;
  const n = color.width * color.height;
  for (let i = 0; i < n; i++) {
    const r = color.data[4 * i]!;
    const g = color.data[4 * i + 1]!;
    const b = color.data[4 * i + 2]!;
    chroma += Math.max(r, g, b) - Math.min(r, g, b);
  }
  const { width: w, height: h, data: inv } = inverted;
  let plain = 0;
  let framed = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y !== 0 && y !== h - 1 && x !== 0 && x !== w - 1) continue;
      if (inv[y * w + x]! <= INK) plain++;
      framed++;
    }
  }
  let background = 0;
  let mid = 0;
  let bright = 0;
  const d = pre.image.data;
  for (const v of d) {
    if (v <= INK) background++;
    else {
      if (v > MID_GRAY[0] && v < MID_GRAY[1]) mid++;
      if (v >= BRIGHT) bright++;
    }
  }
  const ink = d.length - background;
  return {
    colour: n > 0 ? chroma / 255 / n : 0,
    border: framed > 0 ? plain / framed : 0,
    background: background / d.length,
    midtones: ink > 0 ? mid / ink : 0,
    bright: ink > 0 ? bright / ink : 0,
  };
}

/** The energy score of one input's logits, log-sum-exp (Liu et al. 2020 use its negative): low means unfamiliar. */
export function energyScore(logits: ArrayLike<number>): number {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]!);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += Math.exp(logits[k]! - max);
  return max + Math.log(sum);
}

/** One signal's threshold and how many of the training images lie on its usual side of it. */
export interface SignalThreshold {
  value: number;
  /** Share of the training images on the usual side (at most `value` for an 'above' signal, at least for 'below'). */
  within: number;
}

/** What an image is compared with: thresholds chosen on `images` training images of one model or dataset. */
export interface Reference {
  /** The training images, in words ("MNIST training digits"). */
  what: string;
  images: number;
  /** How many signals must be on the unusual side to doubt the answer. */
  need: number;
  thresholds: Partial<Record<SignalId, SignalThreshold>>;
  /** Share of those training images the rule flags (what the thresholds were chosen to keep small). */
  flagged: number;
}

/** One signal's verdict. */
export interface Check {
  id: SignalId;
  value: number;
  threshold: SignalThreshold;
  /** True when the value is on the side few training images are on. */
  unusual: boolean;
}

/** Whether a value is past a threshold on a signal's unlike side. */
export function isUnusual(id: SignalId, value: number, threshold: number): boolean {
  return UNLIKE[id] === 'above' ? value > threshold : value < threshold;
}

/** Checks every signal the reference has a threshold for; flagged when at least `need` of them are unusual. */
export function judge(signals: Partial<Record<SignalId, number>>, ref: Reference): { checks: Check[]; flagged: boolean } {
  const checks: Check[] = [];
  for (const [id, threshold] of Object.entries(ref.thresholds) as [SignalId, SignalThreshold][]) {
    const value = signals[id];
    if (value === undefined || !Number.isFinite(value)) continue;
    checks.push({ id, value, threshold, unusual: isUnusual(id, value, threshold.value) });
  }
  return { checks, flagged: checks.filter((c) => c.unusual).length >= ref.need };
}

/**
 * Thresholds from the training images' signals: every signal cut at the same tail (the k-th most unusual image),
 * k as large as it can be while the rule flags at most `target` of the images. Used by `npm run bench:ood`.
 */
export function chooseThresholds(values: Partial<Record<SignalId, Float64Array>>, need: number, target: number): { thresholds: Partial<Record<SignalId, SignalThreshold>>; flagged: number; tail: number } {
  const ids = Object.keys(values) as SignalId[];
  const n = values[ids[0]!]!.length;
  const sorted = new Map(ids.map((id) => [id, Float64Array.from(values[id]!).sort()]));
  const at = (id: SignalId, k: number) => {
    const s = sorted.get(id)!;
    return UNLIKE[id] === 'above' ? s[n - 1 - k]! : s[k]!;
  };
  const flaggedAt = (k: number) => {
    const t = ids.map((id) => at(id, k));
    let flagged = 0;
    for (let i = 0; i < n; i++) {
      let unusual = 0;
      ids.forEach((id, j) => (unusual += isUnusual(id, values[id]![i]!, t[j]!) ? 1 : 0));
      if (unusual >= need) flagged++;
    }
    return flagged / n;
  };
  // The largest k whose rule stays within the target (flagged images only grow with k).
  let lo = 0;
  let hi = Math.floor(n / 2);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (flaggedAt(mid) <= target) lo = mid;
    else hi = mid - 1;
  }
  const thresholds: Partial<Record<SignalId, SignalThreshold>> = {};
  for (const id of ids) {
    const value = at(id, lo);
    let beyond = 0;
    for (const v of values[id]!) if (isUnusual(id, v, value)) beyond++;
    thresholds[id] = { value, within: 1 - beyond / n };
  }
  return { thresholds, flagged: flaggedAt(lo), tail: lo / n };
}
