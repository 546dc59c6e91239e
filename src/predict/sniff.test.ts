import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { MAX_PIXELS, MAX_SIDE, sniffImage, type SniffResult } from './sniff';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const be32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const asc = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngChunk(type: string, data: number[]): number[] {
  return [...be32(data.length), ...asc(type), ...data, 0, 0, 0, 0]; // the sniffer does not check CRCs
}
/** A PNG header by hand: signature and IHDR, plus any extra chunks (no pixel data needed). */
function pngHeader(w: number, h: number, extra: number[] = []): Uint8Array {
  return new Uint8Array([...PNG_SIG, ...pngChunk('IHDR', [...be32(w), ...be32(h), 8, 6, 0, 0, 0]), ...extra]);
}
function realPng(w: number, h: number): Uint8Array {
  const png = new PNG({ width: w, height: h });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}
function realJpeg(w: number, h: number): Uint8Array {
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: new Uint8Array(w * h * 4).fill(128) }, 90).data);
}
function gif(frames: number, w = 4, h = 3): Uint8Array {
  const buf = new Uint8Array(4096);
  const writer = new GifWriter(buf, w, h, { palette: [0x000000, 0xffffff], loop: 0 });
  for (let f = 0; f < frames; f++) writer.addFrame(0, 0, w, h, Array.from({ length: w * h }, (_, i) => (i + f) % 2), { delay: 10 });
  return buf.slice(0, writer.end());
}
function expectOk(r: SniffResult): Extract<SniffResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r;
}
function expectRefused(r: SniffResult): string {
  if (r.ok) throw new Error(`expected a refusal, got ${r.kind} ${r.width}x${r.height}`);
  return r.message;
}

