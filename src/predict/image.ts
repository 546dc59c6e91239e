/**
 * The two image shapes the prediction pipeline passes around: decoded RGBA pixels (what a decoder or a canvas
 * gives) and one-channel floats (what the preprocessing steps show and what a network reads).
 */

/** Decoded pixels, RGBA row-major, 4 bytes a pixel: the common ground of canvas, pngjs, jpeg-js and omggif. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** One channel, row-major, 0..1 with 1 = white: every preprocessing step's picture. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** A blank gray image (all zeros), so steps can allocate without repeating the size arithmetic. */
export function makeGray(width: number, height: number): GrayImage {
  return { width, height, data: new Float32Array(Math.max(0, width * height)) };
}

/** Gray 0..1 to opaque RGBA bytes, so the UI can put any preprocessing step on a canvas (ImageData). */
export function grayToRgba(img: GrayImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    const v = Math.round(Math.min(1, Math.max(0, img.data[i] ?? 0)) * 255);
    out[4 * i] = v;
    out[4 * i + 1] = v;
    out[4 * i + 2] = v;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** Gray bytes (0..255, e.g. an MNIST image) to opaque RGBA, for tests, samples and thumbnails. */
export function bytesToRgba(bytes: Uint8Array, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = bytes[i] ?? 0;
    data[4 * i] = v;
    data[4 * i + 1] = v;
    data[4 * i + 2] = v;
    data[4 * i + 3] = 255;
  }
  return { width, height, data };
}

/** Centre of mass (x, y) of a gray image in pixel-centre coordinates, or null when it sums to zero. */
export function centreOfMass(img: GrayImage): { x: number; y: number } | null {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x] ?? 0;
      sum += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return sum > 0 ? { x: sx / sum, y: sy / sum } : null;
}
