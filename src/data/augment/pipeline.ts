/**
 * Augmentation as a run setting: which ops, at what strength (each op's parameters are hyper-parameters, as the
 * course says), applied in a fixed order (crop, mirror, rotate and shear, warp, colour shift, PCA colour) with
 * random draws keyed by (seed, epoch, batch, position, op). The same settings and seed make the same batch on any
 * thread, and moving one op's slider never re-rolls another op's draws.
 */
import type { DatasetId } from '../datasets';
import { adaptedShape, type InputAdaptation, type Shape3 } from '../adapt';
import { type CropBox, cropResize, type DisplacementField, elasticField, type FloatImage, mirror, padCrop, rotateShear, shiftChannels, warp } from './ops';
import { type ColourPca, pcaOffset } from './pca';
import { makeRng, mixSeed, type Rng } from './rng';

/** One value per op parameter; every op is off at its identity value (0, or 1 for the crop's minimum area). */
export interface AugmentSettings {
  /** Probability of a left-right mirror (AlexNet: 0.5). */
  mirrorH: number;
  /** Probability of a top-bottom mirror. */
  mirrorV: number;
  /** Pad-and-crop: whole pixels of zero padding, the crop shifted by up to this much (He et al. 2015: 4 on 32x32). With it on, scale-and-crop is off. */
  padCrop: number;
  /** Scale-and-crop: the smallest crop area as a fraction of the image (Szegedy et al. 2015: 0.08; 1 is off). */
  cropMinArea: number;
  /** Largest rotation either way, degrees. */
  rotate: number;
  /** Largest horizontal shear either way, degrees. */
  shear: number;
  /** Elastic warping strength alpha, pixels (Simard et al. 2003 on MNIST: 34; 0 is off). */
  warpAlpha: number;
  /** Elastic warping smoothness sigma, pixels (Simard et al.: 4). */
  warpSigma: number;
  /** Standard deviation of each channel's offset, 0-1 pixel scale. */
  colourShift: number;
  /** Standard deviation of PCA colour's per-axis draw (AlexNet: 0.1). */
  pcaColour: number;
}

/** Every op off. */
export const NO_AUGMENTATION: AugmentSettings = { mirrorH: 0, mirrorV: 0, padCrop: 0, cropMinArea: 1, rotate: 0, shear: 0, warpAlpha: 0, warpSigma: 4, colourShift: 0, pcaColour: 0 };

/** Each op's value when the user switches it on: the paper's where there is one. */
export const OP_DEFAULTS: AugmentSettings = { mirrorH: 0.5, mirrorV: 0.5, padCrop: 4, cropMinArea: 0.08, rotate: 10, shear: 10, warpAlpha: 34, warpSigma: 4, colourShift: 0.05, pcaColour: 0.1 };

/** The ops as the screen lists them, with the parameter that switches each on and its slider's range. */
export const AUGMENT_OPS = [
  { key: 'padCrop', name: 'Random crop (pad and crop)', unit: 'px', min: 0, max: 8, step: 1, source: 'He et al. 2015: pad 4, crop 32x32' },
  { key: 'cropMinArea', name: 'Random crop (scale and crop), smallest area', unit: '', min: 0.08, max: 1, step: 0.01, source: 'Szegedy et al. 2015: 8% to 100% of the area, aspect 3/4 to 4/3' },
  { key: 'mirrorH', name: 'Mirror left-right, probability', unit: '', min: 0, max: 1, step: 0.05, source: 'Krizhevsky et al. 2012: 0.5' },
  { key: 'mirrorV', name: 'Mirror top-bottom, probability', unit: '', min: 0, max: 1, step: 0.05, source: '' },
  { key: 'rotate', name: 'Rotation, up to', unit: '°', min: 0, max: 45, step: 1, source: '' },
  { key: 'shear', name: 'Shear, up to', unit: '°', min: 0, max: 45, step: 1, source: '' },
  { key: 'warpAlpha', name: 'Local warping, strength alpha', unit: 'px', min: 0, max: 60, step: 1, source: 'Simard et al. 2003 on MNIST: alpha 34, sigma 4' },
  { key: 'warpSigma', name: 'Local warping, smoothness sigma', unit: 'px', min: 2, max: 8, step: 0.5, source: '' },
  { key: 'colourShift', name: 'Colour shift, per-channel std', unit: '', min: 0, max: 0.3, step: 0.01, source: '' },
  { key: 'pcaColour', name: 'PCA colour, std of each axis draw', unit: '', min: 0, max: 1, step: 0.01, source: 'Krizhevsky et al. 2012: 0.1' },
] as const satisfies readonly { key: keyof AugmentSettings; name: string; unit: string; min: number; max: number; step: number; source: string }[];

