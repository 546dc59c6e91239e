/**
 * The course's multi-crop test-time augmentation (AlexNet's ten crops): the four corners and the centre of an
 * image, optionally each mirrored left-right, so a prediction can average over them. HWC float arrays, pure.
 */

/** The crop positions in the order multiCrop returns them. */
export const CROP_NAMES = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'centre'] as const;

/**
 * Crops cropH x cropW from the four corners and the centre of src (h x w x c, HWC), then, with mirrors, the same
 * five flipped left-right: count (5 or 10) crops back to back in data, named in names. A crop larger than the
 * image gives count 0 (nothing can be cut).
 */
export function multiCrop(
  src: Float32Array, h: number, w: number, c: number, cropH: number, cropW: number, mirrors: boolean,
): { data: Float32Array; count: number; names: string[] } {
  if (!(cropH >= 1 && cropW >= 1 && cropH <= h && cropW <= w && c >= 1) || src.length < h * w * c) {
    return { data: new Float32Array(0), count: 0, names: [] };
  }
  const origins: [number, number][] = [
    [0, 0],
    [0, w - cropW],
    [h - cropH, 0],
    [h - cropH, w - cropW],
    [Math.floor((h - cropH) / 2), Math.floor((w - cropW) / 2)],
  ];
  const count = mirrors ? 10 : 5;
  const per = cropH * cropW * c;
  const data = new Float32Array(count * per);
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    const mirrored = k >= 5;
    const [oy, ox] = origins[k % 5]!;
    names.push(mirrored ? `${CROP_NAMES[k % 5]} mirrored` : CROP_NAMES[k % 5]!);
    for (let y = 0; y < cropH; y++) {
      for (let x = 0; x < cropW; x++) {
        const sx = ox + (mirrored ? cropW - 1 - x : x);
        const s = ((oy + y) * w + sx) * c;
        data.set(src.subarray(s, s + c), k * per + (y * cropW + x) * c);
      }
    }
  }
  return { data, count, names };
}

/** Zero-pads an HWC image by pad pixels on every side ((h + 2 pad) x (w + 2 pad) x c), as the course pads inputs. */
export function padImage(src: Float32Array, h: number, w: number, c: number, pad: number): Float32Array {
  const p = Math.max(0, Math.floor(pad));
  const W = w + 2 * p;
  const out = new Float32Array((h + 2 * p) * W * c);
  for (let y = 0; y < h; y++) out.set(src.subarray(y * w * c, (y + 1) * w * c), ((y + p) * W + p) * c);
  return out;
}
