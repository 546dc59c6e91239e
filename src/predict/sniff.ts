/**
 * What a dropped file is, from its bytes alone, before anything decodes it: the kind (by magic bytes, never by
 * the extension), the size from its header, the number of frames, and a one-sentence refusal for anything
 * ConvAtlas should not open (empty, not an image, damaged, too large, SVG with script). Never throws.
 */

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'svg';

export type SniffResult =
  | { ok: true; kind: ImageKind; mime: string; width: number; height: number; frames: number; notes: string[] }
  | { ok: false; message: string };

/** The longest side ConvAtlas opens: larger images would only be shrunk at a high memory cost. */
export const MAX_SIDE = 8192;
/** The most pixels ConvAtlas opens (40 megapixels, 160 MB of RGBA): a browser tab's comfortable ceiling. */
export const MAX_PIXELS = 40_000_000;

const MIME: Record<ImageKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
};
const KINDS_TEXT = 'a PNG, JPEG, GIF, WebP, BMP or SVG file';
const EXTENSIONS: Record<ImageKind, string[]> = {
  png: ['png', 'apng'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  gif: ['gif'],
  webp: ['webp'],
  bmp: ['bmp', 'dib'],
  svg: ['svg'],
};

/** Header facts, or a reason the header is damaged. */
type Header = { width: number; height: number; frames: number; notes: string[] } | { damaged: string };

/** Says what a file is and whether ConvAtlas may open it, reading only its bytes; never throws, linear time. */
export function sniffImage(bytes: Uint8Array, fileName: string): SniffResult {
  const name = fileName.trim() || 'The file';
  try {
    return sniff(bytes, name);
  } catch (e) {
    return { ok: false, message: `${name} is damaged: its header could not be read (${String(e)}).` };
  }
}

function sniff(bytes: Uint8Array, name: string): SniffResult {
  if (bytes.length === 0) return { ok: false, message: `${name} is empty (0 bytes); choose an image file instead.` };
  const kind = detectKind(bytes);
  if (kind === null) return { ok: false, message: notAnImage(bytes, name) };
  let header: Header;
  let svgRefusal: string | null = null;
  switch (kind) {
    case 'png': header = pngHeader(bytes); break;
    case 'jpeg': header = jpegHeader(bytes); break;
    case 'gif': header = gifHeader(bytes); break;
    case 'webp': header = webpHeader(bytes); break;
    case 'bmp': header = bmpHeader(bytes); break;
    case 'svg': {
      const text = decodeText(bytes);
      svgRefusal = svgScript(text);
      header = svgHeader(text);
      break;
    }
  }
  const label = kind === 'svg' ? 'SVG' : kind.toUpperCase();
  if (svgRefusal !== null) {
    return { ok: false, message: `${name} contains script (${svgRefusal}); ConvAtlas does not open SVG files with scripts.` };
  }
  if ('damaged' in header) return { ok: false, message: `${name} is damaged: ${header.damaged}.` };
  const { width, height } = header;
  if (!(width >= 1 && height >= 1)) {
    return { ok: false, message: `${name} is damaged: its ${label} header says it is ${width} x ${height} pixels.` };
  }
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    return {
      ok: false,
      message: `${name} is ${width} x ${height} pixels (${megapixels(width * height)} megapixels); ConvAtlas opens images up to ` +
        `${MAX_SIDE} pixels a side and ${MAX_PIXELS / 1e6} megapixels: shrink it and drop it again.`,
    };
  }
  const notes = [...header.notes];
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext !== undefined && !EXTENSIONS[kind].includes(ext) && Object.values(EXTENSIONS).some((list) => list.includes(ext))) {
    notes.push(`named .${ext} but it is a ${label} file; it is read as ${label}`);
  }
  return { ok: true, kind, mime: MIME[kind], width, height, frames: header.frames, notes };
}

function megapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return mp >= 10 ? String(Math.round(mp)) : String(Math.round(mp * 10) / 10);
}

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = at; i < at + len && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number): number => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const u32le = (b: Uint8Array, i: number): number => ((b[i + 3]! << 24) >>> 0) + (b[i + 2]! << 16) + (b[i + 1]! << 8) + b[i]!;
const i32le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function detectKind(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, PNG_SIG)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  // "BM" alone is common in text: a BMP also has one of the known DIB header sizes at byte 14.
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 18 && [12, 40, 52, 56, 64, 108, 124].includes(u32le(bytes, 14))) return 'bmp';
  if (looksLikeSvg(bytes)) return 'svg';
  return null;
}