describe('sniffImage: kinds and sizes from headers', () => {
  it('reads a real PNG (pngjs) and its size', () => {
    const r = expectOk(sniffImage(realPng(7, 5), 'a.png'));
    expect([r.kind, r.mime, r.width, r.height, r.frames, r.notes]).toEqual(['png', 'image/png', 7, 5, 1, []]);
  });
  it('reads a JPEG (jpeg-js) by walking its segments to the SOF marker', () => {
    const r = expectOk(sniffImage(realJpeg(33, 17), 'photo.jpg'));
    expect([r.kind, r.mime, r.width, r.height]).toEqual(['jpeg', 'image/jpeg', 33, 17]);
  });
  it('counts the frames of an animated GIF (omggif) and says the first is used', () => {
    const r = expectOk(sniffImage(gif(2, 6, 4), 'anim.gif'));
    expect([r.kind, r.width, r.height, r.frames]).toEqual(['gif', 6, 4, 2]);
    expect(r.notes).toEqual(['animated GIF with 2 frames: the first frame is used']);
    const still = expectOk(sniffImage(gif(1), 'still.gif'));
    expect([still.frames, still.notes]).toEqual([1, []]);
  });
  it('notes an animated PNG (acTL chunk)', () => {
    const r = expectOk(sniffImage(pngHeader(10, 12, pngChunk('acTL', [...be32(3), ...be32(0)])), 'a.png'));
    expect([r.width, r.height, r.frames, r.notes]).toEqual([10, 12, 3, ['animated PNG with 3 frames: the first frame is used']]);
  });
  it('reads WebP VP8L and VP8X sizes, and counts ANMF frames', () => {
    const vp8l = [...asc('VP8L'), ...le32(5), 0x2f, ...le32(299 | (199 << 14)), 0];
    const lossless = new Uint8Array([...asc('RIFF'), ...le32(4 + vp8l.length), ...asc('WEBP'), ...vp8l]);
    expect(expectOk(sniffImage(lossless, 'x.webp'))).toMatchObject({ kind: 'webp', width: 300, height: 200, frames: 1 });
    const anmf = [...asc('ANMF'), ...le32(2), 0, 0];
    const vp8x = [...asc('VP8X'), ...le32(10), 0x02, 0, 0, 0, 639 & 255, 639 >> 8, 0, 479 & 255, 479 >> 8, 0, ...anmf, ...anmf];
    const anim = new Uint8Array([...asc('RIFF'), ...le32(4 + vp8x.length), ...asc('WEBP'), ...vp8x]);
    const r = expectOk(sniffImage(anim, 'x.webp'));
    expect([r.width, r.height, r.frames]).toEqual([640, 480, 2]);
  });
  it('reads a BMP header (bottom-up and top-down)', () => {
    const bmp = (h: number): Uint8Array => new Uint8Array([...asc('BM'), ...le32(70), 0, 0, 0, 0, ...le32(54), ...le32(40), ...le32(9), ...le32(h), 1, 0, 24, 0]);
    expect(expectOk(sniffImage(bmp(4), 'b.bmp'))).toMatchObject({ kind: 'bmp', mime: 'image/bmp', width: 9, height: 4 });
    expect(expectOk(sniffImage(bmp(-4), 'b.bmp'))).toMatchObject({ width: 9, height: 4 });
  });
  it('reads SVG sizes from width/height, viewBox, or defaults to 300 x 150', () => {
    const plain = '\uFEFF<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32px"><circle r="4"/></svg>';
    expect(expectOk(sniffImage(enc(plain), 'c.svg'))).toMatchObject({ kind: 'svg', mime: 'image/svg+xml', width: 64, height: 32, notes: [] });
    expect(expectOk(sniffImage(enc('<svg viewBox="0 0 120 90"></svg>'), 'v.svg'))).toMatchObject({ width: 120, height: 90 });
    expect(expectOk(sniffImage(enc('<svg width="240" viewBox="0 0 120 90"></svg>'), 'v.svg'))).toMatchObject({ width: 240, height: 180 });
    const none = expectOk(sniffImage(enc('<svg><rect/></svg>'), 'n.svg'));
    expect([none.width, none.height]).toEqual([300, 150]);
    expect(none.notes[0]).toContain('300 x 150');
  });
  it('goes by the bytes, not the extension, and says so', () => {
    const r = expectOk(sniffImage(realPng(2, 2), 'holiday.jpg'));
    expect(r.kind).toBe('png');
    expect(r.notes).toEqual(['named .jpg but it is a PNG file; it is read as PNG']);
  });
});

