import { describe, expect, it } from 'vitest';
import { adaptInput, toFloatBatch } from '../adapt';
import { cropResize, elasticField, type FloatImage, mirror, padCrop, rotateShear, shiftChannels, warp } from './ops';
import { colourPca, pcaOffset, symmetricEigen } from './pca';
import { type AugmentContext, augmentBatch, augmentImage, cropInkKept, describeAugment, fieldBank, FIELD_BANK, labelWarnings, NO_AUGMENTATION, OP_DEFAULTS, parseAugment, type AugmentSettings } from './pipeline';
import { makeRng } from './rng';

/** A deterministic test image with no symmetry: value depends on x, y and channel. */
function sample(h = 7, w = 9, c = 3): FloatImage {
  const data = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = ((x * 7 + y * 13 + k * 5) % 17) / 17;
  return { h, w, c, data };
}

const all = (over: Partial<AugmentSettings>): AugmentSettings => ({ ...NO_AUGMENTATION, ...over });
const NONE: AugmentContext = { pca: null, fields: null };
const withFields: AugmentContext = { pca: null, fields: fieldBank(1, 28, 28, 4) };

describe('augmentation ops', () => {
  it('mirroring twice is the identity, once is not', () => {
    const img = sample();
    for (const [h, v] of [[true, false], [false, true], [true, true]] as const) {
      const once = mirror(img, h, v);
      expect(Array.from(once.data)).not.toEqual(Array.from(img.data));
      expect(Array.from(mirror(once, h, v).data)).toEqual(Array.from(img.data));
    }
    // Left-right moves column 0 to column w-1.
    const m = mirror(img, true, false);
    expect(m.data[(0 * 9 + 8) * 3 + 1]).toBe(img.data[1]);
  });

  it('every op at zero strength returns its input bit for bit', () => {
    const img = sample();
    expect(mirror(img, false, false).data).toEqual(img.data);
    expect(padCrop(img, 3, 3, 3).data).toEqual(img.data);
    expect(cropResize(img, { x: 0, y: 0, w: 9, h: 7 }).data).toEqual(img.data);
    expect(rotateShear(img, 0, 0).data).toEqual(img.data);
    expect(warp(img, elasticField(7, 9, 0, 4, new Float32Array(2 * 63).fill(0.9))).data).toEqual(img.data);
    expect(shiftChannels(img, [0, 0, 0]).data).toEqual(img.data);
    expect(augmentImage(img, NO_AUGMENTATION, 123, NONE).data).toEqual(img.data);
    expect(warp(img, elasticField(7, 9, 1, 4, new Float32Array(2 * 63).fill(0.9)), { flipX: true, flipY: true, scale: 0 }).data).toEqual(img.data);
  });

  it('pad-and-crop shifts by whole pixels and fills with zeros', () => {
    const img = sample();
    const s = padCrop(img, 2, 0, 2); // shift content right by 2
    expect(s.data[(3 * 9 + 0) * 3]).toBe(0);
    expect(s.data[(3 * 9 + 2) * 3]).toBe(img.data[(3 * 9 + 0) * 3]);
  });

  it('rotating by 90 degrees four times on a square image returns it; 90 degrees moves the top-left corner to the bottom-left', () => {
    const img = sample(5, 5, 1);
    let r = img;
    for (let i = 0; i < 4; i++) r = rotateShear(r, 90, 0);
    r.data.forEach((v, i) => expect(v).toBeCloseTo(img.data[i]!, 5));
    // Counter-clockwise on screen: the top-left pixel goes to the bottom-left.
    expect(rotateShear(img, 90, 0).data[4 * 5 + 0]).toBeCloseTo(img.data[0]!, 5);
  });

  it('a shear of 45 degrees moves row y by (y - centre) pixels', () => {
    const img = sample(5, 9, 1);
    const s = rotateShear(img, 0, 45);
    // Row 4 is 2 below the centre row: x' = x + 2, so output (4, 5) samples input (4, 3).
    expect(s.data[4 * 9 + 5]).toBeCloseTo(img.data[4 * 9 + 3]!, 5);
    expect(s.data[2 * 9 + 5]).toBeCloseTo(img.data[2 * 9 + 5]!, 5);
  });

  it('an elastic field is smooth and scales with alpha', () => {
    const rng = makeRng(5);
    const noise = Float32Array.from({ length: 2 * 28 * 28 }, () => rng.uniform());
    const f1 = elasticField(28, 28, 1, 4, noise);
    const f34 = elasticField(28, 28, 34, 4, noise);
    f1.dx.forEach((v, i) => expect(f34.dx[i]).toBeCloseTo(v * 34, 4));
    // Smooth: neighbouring displacements differ far less than independent noise would (uniform noise: ~0.8).
    let step = 0;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 27; x++) step += Math.abs(f1.dx[y * 28 + x + 1]! - f1.dx[y * 28 + x]!);
    expect(step / (28 * 27)).toBeLessThan(0.05);
  });

  it("the field is Simard's: within 5% of its peak (3% RMS) of the full-resolution Gaussian blur it approximates", () => {
    /** The reference: blur every pixel, truncated at 4 sigma as scipy does. */
    const exact = (u: Float32Array, h: number, w: number, sigma: number) => {
      const r = Math.ceil(4 * sigma);
      const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
      const sum = k.reduce((a, b) => a + b, 0);
      const tmp = new Float64Array(h * w);
      const out = new Float64Array(h * w);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let i = -r; i <= r; i++) if (x + i >= 0 && x + i < w) tmp[y * w + x]! += (k[i + r]! / sum) * u[y * w + x + i]!;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let i = -r; i <= r; i++) if (y + i >= 0 && y + i < h) out[y * w + x]! += (k[i + r]! / sum) * tmp[(y + i) * w + x]!;
      return out;
    };
    for (const [h, w, sigma] of [[28, 28, 4], [32, 32, 2], [27, 31, 6], [28, 28, 3]] as const) {
      const rng = makeRng(h * w);
      const noise = Float32Array.from({ length: 2 * h * w }, () => rng.uniform());
      const f = elasticField(h, w, 1, sigma, noise);
      const ref = exact(Float32Array.from(noise.subarray(0, h * w), (v) => v * 2 - 1), h, w, sigma);
      const peak = Math.max(...ref.map(Math.abs));
      const worst = Math.max(...f.dx.map((v, i) => Math.abs(v - ref[i]!)));
      expect(worst / peak).toBeLessThan(0.05);
      let se = 0;
      let ss = 0;
      f.dx.forEach((v, i) => {
        se += (v - ref[i]!) ** 2;
        ss += ref[i]! ** 2;
      });
      expect(Math.sqrt(se / ss)).toBeLessThan(0.03);
    }
  });

  it('a field mirrored (its mirrored component negated) or negated is the same warp as that field made from mirrored or negated noise', () => {
    const rng = makeRng(3);
    const noise = Float32Array.from({ length: 2 * 28 * 28 }, () => rng.uniform());
    const field = elasticField(28, 28, 1, 3, noise);
    // The noise mirrored left-right, and its x part negated (u -> 1 - u flips the sign of 2u - 1).
    const mirrored = new Float32Array(noise.length);
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        mirrored[y * 28 + x] = 1 - noise[y * 28 + (27 - x)]!;
        mirrored[784 + y * 28 + x] = noise[784 + y * 28 + (27 - x)]!;
      }
    const img = { h: 28, w: 28, c: 1, data: Float32Array.from({ length: 784 }, (_, i) => ((i * 7) % 29) / 29) };
    const worst = (a: FloatImage, b: FloatImage) => Math.max(...a.data.map((v, i) => Math.abs(v - b.data[i]!)));
    // Mirrored: the same (at sigma 3 the blur is exact at every pixel; from 4 up the coarse grid, which mirroring
    // moves, adds its own few-percent error).
    const viaView = warp(img, field, { flipX: true, flipY: false, scale: 34 });
    expect(worst(viaView, warp(img, elasticField(28, 28, 34, 3, mirrored)))).toBeLessThan(1e-4);
    // And far from what the unmirrored field does.
    expect(worst(viaView, warp(img, field, { flipX: false, flipY: false, scale: 34 }))).toBeGreaterThan(0.3);
    // Negated: the blur is linear, so exactly the field of the negated noise.
    const negated = warp(img, elasticField(28, 28, 34, 3, noise.map((u) => 1 - u)));
    expect(worst(warp(img, field, { flipX: false, flipY: false, scale: -34 }), negated)).toBeLessThan(1e-4);
  });

  it('a run makes its bank of fields once: seeded, distinct, and an image picks one of 2,048 views of them', () => {
    const a = fieldBank(5, 28, 28, 4);
    expect(a).toHaveLength(FIELD_BANK);
    expect(fieldBank(5, 28, 28, 4)[17]!.dx).toEqual(a[17]!.dx);
    expect(fieldBank(6, 28, 28, 4)[17]!.dx).not.toEqual(a[17]!.dx);
    expect(a[0]!.dx).not.toEqual(a[1]!.dx);
    const img = { h: 28, w: 28, c: 1, data: Float32Array.from({ length: 784 }, (_, i) => ((i * 7) % 29) / 29) };
    const seen = new Set<string>();
    for (let seed = 0; seed < 300; seed++) seen.add(augmentImage(img, all({ warpAlpha: 34 }), seed, { pca: null, fields: a }).data.slice(300, 310).join());
    expect(seen.size).toBeGreaterThan(270);
  });

  it('colour shifts are clipped to [0, 1]', () => {
    const img = sample();
    const s = shiftChannels(img, [0.5, -0.5, 0]);
    for (const v of s.data) expect(v >= 0 && v <= 1).toBe(true);
    expect(s.data[2]).toBe(img.data[2]);
  });
});