/** The ops that are on (warping's sigma alone does not switch it on). */
export function opsOn(s: AugmentSettings) {
  return AUGMENT_OPS.filter((o) => o.key !== 'warpSigma' && s[o.key] !== NO_AUGMENTATION[o.key]);
}

/** The ops that are on with their values, for a settings table or a diff ("pad and crop 2 px, rotation ±10°"); "none" when all are off. */
export function describeAugment(s: AugmentSettings): string {
  const parts = opsOn(s).map((o) => {
    switch (o.key) {
      case 'padCrop':
        return `pad and crop ${s.padCrop} px`;
      case 'cropMinArea':
        return `scale and crop to ${Math.round(s.cropMinArea * 100)}% or more of the area`;
      case 'mirrorH':
        return `mirror left-right p ${s.mirrorH}`;
      case 'mirrorV':
        return `mirror top-bottom p ${s.mirrorV}`;
      case 'rotate':
        return `rotation ±${s.rotate}°`;
      case 'shear':
        return `shear ±${s.shear}°`;
      case 'warpAlpha':
        return `elastic warping alpha ${s.warpAlpha} px, sigma ${s.warpSigma} px`;
      case 'colourShift':
        return `colour shift sd ${s.colourShift}`;
      case 'pcaColour':
        return `PCA colour sd ${s.pcaColour}`;
    }
  });
  return parts.length > 0 ? parts.join('; ') : 'none';
}

/** Whether any op is on. */
export function isAugmenting(s: AugmentSettings | undefined): s is AugmentSettings {
  return !!s && opsOn(s).length > 0;
}

/** Settings read from anywhere (a stored run, a form): numbers clamped to each op's range, unknown keys dropped. */
export function parseAugment(v: unknown): AugmentSettings | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const out = { ...NO_AUGMENTATION };
  for (const o of AUGMENT_OPS) {
    const x = r[o.key];
    if (x === undefined) continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) return null;
    out[o.key] = o.key === 'cropMinArea' ? Math.min(1, Math.max(o.min, x)) : Math.min(o.max, Math.max(o.key === 'warpSigma' ? o.min : 0, x));
  }
  // Whole pixels of padding; the two random crops are alternatives, and pad-and-crop wins.
  out.padCrop = Math.round(out.padCrop);
  if (out.padCrop > 0) out.cropMinArea = 1;
  return out;
}

const OP_MIRROR = 1;
const OP_CROP = 2;
const OP_AFFINE = 3;
const OP_WARP = 4;
const OP_COLOUR = 5;
const OP_PCA = 6;

/** A random crop box of at least `minArea` of the image and aspect ratio in [3/4, 4/3], Inception-style (10 tries, then the whole image). */
function scaleCropBox(h: number, w: number, minArea: number, rng: Rng): CropBox {
  for (let t = 0; t < 10; t++) {
    const area = (minArea + (1 - minArea) * rng.uniform()) * h * w;
    const logR = Math.log(3 / 4) + (Math.log(4 / 3) - Math.log(3 / 4)) * rng.uniform();
    const ratio = Math.exp(logR);
    const cw = Math.sqrt(area * ratio);
    const ch = Math.sqrt(area / ratio);
    if (cw <= w && ch <= h) return { x: rng.uniform() * (w - cw), y: rng.uniform() * (h - ch), w: cw, h: ch };
  }
  return { x: 0, y: 0, w, h };
}