describe('sniffImage: refusals, one sentence naming the file', () => {
  it('empty file', () => {
    expect(expectRefused(sniffImage(new Uint8Array(0), 'blank.png'))).toMatch(/^blank\.png is empty \(0 bytes\)/);
  });
  it('a text file, a PDF, a ZIP, an HTML page, unknown bytes', () => {
    expect(expectRefused(sniffImage(enc('hello, this is a note\nline two\n'), 'notes.png'))).toBe(
      'notes.png is not an image: it starts with text, not the bytes of a PNG, JPEG, GIF, WebP, BMP or SVG file.',
    );
    expect(expectRefused(sniffImage(enc('%PDF-1.7\n%âãÏÓ'), 'paper.pdf'))).toBe(
      'paper.pdf is not an image: it is a PDF document, not a PNG, JPEG, GIF, WebP, BMP or SVG file.',
    );
    expect(expectRefused(sniffImage(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), 'pics.zip'))).toContain('is a ZIP archive');
    expect(expectRefused(sniffImage(enc('<!DOCTYPE html><html></html>'), 'page.png'))).toContain('it is an HTML page');
    expect(expectRefused(sniffImage(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 1]), 'x.bin'))).toContain('its first bytes (de ad be ef)');
    expect(expectRefused(sniffImage(enc('BMW is a car'), 'car.bmp'))).toContain('it starts with text');
  });
  it('a truncated PNG or JPEG is damaged', () => {
    expect(expectRefused(sniffImage(realPng(4, 4).slice(0, 16), 'cut.png'))).toMatch(/^cut\.png is damaged: it is a PNG file cut off before its size/);
    const j = realJpeg(8, 8);
    expect(expectRefused(sniffImage(j.slice(0, 20), 'cut.jpg'))).toMatch(/^cut\.jpg is damaged: .*JPEG/);
  });
  it('a 20000 x 20000 PNG header is refused with its size and the limits', () => {
    expect(expectRefused(sniffImage(pngHeader(20000, 20000), 'huge.png'))).toBe(
      'huge.png is 20000 x 20000 pixels (400 megapixels); ConvAtlas opens images up to 8192 pixels a side and 40 megapixels: shrink it and drop it again.',
    );
    // the limits at their edges: 8192 x 4882 (40.0 MP) passes, one more pixel a side or row fails
    expect(sniffImage(pngHeader(MAX_SIDE, Math.floor(MAX_PIXELS / MAX_SIDE)), 'edge.png').ok).toBe(true);
    expect(sniffImage(pngHeader(MAX_SIDE + 1, 10), 'wide.png').ok).toBe(false);
    expect(sniffImage(pngHeader(MAX_SIDE, Math.floor(MAX_PIXELS / MAX_SIDE) + 1), 'big.png').ok).toBe(false);
    expect(expectRefused(sniffImage(pngHeader(0, 10), 'zero.png'))).toBe('zero.png is damaged: its PNG header says it is 0 x 10 pixels.');
  });
  it('an SVG with script, event attributes, javascript: URLs or foreignObject is refused with the line', () => {
    const script = '<svg xmlns="http://www.w3.org/2000/svg">\n  <rect width="4"/>\n  <script>alert(1)</script>\n</svg>';
    expect(expectRefused(sniffImage(enc(script), 'evil.svg'))).toBe(
      'evil.svg contains script (<script> at line 3); ConvAtlas does not open SVG files with scripts.',
    );
    expect(expectRefused(sniffImage(enc('<svg>\n<rect onload="x()"/></svg>'), 'e.svg'))).toContain('(an onload= attribute at line 2)');
    expect(expectRefused(sniffImage(enc('<svg><a href="javascript:x()"/></svg>'), 'e.svg'))).toContain('(a javascript: URL at line 1)');
    // words starting with "on" in text are not attributes
    expect(sniffImage(enc('<svg width="9" height="9"><text> one = two, onward</text></svg>'), 't.svg').ok).toBe(true);
    expect(expectRefused(sniffImage(enc('<svg>\n\n\n<foreignObject/></svg>'), 'e.svg'))).toContain('<foreignObject> with embedded HTML at line 4');
  });
});

describe('sniffImage: hostile bytes', () => {
  const prefixes = [[], PNG_SIG, [0xff, 0xd8, 0xff], asc('GIF89a'), [...asc('RIFF'), 0, 0, 0, 0, ...asc('WEBP')], asc('BM'), asc('<svg ')];
  it('never throws on arbitrary bytes, bare or behind any magic number', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 600 }), (prefix, rest) => {
        const r = sniffImage(new Uint8Array([...prefix, ...rest]), 'fuzz.bin');
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(r.width * r.height).toBeLessThanOrEqual(MAX_PIXELS);
        else expect(r.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 2000 },
    );
  });
  it('answers within 50 ms for 1 MB, whatever the magic number', () => {
    const rest = new Uint8Array(1 << 20);
    let s = 12345;
    for (let i = 0; i < rest.length; i++) rest[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    for (const prefix of [...prefixes, asc('<svg>') ]) {
      const bytes = new Uint8Array(prefix.length + rest.length);
      bytes.set(prefix);
      bytes.set(rest, prefix.length);
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        sniffImage(bytes, 'big.bin');
        best = Math.min(best, performance.now() - t);
      }
      expect(best).toBeLessThan(50);
    }
  });
});