describe('PCA colour augmentation', () => {
  it('finds eigenpairs of a symmetric matrix (A v = lambda v), largest first', () => {
    const a = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 1]];
    const { values, vectors } = symmetricEigen(a);
    expect(values[0]! >= values[1]! && values[1]! >= values[2]!).toBe(true);
    vectors.forEach((v, i) => {
      const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
      av.forEach((x, k) => expect(x).toBeCloseTo(values[i]! * v[k]!, 9));
    });
  });

  it('offsets lie in the span of the eigenvectors and follow the axes of correlated colours', () => {
    // Pixels whose R and G move together, B constant: one axis along (1, 1, 0)/sqrt 2 carries all the variance.
    const n = 400;
    const bytes = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      const v = (i * 37) % 256;
      bytes.set([v, v, 128], i * 3);
    }
    const pca = colourPca(bytes, 3, n, 3);
    expect(pca.eigenvectors[0]![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(pca.eigenvectors[0]![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(pca.eigenvalues[1]).toBeCloseTo(0, 9);
    const off = pcaOffset(pca, [0.1, 5, 5]);
    // Axes with no variance add nothing: the offset is along the first axis only, B untouched.
    expect(off[0]).toBeCloseTo(off[1]!, 9);
    expect(off[2]).toBeCloseTo(0, 9);
    expect(off[0]).toBeCloseTo(0.1 * Math.sqrt(pca.eigenvalues[0]!) * Math.SQRT1_2, 9);
  });

  it('adds one constant offset to every pixel (AlexNet), not a per-pixel one', () => {
    const img = { h: 4, w: 4, c: 3, data: new Float32Array(48).fill(0.5) };
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 53) % 256);
    const pca = colourPca(bytes, 3, 100, 3);
    const out = augmentImage(img, all({ pcaColour: 0.1 }), 9, { pca, fields: null });
    const d0 = [0, 1, 2].map((k) => out.data[k]! - 0.5);
    expect(d0.some((d) => Math.abs(d) > 1e-4)).toBe(true);
    for (let p = 0; p < 16; p++) for (let k = 0; k < 3; k++) expect(out.data[p * 3 + k]! - 0.5).toBeCloseTo(d0[k]!, 6);
  });
});

