import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImageFile, type DecodeResult } from './decodeImage';

function ok(r: DecodeResult): Extract<DecodeResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r;
}
function refused(r: DecodeResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
}
const le32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const le16 = (n: number): number[] => [n & 255, (n >>> 8) & 255];

/** 3 x 2 RGBA test pattern: distinct colours, one translucent pixel. */
const W = 3, H = 2;
const PIXELS = [
  [255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255],
  [10, 20, 30, 255], [200, 100, 50, 255], [1, 2, 3, 128],
];

function bmp(bpp: 24 | 32, topDown: boolean): Uint8Array {
  const stride = Math.floor((bpp * W + 31) / 32) * 4;
  const pixels: number[] = [];
  for (let r = 0; r < H; r++) {
    const y = topDown ? r : H - 1 - r;
    const row: number[] = [];
    for (let x = 0; x < W; x++) {
      const [red, g, b, a] = PIXELS[y * W + x]!;
      row.push(b!, g!, red!);
      if (bpp === 32) row.push(a!);
    }
    while (row.length < stride) row.push(0);
    pixels.push(...row);
  }
  const header = [0x42, 0x4d, ...le32(54 + pixels.length), 0, 0, 0, 0, ...le32(54), ...le32(40), ...le32(W), ...le32(topDown ? -H : H),
    ...le16(1), ...le16(bpp), ...le32(0), ...le32(pixels.length), ...le32(2835), ...le32(2835), ...le32(0), ...le32(0)];
  return new Uint8Array([...header, ...pixels]);
}

describe('decodeImageFile', () => {
  it('round-trips a PNG exactly (pngjs)', () => {
    const png = new PNG({ width: W, height: H });
    png.data.set(PIXELS.flat());
    const r = ok(decodeImageFile(new Uint8Array(PNG.sync.write(png)), 'p.png'));
    expect([r.image.width, r.image.height]).toEqual([W, H]);
    expect(Array.from(r.image.data)).toEqual(PIXELS.flat());
  });
  it('decodes a JPEG to RGBA within JPEG error (jpeg-js)', () => {
    const w = 16, h = 16;
    const data = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set([(i % w) * 16, 128, 255 - (i % w) * 16, 255], 4 * i);
    const r = ok(decodeImageFile(new Uint8Array(jpeg.encode({ width: w, height: h, data }, 95).data), 'j.jpg'));
    expect([r.image.width, r.image.height, r.image.data.length]).toEqual([w, h, w * h * 4]);
    let err = 0;
    for (let i = 0; i < data.length; i++) err = Math.max(err, Math.abs(r.image.data[i]! - data[i]!));
    expect(err).toBeLessThan(16);
    expect(r.image.data[3]).toBe(255);
  });
  it('decodes the first frame of an animated GIF, transparent index as alpha 0 (omggif)', () => {
    const buf = new Uint8Array(1024);
    const writer = new GifWriter(buf, 2, 2, { palette: [0xff0000, 0x00ff00, 0x0000ff, 0xffffff] });
    writer.addFrame(0, 0, 2, 2, [0, 1, 2, 3], { transparent: 3 });
    writer.addFrame(0, 0, 2, 2, [3, 3, 3, 3]);
    const r = ok(decodeImageFile(buf.slice(0, writer.end()), 'g.gif'));
    expect(Array.from(r.image.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0]);
    expect(r.notes).toEqual(['animated GIF with 2 frames: the first frame is used']);
  });
  it('decodes 24-bit and 32-bit BMP, bottom-up and top-down', () => {
    const opaque = PIXELS.flat().map((v, i) => (i % 4 === 3 ? 255 : v));
    expect(Array.from(ok(decodeImageFile(bmp(24, false), 'b.bmp')).image.data)).toEqual(opaque);
    expect(Array.from(ok(decodeImageFile(bmp(24, true), 'b.bmp')).image.data)).toEqual(opaque);
    expect(Array.from(ok(decodeImageFile(bmp(32, false), 'b.bmp')).image.data)).toEqual(PIXELS.flat());
  });
  it('a PNG with a valid header and garbage after it is damaged, with the decoder message', () => {
    const png = new PNG({ width: 4, height: 4 });
    const good = new Uint8Array(PNG.sync.write(png));
    const bad = new Uint8Array(good.length);
    bad.set(good.subarray(0, 33)); // signature + IHDR intact
    for (let i = 33; i < bad.length; i++) bad[i] = (i * 37) & 255;
    expect(refused(decodeImageFile(bad, 'broken.png'))).toMatch(/^broken\.png is damaged: \S.*\.$/);
  });
  it('a truncated BMP, an 8-bit BMP, WebP and SVG are refused in one sentence', () => {
    expect(refused(decodeImageFile(bmp(24, false).slice(0, 60), 'cut.bmp'))).toMatch(/^cut\.bmp is damaged: its BMP pixel data is cut off/);
    const eight = bmp(24, false);
    eight[28] = 8;
    expect(refused(decodeImageFile(eight, 'pal.bmp'))).toBe(
      'pal.bmp is an 8-bit BMP; the command line reads uncompressed 24- and 32-bit BMP files: save it as PNG.',
    );
    const svg = new TextEncoder().encode('<svg width="4" height="4"></svg>');
    expect(refused(decodeImageFile(svg, 'a.svg'))).toBe(
      'a.svg is an SVG file: WebP and SVG files can be opened in the app; the command line reads PNG, JPEG, GIF and BMP.',
    );
    expect(refused(decodeImageFile(new TextEncoder().encode('just text'), 'a.txt'))).toContain('is not an image');
  });
});
