/**
 * Decoding an image file in Node for the `npm run predict` command line: sniff it first (the same checks and
 * sentences as the app), then decode PNG (pngjs), JPEG (jpeg-js), GIF's first frame (omggif) or an uncompressed
 * 24/32-bit BMP (by hand) to RGBA. WebP and SVG need a browser. Never throws: every failure is one sentence.
 */
import jpeg from 'jpeg-js';
import { GifReader } from 'omggif';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../predict/image';
import { sniffImage } from '../predict/sniff';

export type DecodeResult = { ok: true; image: RgbaImage; notes: string[] } | { ok: false; message: string };

/** Decodes a PNG, JPEG, GIF or BMP file's bytes to RGBA, or says in one sentence why it cannot. */
export function decodeImageFile(bytes: Uint8Array, fileName: string): DecodeResult {
  const name = fileName.trim() || 'The file';
  const sniffed = sniffImage(bytes, name);
  if (!sniffed.ok) return sniffed;
  const { kind, notes } = sniffed;
  if (kind === 'webp' || kind === 'svg') {
    return {
      ok: false,
      message: `${name} is a${kind === 'svg' ? 'n SVG' : ' WebP'} file: WebP and SVG files can be opened in the app; the command line reads PNG, JPEG, GIF and BMP.`,
    };
  }
  try {
    let image: RgbaImage;
    if (kind === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      image = { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    } else if (kind === 'jpeg') {
      const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 512 });
      image = { width: d.width, height: d.height, data: d.data };
    } else if (kind === 'gif') {
      const reader = new GifReader(bytes);
      const data = new Uint8Array(reader.width * reader.height * 4);
      reader.decodeAndBlitFrameRGBA(0, data);
      image = { width: reader.width, height: reader.height, data };
    } else {
      const bmp = decodeBmp(bytes);
      if (typeof bmp === 'string') return { ok: false, message: `${name} ${bmp}` };
      image = bmp;
    }
    if (image.data.length < image.width * image.height * 4) {
      return { ok: false, message: `${name} is damaged: it decoded to fewer pixels than its ${image.width} x ${image.height} header promises.` };
    }
    return { ok: true, image, notes };
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim().replace(/\.$/, '');
    return { ok: false, message: `${name} is damaged: ${msg}.` };
  }
}

/** Uncompressed 24- or 32-bit BMP (BI_RGB, or BI_BITFIELDS with byte-aligned masks) to RGBA; else why not. */
function decodeBmp(b: Uint8Array): RgbaImage | string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 54) return 'is damaged: its BMP header is cut off.';
  const offset = view.getUint32(10, true);
  const dib = view.getUint32(14, true);
  if (dib < 40) return 'is an old OS/2 BMP; the command line reads 24- and 32-bit Windows BMP files: save it as PNG.';
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (!((bpp === 24 || bpp === 32) && (compression === 0 || (compression === 3 && bpp === 32)))) {
    return `is ${/^(8|11|18)/.test(String(bpp)) ? 'an' : 'a'} ${bpp}-bit BMP${compression ? ' with compression' : ''}; the command line reads uncompressed 24- and 32-bit BMP files: save it as PNG.`;
  }
  let masks = [0x00ff0000, 0x0000ff00, 0x000000ff, 0];
  if (compression === 3) {
    if (b.length < 66) return 'is damaged: its BMP colour masks are cut off.';
    masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true), dib >= 56 && b.length >= 70 ? view.getUint32(66, true) : 0];
  }
  const shifts = masks.map((m) => (m === 0 ? -1 : Math.log2(m & -m)));
  if (masks.some((m, i) => m !== 0 && (m >>> shifts[i]!) !== 0xff)) {
    return 'uses BMP colour masks other than 8 bits a channel; the command line cannot read it: save it as PNG.';
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (offset + stride * height > b.length) {
    return `is damaged: its BMP pixel data is cut off (${b.length} bytes, ${offset + stride * height} needed).`;
  }
  const data = new Uint8Array(width * height * 4);
  let anyAlpha = false;
  for (let y = 0; y < height; y++) {
    const row = offset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const o = 4 * (y * width + x);
      if (bpp === 24) {
        const p = row + 3 * x;
        data[o] = b[p + 2]!;
        data[o + 1] = b[p + 1]!;
        data[o + 2] = b[p]!;
        data[o + 3] = 255;
      } else {
        const v = view.getUint32(row + 4 * x, true);
        for (let c = 0; c < 3; c++) data[o + c] = (v >>> shifts[c]!) & 0xff;
        // BI_RGB's fourth byte is usually unused (zero): alpha only counts when a mask names it
        // or, for BI_RGB, when some pixel sets it.
        const a = shifts[3]! >= 0 ? (v >>> shifts[3]!) & 0xff : compression === 0 ? (v >>> 24) & 0xff : 255;
        if (a !== 0) anyAlpha = true;
        data[o + 3] = a;
      }
    }
  }
  if (bpp === 32 && !anyAlpha) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data };
}
