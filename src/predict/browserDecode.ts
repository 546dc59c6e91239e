/**
 * Browser-side decoding of a dropped, pasted, picked or drawn image into RGBA pixels: the bytes are sniffed first
 * (sniff.ts: empty, not an image, too large, SVG with script are refused before any decoder sees them), then the
 * browser decodes off the main thread (createImageBitmap) straight to at most DECODE_SIDE px a side, so a huge photo
 * never becomes a huge buffer. SVG goes through an <img> (scripts never run there) onto a canvas. Never throws.
 */
import type { RgbaImage } from './image';
import { sniffImage } from './sniff';

/** Longest side of the decoded picture (the preprocessing works at 112 px; photo models at up to 256 px). */
export const DECODE_SIDE = 512;
/** Files over this many bytes are refused before reading. */
export const MAX_FILE_BYTES = 50_000_000;
const TIMEOUT_MS = 15_000;

export type Decoded = { ok: true; image: RgbaImage; width: number; height: number; kind: string; notes: string[] } | { ok: false; message: string };

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS))]);
}

function pixels(source: CanvasImageSource, w: number, h: number): RgbaImage {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!ctx) throw new Error('no 2D canvas is available');
  ctx.drawImage(source, 0, 0, w, h);
  return { width: w, height: h, data: ctx.getImageData(0, 0, w, h).data };
}

async function svgPixels(bytes: Uint8Array, w: number, h: number): Promise<RgbaImage> {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/svg+xml' }));
  try {
    const img = new Image(w, h);
    img.src = url;
    await img.decode();
    return pixels(img, w, h);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Decodes a file or blob named `name`; every failure is a message naming the file. */
export async function decodeInBrowser(blob: Blob, name: string): Promise<Decoded> {
  if (blob.size === 0) return { ok: false, message: `${name} is empty (0 bytes); there is no picture in it.` };
  if (blob.size > MAX_FILE_BYTES) return { ok: false, message: `${name} is ${(blob.size / 1e6).toFixed(0)} MB; ConvAtlas opens image files up to ${MAX_FILE_BYTES / 1e6} MB.` };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await blob.arrayBuffer());
  } catch (e) {
    return { ok: false, message: `${name} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  const s = sniffImage(bytes, name);
  if (!s.ok) return s;
  const scale = Math.min(1, DECODE_SIDE / Math.max(s.width, s.height));
  const w = Math.max(1, Math.round(s.width * scale));
  const h = Math.max(1, Math.round(s.height * scale));
  const notes = [...s.notes];
  if (scale < 1) notes.push(`decoded at ${w} x ${h} from ${s.width} x ${s.height}`);
  try {
    let image: RgbaImage;
    if (s.kind === 'svg') image = await withTimeout(svgPixels(bytes, w, h), 'Drawing the SVG');
    else {
      const bitmap = await withTimeout(createImageBitmap(new Blob([bytes as BlobPart], { type: s.mime }), { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' }), 'Decoding');
      try {
        image = pixels(bitmap, w, h);
      } finally {
        bitmap.close();
      }
    }
    return { ok: true, image, width: s.width, height: s.height, kind: s.kind, notes };
  } catch (e) {
    const why = e instanceof Error && e.message ? e.message : 'the browser could not decode it';
    return { ok: false, message: `${name} is damaged: its header says ${s.kind.toUpperCase()} ${s.width} x ${s.height}, but ${/decode|source image/i.test(why) ? 'the browser could not decode its pixels' : why}.` };
  }
}