/** Elastic fields a run makes once (each an exact draw at alpha 1), used under 4 mirrorings and 2 signs: 2,048 distinct fields. */
export const FIELD_BANK = 256;

/** What a run computes once for its augmentation: the training set's colour axes and the bank of elastic fields. */
export interface AugmentContext {
  pca: ColourPca | null;
  fields: DisplacementField[] | null;
}

/**
 * The bank of elastic fields for images of `h` x `w` at smoothness `sigma`, seeded (alpha 1: a field scales
 * linearly with alpha, so the strength slider needs no new bank). Making a field costs ~50x warping with one, and
 * the augmentation worker must stay far cheaper than the training it feeds.
 */
export function fieldBank(seed: number, h: number, w: number, sigma: number): DisplacementField[] {
  const r = makeRng(mixSeed(seed, OP_WARP, h, w));
  const noise = new Float32Array(2 * h * w);
  return Array.from({ length: FIELD_BANK }, () => {
    for (let i = 0; i < noise.length; i++) noise[i] = r.uniform();
    return elasticField(h, w, 1, sigma, noise);
  });
}

/** The crop an image with this seed gets: pad-and-crop's shift, or scale-and-crop's box; null when neither is on. */
function cropDraw(h: number, w: number, s: AugmentSettings, seed: number): { pad: number; dx: number; dy: number } | { box: CropBox } | null {
  const r = makeRng(mixSeed(seed, OP_CROP));
  if (s.padCrop > 0) {
    const p = Math.round(s.padCrop);
    return { pad: p, dx: Math.floor(r.uniform() * (2 * p + 1)), dy: Math.floor(r.uniform() * (2 * p + 1)) };
  }
  return s.cropMinArea < 1 ? { box: scaleCropBox(h, w, s.cropMinArea, r) } : null;
}

/**
 * One image through the pipeline. `seed` keys every draw (mixSeed of run seed, epoch, batch, position); `ctx` holds
 * the training set's colour axes (for PCA colour) and the run's elastic fields (for warping).
 */
export function augmentImage(img: FloatImage, s: AugmentSettings, seed: number, ctx: AugmentContext): FloatImage {
  const op = (k: number) => makeRng(mixSeed(seed, k));
  let out = img;
  const crop = cropDraw(img.h, img.w, s, seed);
  if (crop) out = 'box' in crop ? cropResize(out, crop.box) : padCrop(out, crop.pad, crop.dx, crop.dy);
  if (s.mirrorH > 0 || s.mirrorV > 0) {
    const r = op(OP_MIRROR);
    out = mirror(out, r.uniform() < s.mirrorH, r.uniform() < s.mirrorV);
  }
  if (s.rotate > 0 || s.shear > 0) {
    const r = op(OP_AFFINE);
    out = rotateShear(out, (r.uniform() * 2 - 1) * s.rotate, (r.uniform() * 2 - 1) * s.shear);
  }
  if (s.warpAlpha > 0 && ctx.fields) {
    const r = op(OP_WARP);
    const field = ctx.fields[Math.floor(r.uniform() * ctx.fields.length)]!;
    out = warp(out, field, { flipX: r.uniform() < 0.5, flipY: r.uniform() < 0.5, scale: r.uniform() < 0.5 ? -s.warpAlpha : s.warpAlpha });
  }
  if (s.colourShift > 0) {
    const r = op(OP_COLOUR);
    out = shiftChannels(out, Array.from({ length: out.c }, () => r.normal() * s.colourShift));
  }
  const pca = ctx.pca;
  if (s.pcaColour > 0 && pca) {
    const r = op(OP_PCA);
    out = shiftChannels(out, pcaOffset(pca, pca.eigenvalues.map(() => r.normal() * s.pcaColour)));
  }
  return out;
}

/** The seed of image `position` of batch `batch` in epoch `epoch` of a run seeded `runSeed`. */
export function imageSeed(runSeed: number, epoch: number, batch: number, position: number): number {
  return mixSeed(runSeed, epoch, batch, position);
}

/** One batch's key: the run's seed, the epoch and the batch's number in it. */
export interface BatchKey {
  seed: number;
  epoch: number;
  batch: number;
}

