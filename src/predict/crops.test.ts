import { describe, expect, it } from 'vitest';
import { multiCrop, padImage } from './crops';

/** A numbered image: the value at (y, x, ch) is 100 y + 10 x + ch, so every crop pixel says where it came from. */
function numbered(h: number, w: number, c: number): Float32Array {
  const a = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) a[(y * w + x) * c + k] = 100 * y + 10 * x + k;
  return a;
}

describe('multiCrop', () => {
  const h = 6, w = 8, c = 2, ch = 4, cw = 5;
  const r = multiCrop(numbered(h, w, c), h, w, c, ch, cw, true);
  const per = ch * cw * c;
  const at = (k: number, y: number, x: number, ch2 = 0): number => r.data[k * per + (y * cw + x) * c + ch2]!;

  it('makes 10 named crops of 4 x 5 x 2', () => {
    expect(r.count).toBe(10);
    expect(r.data.length).toBe(10 * per);
    expect(r.names).toEqual([
      'top-left', 'top-right', 'bottom-left', 'bottom-right', 'centre',
      'top-left mirrored', 'top-right mirrored', 'bottom-left mirrored', 'bottom-right mirrored', 'centre mirrored',
    ]);
  });
  it('cuts the corners and the centre exactly', () => {
    // [top-left, bottom-right] source pixel of each crop, channel 0
    expect([at(0, 0, 0), at(0, 3, 4)]).toEqual([0, 340]); // rows 0-3, cols 0-4
    expect([at(1, 0, 0), at(1, 3, 4)]).toEqual([30, 370]); // cols 3-7
    expect([at(2, 0, 0), at(2, 3, 4)]).toEqual([200, 540]); // rows 2-5
    expect([at(3, 0, 0), at(3, 3, 4)]).toEqual([230, 570]);
    expect([at(4, 0, 0), at(4, 3, 4)]).toEqual([110, 450]); // rows 1-4, cols 1-5 (floor of 1.5)
    expect(at(3, 3, 4, 1)).toBe(571);
  });
  it('mirrors each crop left-right, channels kept in order', () => {
    expect([at(5, 0, 0), at(5, 0, 4), at(5, 3, 0)]).toEqual([40, 0, 340]);
    expect([at(9, 0, 0), at(9, 3, 4), at(9, 2, 0, 1)]).toEqual([150, 410, 351]);
  });
  it('without mirrors gives the first five, and refuses a crop larger than the image', () => {
    const five = multiCrop(numbered(h, w, c), h, w, c, ch, cw, false);
    expect(five.count).toBe(5);
    expect(Array.from(five.data)).toEqual(Array.from(r.data.subarray(0, 5 * per)));
    expect(multiCrop(numbered(3, 3, 1), 3, 3, 1, 4, 2, true)).toEqual({ data: new Float32Array(0), count: 0, names: [] });
  });
});

describe('padImage', () => {
  it('pads with zeros on every side', () => {
    const p = padImage(numbered(2, 3, 1), 2, 3, 1, 2);
    expect(p.length).toBe(6 * 7);
    const row = (y: number): number[] => Array.from(p.subarray(y * 7, y * 7 + 7));
    expect(row(0)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(row(2)).toEqual([0, 0, 0, 10, 20, 0, 0]);
    expect(row(3)).toEqual([0, 0, 100, 110, 120, 0, 0]);
    expect(row(5)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(padImage(numbered(1, 1, 3), 1, 1, 3, 0))).toEqual([0, 1, 2]);
  });
});