describe('the pipeline', () => {
  const images = Uint8Array.from({ length: 28 * 28 * 4 }, (_, i) => (i * 31) % 256);
  const adaptation = adaptInput([28, 28, 1], [32, 32, 1], 10, null);
  const heavy = all({ ...OP_DEFAULTS, cropMinArea: 1, pcaColour: 0, mirrorV: 0 });

  it('is deterministic for a seed and differs between seeds, epochs and batches', () => {
    const a = augmentBatch(images, [28, 28, 1], [0, 1, 2, 3], adaptation, heavy, { seed: 1, epoch: 0, batch: 0 }, withFields);
    const b = augmentBatch(images, [28, 28, 1], [0, 1, 2, 3], adaptation, heavy, { seed: 1, epoch: 0, batch: 0 }, withFields);
    expect(a).toEqual(b);
    for (const key of [{ seed: 2, epoch: 0, batch: 0 }, { seed: 1, epoch: 1, batch: 0 }, { seed: 1, epoch: 0, batch: 1 }]) {
      expect(augmentBatch(images, [28, 28, 1], [0, 1, 2, 3], adaptation, heavy, key, withFields)).not.toEqual(a);
    }
  });

  it('pads the augmented 28x28 images into the 32x32 input, leaving the border zero', () => {
    const a = augmentBatch(images, [28, 28, 1], [1], adaptation, NO_AUGMENTATION, { seed: 1, epoch: 0, batch: 0 }, withFields);
    expect(a.length).toBe(32 * 32);
    expect(a).toEqual(toFloatBatch(images, [28, 28, 1], [1], adaptation));
    expect(a[0]).toBe(0);
  });

  it("moving one op's strength does not re-roll another op's draws", () => {
    const img = { h: 28, w: 28, c: 1, data: Float32Array.from(images.subarray(0, 784), (v) => v / 255) };
    const flipped = mirror(img, true, false);
    let mirrored = 0;
    for (let seed = 0; seed < 20; seed++) {
      const a = augmentImage(img, all({ mirrorH: 0.5 }), seed, NONE);
      if (a.data.every((v, i) => v === flipped.data[i])) mirrored++;
      else expect(a.data).toEqual(img.data);
      // A small colour shift on top moves every pixel by at most its offset: the mirror decision is unchanged.
      const b = augmentImage(img, all({ mirrorH: 0.5, colourShift: 0.01 }), seed, NONE);
      expect(Math.max(...b.data.map((v, i) => Math.abs(v - a.data[i]!)))).toBeLessThan(0.06);
    }
    expect(mirrored).toBeGreaterThan(4);
    expect(mirrored).toBeLessThan(16);
  });

  it('measures the ink a crop keeps, for scale-and-crop too (before the box is enlarged)', () => {
    const img = { h: 28, w: 28, c: 1, data: Float32Array.from(images.subarray(0, 784), (v) => v / 255) };
    expect(cropInkKept(img, NO_AUGMENTATION, 1)).toBeNull();
    // A 1 px shift of an image inked all over loses at most one row and one column of 28.
    for (let seed = 0; seed < 10; seed++) expect(cropInkKept(img, all({ padCrop: 1 }), seed)).toBeGreaterThan(0.92);
    // A quarter-image dot in one corner: crops of 8% of the area mostly miss it, and the measure says so.
    const dot = { h: 28, w: 28, c: 1, data: new Float32Array(784) };
    for (let y = 0; y < 7; y++) for (let x = 0; x < 7; x++) dot.data[y * 28 + x] = 1;
    const kept = Array.from({ length: 40 }, (_, seed) => cropInkKept(dot, all({ cropMinArea: 0.08 }), seed)!);
    expect(kept.filter((k) => k < 0.8).length).toBeGreaterThan(20);
    expect(kept.every((k) => k >= 0 && k <= 1)).toBe(true);
    // Pad-and-crop keeps a corner pixel's ink only if the shifted window still holds that corner.
    const corner = { h: 4, w: 4, c: 1, data: new Float32Array(16) };
    corner.data[0] = 1;
    corner.data[15] = 1;
    const halves = Array.from({ length: 30 }, (_, seed) => cropInkKept(corner, all({ padCrop: 1 }), seed)!);
    expect(new Set(halves.map((k) => k.toFixed(2)))).toEqual(new Set(['0.00', '0.50', '1.00']));
  });

  it('makes the two random crops alternatives: pad-and-crop on switches scale-and-crop off, in whole pixels', () => {
    expect(parseAugment({ padCrop: 2.4, cropMinArea: 0.5 })).toMatchObject({ padCrop: 2, cropMinArea: 1 });
    expect(parseAugment({ padCrop: 0.3, cropMinArea: 0.5 })).toMatchObject({ padCrop: 0, cropMinArea: 0.5 });
  });

  it('warns per dataset about ops that can change the label', () => {
    expect(labelWarnings('mnist', all({ mirrorH: 0.5 })).join()).toMatch(/Mirroring digits/);
    expect(labelWarnings('fashion-mnist', all({ mirrorH: 0.5 }))).toEqual([]);
    expect(labelWarnings('mnist', all({ rotate: 40 })).join()).toMatch(/6 into a 9/);
    expect(labelWarnings('fashion-mnist', all({ cropMinArea: 0.1 })).join()).toMatch(/wrong crop/);
    expect(labelWarnings('mnist', all({ rotate: 10, warpAlpha: 34 }))).toEqual([]);
  });

  it('describes the ops that are on, for the runs table and the README', () => {
    expect(describeAugment(NO_AUGMENTATION)).toBe('none');
    expect(describeAugment(all({ padCrop: 2, rotate: 10, warpAlpha: 34, warpSigma: 4 }))).toBe('pad and crop 2 px; rotation ±10°; elastic warping alpha 34 px, sigma 4 px');
    // Sigma alone does not switch warping on.
    expect(describeAugment(all({ warpSigma: 6 }))).toBe('none');
  });

  it('reads settings safely: clamps to the ranges, refuses non-numbers', () => {
    expect(parseAugment({ rotate: 400, cropMinArea: 0 })).toMatchObject({ rotate: 45, cropMinArea: 0.08 });
    expect(parseAugment({ rotate: 'x' })).toBeNull();
    expect(parseAugment(null)).toBeNull();
    expect(parseAugment({})).toEqual(NO_AUGMENTATION);
  });
});