/**
 * The tensor data of one augmented batch (NHWC floats, adapted to the network's input by the run's padding): the
 * images at `indices` of `images` (H x W x C bytes), each augmented at the dataset's own size first.
 */
export function augmentBatch(images: Uint8Array, data: Shape3, indices: ArrayLike<number>, a: InputAdaptation, s: AugmentSettings, key: BatchKey, ctx: AugmentContext): Float32Array {
  if (!a.ok) throw new Error(a.message);
  const [dh, dw, c] = data;
  const [oh, ow] = adaptedShape(data, a);
  const top = a.kind === 'pad' ? a.top : 0;
  const left = a.kind === 'pad' ? a.left : 0;
  const per = oh * ow * c;
  const inPer = dh * dw * c;
  const buf = new Float32Array(per * indices.length);
  const src: FloatImage = { h: dh, w: dw, c, data: new Float32Array(inPer) };
  for (let n = 0; n < indices.length; n++) {
    const from = indices[n]! * inPer;
    for (let i = 0; i < inPer; i++) src.data[i] = images[from + i]! / 255;
    const out = augmentImage(src, s, imageSeed(key.seed, key.epoch, key.batch, n), ctx);
    for (let y = 0; y < dh; y++) buf.set(out.data.subarray(y * dw * c, (y + 1) * dw * c), n * per + ((y + top) * ow + left) * c);
  }
  return buf;
}

/**
 * The crop guard's measure of "a wrong crop": the share of the image's ink (pixel mass) inside the region the
 * image with this seed is cropped to (pad-and-crop's shifted window, or scale-and-crop's box before it is
 * enlarged), pixels on the region's edge counted by the part of them inside; null when no crop is on.
 */
export function cropInkKept(img: FloatImage, s: AugmentSettings, seed: number): number | null {
  const crop = cropDraw(img.h, img.w, s, seed);
  if (!crop) return null;
  const b = 'box' in crop ? crop.box : { x: crop.dx - crop.pad, y: crop.dy - crop.pad, w: img.w, h: img.h };
  const inside = (i: number, from: number, size: number) => Math.max(0, Math.min(i + 1, from + size) - Math.max(i, from));
  let all = 0;
  let kept = 0;
  for (let y = 0; y < img.h; y++) {
    const wy = inside(y, b.y, b.h);
    for (let x = 0; x < img.w; x++) {
      const wx = inside(x, b.x, b.w);
      for (let k = 0; k < img.c; k++) {
        const v = img.data[(y * img.w + x) * img.c + k]!;
        all += v;
        kept += v * wx * wy;
      }
    }
  }
  return all === 0 ? 1 : kept / all;
}

/** Warnings for ops that can change what an image of this dataset shows (the course: mirror "only if it preserves what you are trying to classify"). */
export function labelWarnings(dataset: DatasetId, s: AugmentSettings): string[] {
  const w: string[] = [];
  if (dataset === 'mnist') {
    if (s.mirrorH > 0) w.push('Mirroring digits left-right changes what they read as: a mirrored 2 or 5 is no digit, and 3 and 7 turn into shapes no one writes.');
    if (s.mirrorV > 0) w.push('Mirroring top-bottom turns some digits into others (a 6 mirrored and rotated reads as a 9) and most into no digit.');
    if (s.rotate > 30) w.push(`Rotations up to ${s.rotate}° can turn a 6 into a 9 and a 1 into a dash: keep digits within about 30°.`);
  } else {
    if (s.mirrorV > 0) w.push('Mirroring clothes top-bottom makes upside-down garments the test set never shows; left-right mirroring keeps the label.');
    if (s.rotate > 30) w.push(`Rotations up to ${s.rotate}° show garments at angles the test set never has (all are upright).`);
  }
  if (s.cropMinArea < 0.3) w.push(`Crops as small as ${Math.round(s.cropMinArea * 100)}% of the image can miss the object altogether on 28x28 images (the course's "wrong crop"): make the crops big enough.`);
  if (s.padCrop > 6) w.push(`Shifts of up to ${s.padCrop} px move strokes off a 28x28 image's edge.`);
  return w;
}
