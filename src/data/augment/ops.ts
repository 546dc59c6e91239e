/**
 * The course's augmentation operations, each a pure function of an image and its random draws: mirroring, random
 * cropping (pad-and-crop, scale-and-crop), rotation, shear, local (elastic) warping, colour shifting and PCA colour
 * augmentation. Images are H x W x C floats in [0, 1]; geometric ops sample bilinearly and fill with zeros (the
 * datasets' background). Every op at zero strength returns its input unchanged, bit for bit.
 */

/** An image as the ops see it: row-major H x W x C floats in [0, 1]. */
export interface FloatImage {
  data: Float32Array;
  h: number;
  w: number;
  c: number;
}

/** Reflects left-right and/or top-bottom (exact: pixels move, nothing is resampled). */
export function mirror(img: FloatImage, horizontal: boolean, vertical: boolean): FloatImage {
  const { h, w, c, data } = img;
  if (!horizontal && !vertical) return img;
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    const sy = vertical ? h - 1 - y : y;
    for (let x = 0; x < w; x++) {
      const sx = horizontal ? w - 1 - x : x;
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = data[(sy * w + sx) * c + k]!;
    }
  }
  return { h, w, c, data: out };
}

/**
 * Pad-and-crop (He et al. 2015's CIFAR recipe): zero-pad by `pad` pixels on every side and cut the original size
 * back out at offset (dx, dy), each in [0, 2 pad]; (pad, pad) is the unshifted image. Exact integer shifts.
 */
export function padCrop(img: FloatImage, pad: number, dx: number, dy: number): FloatImage {
  const { h, w, c, data } = img;
  const ox = dx - pad;
  const oy = dy - pad;
  if (ox === 0 && oy === 0) return img;
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++) {
    const sy = y + oy;
    if (sy < 0 || sy >= h) continue;
    for (let x = 0; x < w; x++) {
      const sx = x + ox;
      if (sx < 0 || sx >= w) continue;
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = data[(sy * w + sx) * c + k]!;
    }
  }
  return { h, w, c, data: out };
}

/** A crop rectangle in pixels (x, y of its top-left corner, its width and height). */
export interface CropBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Bilinear sample of channel k at (sx, sy) in pixel-centre coordinates, zero outside. */
function bilinear(img: FloatImage, sx: number, sy: number, k: number): number {
  const { h, w, c, data } = img;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  let v = 0;
  for (let j = 0; j < 2; j++) {
    const yy = y0 + j;
    const wy = j === 0 ? 1 - fy : fy;
    if (wy === 0 || yy < 0 || yy >= h) continue;
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i;
      const wx = i === 0 ? 1 - fx : fx;
      if (wx === 0 || xx < 0 || xx >= w) continue;
      v += wx * wy * data[(yy * w + xx) * c + k]!;
    }
  }
  return v;
}

/**
 * The box resized (bilinearly) to `outH` x `outW` (by default the image's own size: scale-and-crop, as Inception's
 * random-sized crops). Samples are clamped to the image, so a box on its border does not darken the edge.
 */
export function cropResize(img: FloatImage, box: CropBox, outH = img.h, outW = img.w): FloatImage {
  const { h, w, c } = img;
  if (box.x === 0 && box.y === 0 && box.w === w && box.h === h && outH === h && outW === w) return img;
  const out = new Float32Array(outH * outW * c);
  const sx = box.w / outW;
  const sy = box.h / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(h - 1, Math.max(0, box.y + (y + 0.5) * sy - 0.5));
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(w - 1, Math.max(0, box.x + (x + 0.5) * sx - 0.5));
      for (let k = 0; k < c; k++) out[(y * outW + x) * c + k] = bilinear(img, fx, fy, k);
    }
  }
  return { h: outH, w: outW, c, data: out };
}

/**
 * Rotation by `degrees` (counter-clockwise on screen) and a horizontal shear by `shearDegrees` (x moves by
 * tan(shear) * y: the course's "diagonal distortion"), both about the image centre, in one resampling.
 */
export function rotateShear(img: FloatImage, degrees: number, shearDegrees: number): FloatImage {
  if (degrees === 0 && shearDegrees === 0) return img;
  const { h, w, c } = img;
  const t = (degrees * Math.PI) / 180;
  const k = Math.tan((shearDegrees * Math.PI) / 180);
  // Forward map: p' = R S p with S = [[1, k], [0, 1]] and R a rotation by -t in image coordinates (y points down).
  // Inverse: p = S^-1 R^-1 p'.
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const out = new Float32Array(img.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x - cx;
      const v = y - cy;
      // R^-1 for a rotation by -t (y down) is a rotation by +t.
      const ru = cos * u - sin * v;
      const rv = sin * u + cos * v;
      const su = ru - k * rv;
      for (let ch = 0; ch < c; ch++) out[(y * w + x) * c + ch] = bilinear(img, su + cx, rv + cy, ch);
    }
  }
  return { h, w, c, data: out };
}

/** A displacement per pixel, in pixels: where each output pixel samples the input. */
export interface DisplacementField {
  dx: Float32Array;
  dy: Float32Array;
}

/** The normalised 1-D Gaussian of standard deviation `sigma`, truncated at 3 sigma, cached per sigma. */
const kernels = new Map<number, Float32Array>();
function gaussianKernel(sigma: number): Float32Array {
  let k = kernels.get(sigma);
  if (!k) {
    const r = Math.max(1, Math.ceil(3 * sigma));
    k = new Float32Array(2 * r + 1);
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
    for (let i = 0; i < k.length; i++) k[i]! /= sum;
    kernels.set(sigma, k);
  }
  return k;
}