/** Skips a BOM, whitespace, an XML declaration, comments and a doctype; true when `<svg` comes next. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const text = decodeText(bytes.subarray(0, 64 * 1024));
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let guard = 0; guard < 1000; guard++) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) return false;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) return false;
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) return false;
      i = end + 1;
    } else {
      return /^<svg[\s>/]/.test(text.slice(i, i + 5));
    }
  }
  return false;
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Names what a non-image file looks like, so the refusal helps the user find the right file. */
function notAnImage(bytes: Uint8Array, name: string): string {
  const looks = (what: string): string => `${name} is not an image: it is ${what}, not ${KINDS_TEXT}.`;
  const head = ascii(bytes, 0, 16);
  if (head.startsWith('%PDF')) return looks('a PDF document');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return looks('a ZIP archive (or a file built on one: .docx, .xlsx, .jar)');
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return looks('a gzip-compressed file');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return `${name} is a TIFF image, which ConvAtlas cannot open: save it as PNG or JPEG and drop that instead.`;
  }
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(brand)) {
      return `${name} is a HEIC/HEIF photo, which ConvAtlas cannot open: save it as JPEG or PNG and drop that instead.`;
    }
    if (brand === 'avif' || brand === 'avis') {
      return `${name} is an AVIF image, which ConvAtlas cannot open yet: save it as PNG or JPEG and drop that instead.`;
    }
    return looks('an MP4/QuickTime video or similar');
  }
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) {
    return `${name} is a Windows icon (.ico), which ConvAtlas cannot open: save it as PNG and drop that instead.`;
  }
  if (startsWith(bytes, [0x00, 0x00, 0x08, 0x03]) || startsWith(bytes, [0x00, 0x00, 0x08, 0x01])) {
    return looks('an IDX data file (the MNIST format)');
  }
  if (isText(bytes.subarray(0, 512))) {
    const t = decodeText(bytes.subarray(0, 512)).trimStart().toLowerCase();
    if (t.startsWith('<!doctype html') || t.startsWith('<html')) return looks('an HTML page');
    return `${name} is not an image: it starts with text, not the bytes of ${KINDS_TEXT}.`;
  }
  const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${name} is not an image: its first bytes (${hex}) are not those of ${KINDS_TEXT}.`;
}

/** Mostly printable ASCII or UTF-8 (tabs and newlines allowed), no NUL bytes. */
function isText(bytes: Uint8Array): boolean {
  let printable = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
  }
  return printable >= 0.95 * bytes.length;
}

function pngHeader(b: Uint8Array): Header {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') {
    return { damaged: `it is a PNG file cut off before its size (${b.length} bytes, no complete IHDR chunk)` };
  }
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  let frames = 1;
  const notes: string[] = [];
  // Walk the chunks up to the image data: an acTL chunk before IDAT makes it an animated PNG.
  let at = 8;
  while (at + 12 <= b.length) {
    const len = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'acTL' && at + 12 <= b.length) {
      const n = u32be(b, at + 8);
      if (n > 1) {
        frames = n;
        notes.push(`animated PNG with ${n} frames: the first frame is used`);
      }
      break;
    }
    at += 12 + len;
  }
  return { width, height, frames, notes };
}

function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegHeader(b: Uint8Array): Header {
  let at = 2;
  while (at < b.length) {
    if (b[at] !== 0xff) return { damaged: `its JPEG segments are broken at byte ${at} (expected a marker)` };
    while (at < b.length && b[at] === 0xff) at++; // fill bytes
    if (at >= b.length) break;
    const marker = b[at]!;
    at++;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) {
      return { damaged: 'its JPEG data starts before any frame header gives the size' };
    }
    if (at + 2 > b.length) break;
    const len = u16be(b, at);
    if (len < 2) return { damaged: `a JPEG segment at byte ${at} has an impossible length (${len})` };
    if (isSof(marker)) {
      if (at + 7 > b.length) break;
      return { height: u16be(b, at + 3), width: u16be(b, at + 5), frames: 1, notes: [] };
    }
    at += len;
  }
  return { damaged: `it is a JPEG file cut off before its size (${b.length} bytes)` };
}

function skipSubBlocks(b: Uint8Array, at: number): number {
  while (at < b.length) {
    const n = b[at]!;
    at += 1;
    if (n === 0) return at;
    at += n;
  }
  return -1;
}

function gifHeader(b: Uint8Array): Header {
  if (b.length < 13) return { damaged: `it is a GIF file cut off before its size (${b.length} bytes)` };
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  const packed = b[10]!;
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  let frames = 0;
  let truncated = true;
  while (at < b.length) {
    const tag = b[at]!;
    if (tag === 0x3b) { truncated = false; break; }
    if (tag === 0x21) {
      at = skipSubBlocks(b, at + 2);
    } else if (tag === 0x2c) {
      if (at + 10 > b.length) break;
      const local = b[at + 9]!;
      frames++;
      at += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      at = skipSubBlocks(b, at + 1); // LZW minimum code size, then the data
    } else {
      if (frames === 0) return { damaged: `its GIF blocks are broken at byte ${at}` };
      truncated = false; // trailing garbage after complete frames: browsers ignore it too
      break;
    }
    if (at < 0) break;
  }
  if (frames === 0) return { damaged: `it is a GIF file with no complete image in it (${b.length} bytes)` };
  const notes: string[] = [];
  if (frames > 1) notes.push(`animated GIF with ${frames} frames: the first frame is used`);
  if (truncated) notes.push('the GIF file ends early; what arrived is shown');
  return { width, height, frames, notes };
}

function webpHeader(b: Uint8Array): Header {
  const chunk = ascii(b, 12, 4);
  const cut = { damaged: `it is a WebP file cut off before its size (${b.length} bytes)` };
  if (chunk === 'VP8 ') {
    if (b.length < 30) return cut;
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return { damaged: 'its VP8 frame has no start code' };
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff, frames: 1, notes: [] };
  }
  if (chunk === 'VP8L') {
    if (b.length < 25) return cut;
    if (b[20] !== 0x2f) return { damaged: 'its lossless VP8L stream has no signature' };
    const bits = u32le(b, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, frames: 1, notes: [] };
  }
  if (chunk === 'VP8X') {
    if (b.length < 30) return cut;
    const width = u24le(b, 24) + 1;
    const height = u24le(b, 27) + 1;
    let frames = 1;
    if (b[20]! & 0x02) {
      frames = 0;
      let at = 12;
      while (at + 8 <= b.length) {
        if (ascii(b, at, 4) === 'ANMF') frames++;
        const len = u32le(b, at + 4);
        at += 8 + len + (len & 1);
      }
    }
    const notes = frames > 1 ? [`animated WebP with ${frames} frames: the first frame is used`] : [];
    return { width, height, frames: Math.max(1, frames), notes };
  }
  return { damaged: `its WebP container holds no image chunk (found "${chunk.replace(/[^\x20-\x7e]/g, '?')}")` };
}

function bmpHeader(b: Uint8Array): Header {
  if (b.length < 26) return { damaged: `it is a BMP file cut off before its size (${b.length} bytes)` };
  const dib = u32le(b, 14);
  if (dib === 12) return { width: u16le(b, 18), height: u16le(b, 20), frames: 1, notes: [] };
  return { width: i32le(b, 18), height: Math.abs(i32le(b, 22)), frames: 1, notes: [] };
}

/** The first script-like construct in an SVG, as "<script> at line N", or null when there is none. */
function svgScript(text: string): string | null {
  const checks: [RegExp, (m: string) => string][] = [
    [/<script\b/i, () => '<script>'],
    [/\son[a-z]+\s*=\s*["']/i, (m) => `an ${m.trim().replace(/\s*=\s*["']$/, '')}= attribute`],
    [/javascript\s*:/i, () => 'a javascript: URL'],
    [/<foreignObject\b/i, () => '<foreignObject> with embedded HTML'],
  ];
  let best: { index: number; what: string } | null = null;
  for (const [re, describe] of checks) {
    const m = re.exec(text);
    if (m && (best === null || m.index < best.index)) best = { index: m.index, what: describe(m[0]) };
  }
  if (best === null) return null;
  let line = 1;
  for (let i = 0; i < best.index; i++) if (text.charCodeAt(i) === 10) line++;
  return `${best.what} at line ${line}`;
}

const UNITS: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4 };

function svgLength(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return null;
  const unit = UNITS[m[2]!.toLowerCase()];
  const n = Number(m[1]) * (unit ?? NaN);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}

function svgHeader(text: string): Header {
  const start = text.search(/<svg[\s>/]/);
  const end = text.indexOf('>', start);
  if (start < 0 || end < 0) return { damaged: 'its <svg> tag is never closed' };
  const tag = text.slice(start, end);
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_:][-\w:.]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    attrs.set(m[1]!, m[3] ?? m[4] ?? '');
  }
  let width = svgLength(attrs.get('width'));
  let height = svgLength(attrs.get('height'));
  const box = attrs.get('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const notes: string[] = [];
  if (box && box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0) {
    const [, , bw, bh] = box as [number, number, number, number];
    if (width === null && height === null) { width = Math.round(bw); height = Math.round(bh); }
    else if (width === null) width = Math.round((height! * bw) / bh);
    else if (height === null) height = Math.round((width * bh) / bw);
  }
  if (width === null || height === null) {
    width = width ?? 300;
    height = height ?? 150;
    notes.push(`the SVG does not say its size; drawn at ${width} x ${height} pixels`);
  }
  return { width, height, frames: 1, notes };
}