/** Every `step`-th position from 0, and the last one: where a smooth field is computed exactly (cached). */
const grids = new Map<string, Int32Array>();
function coarseGrid(n: number, step: number): Int32Array {
  const key = `${n}/${step}`;
  let g = grids.get(key);
  if (!g) {
    const at: number[] = [];
    for (let i = 0; i < n - 1; i += step) at.push(i);
    at.push(n - 1);
    grids.set(key, (g = Int32Array.from(at)));
  }
  return g;
}

/**
 * A Gaussian blur (zero boundary, as scipy's `mode="constant"`) of an H x W field, times `gain`, computed exactly
 * on a grid of every second pixel when sigma >= 4 px and interpolated bilinearly between (a field that smooth has
 * little finer than that grid left: the unit test bounds the difference from the full blur at 5% of the field's
 * peak, 3% RMS), at under half the cost; every pixel for smaller sigma. The augmentation worker spends most of its
 * time here.
 */
function smoothField(src: Float32Array, h: number, w: number, sigma: number, gain: number): Float32Array {
  const kernel = gaussianKernel(sigma);
  const r = (kernel.length - 1) / 2;
  const step = sigma >= 4 ? 2 : 1;
  const xs = coarseGrid(w, step);
  const ys = coarseGrid(h, step);
  const nx = xs.length;
  // Horizontal pass at the coarse columns, every row, into a buffer padded by r rows of zeros above and below.
  const tmp = new Float32Array((h + 2 * r) * nx);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let j = 0; j < nx; j++) {
      const x = xs[j]!;
      const lo = Math.max(-r, -x);
      const hi = Math.min(r, w - 1 - x);
      let v = 0;
      for (let i = lo; i <= hi; i++) v += kernel[i + r]! * src[row + x + i]!;
      tmp[(y + r) * nx + j] = v;
    }
  }
  // Vertical pass at the coarse rows.
  const coarse = new Float32Array(ys.length * nx);
  for (let k = 0; k < ys.length; k++) {
    const y = ys[k]!;
    for (let j = 0; j < nx; j++) {
      let v = 0;
      for (let i = 0; i < kernel.length; i++) v += kernel[i]! * tmp[(y + i) * nx + j]!;
      coarse[k * nx + j] = v * gain;
    }
  }
  if (step === 1) return coarse;
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    const k = Math.min(ys.length - 2, Math.floor(y / step));
    const fy = (y - ys[k]!) / (ys[k + 1]! - ys[k]!);
    for (let x = 0; x < w; x++) {
      const j = Math.min(nx - 2, Math.floor(x / step));
      const fx = (x - xs[j]!) / (xs[j + 1]! - xs[j]!);
      const a = coarse[k * nx + j]!;
      const b = coarse[k * nx + j + 1]!;
      const c = coarse[(k + 1) * nx + j]!;
      const d = coarse[(k + 1) * nx + j + 1]!;
      out[y * w + x] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
    }
  }
  return out;
}

/**
 * Simard et al. 2003's elastic distortion field: uniform noise in [-1, 1] per pixel and axis, smoothed by a Gaussian
 * of standard deviation `sigma` pixels and scaled by `alpha` (as the widely copied scipy implementation does; the
 * paper also mentions normalising the field, which that implementation and this one do not). `noise` holds the
 * 2 x H x W uniform draws in [0, 1).
 */
export function elasticField(h: number, w: number, alpha: number, sigma: number, noise: Float32Array): DisplacementField {
  const n = h * w;
  const ux = new Float32Array(n);
  const uy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ux[i] = noise[i]! * 2 - 1;
    uy[i] = noise[n + i]! * 2 - 1;
  }
  return { dx: smoothField(ux, h, w, sigma, alpha), dy: smoothField(uy, h, w, sigma, alpha) };
}

/** How a stored field is used: mirrored left-right and/or top-bottom, and scaled (a negative scale flips it). */
export interface FieldView {
  flipX: boolean;
  flipY: boolean;
  scale: number;
}

const AS_IS: FieldView = { flipX: false, flipY: false, scale: 1 };

/**
 * Local warping: every output pixel samples the input at its own position plus the field's displacement, the field
 * seen through `view`. A mirrored field has its mirrored component negated, so it is again a draw of the same
 * smoothed-noise distribution (the noise is symmetric and the blur's zero boundary too), as is a negated one.
 */
export function warp(img: FloatImage, field: DisplacementField, view: FieldView = AS_IS): FloatImage {
  const { h, w, c } = img;
  if (view.scale === 0) return img;
  const out = new Float32Array(img.data.length);
  const sx = view.flipX ? -view.scale : view.scale;
  const sy = view.flipY ? -view.scale : view.scale;
  let moved = false;
  for (let y = 0; y < h; y++) {
    const fy = view.flipY ? h - 1 - y : y;
    for (let x = 0; x < w; x++) {
      const j = fy * w + (view.flipX ? w - 1 - x : x);
      const ddx = field.dx[j]! * sx;
      const ddy = field.dy[j]! * sy;
      if (ddx !== 0 || ddy !== 0) moved = true;
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = bilinear(img, x + ddx, y + ddy, k);
    }
  }
  return moved ? { h, w, c, data: out } : img;
}

/** Adds one offset per channel to every pixel (colour shifting), clipped to [0, 1]. */
export function shiftChannels(img: FloatImage, offsets: ArrayLike<number>): FloatImage {
  const { h, w, c, data } = img;
  let any = false;
  for (let k = 0; k < c; k++) if (offsets[k] !== 0) any = true;
  if (!any) return img;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.min(1, Math.max(0, data[i]! + offsets[i % c]!));
  return { h, w, c, data: out };
}
