/**
 * Receptive fields: which input pixels each layer's output values depend on, for any DAG. Each layer file gives its
 * rule (a sliding window, position by position, or global); this module composes them along every path from an
 * input, following Araujo, Norris and Sim, "Computing receptive fields of convolutional neural networks" (Distill,
 * 2019). Where branches meet (add, concat) the field is the union of the branches' fields, which is their largest
 * when the branches are aligned (Araujo et al.'s max over paths) and still exact when their centres differ. A field
 * is that of an output position over all its channels (a concat's channels from a 1x1 branch see less). Pure.
 */
import type { FieldRule } from './layers';
import type { Shape } from './spec';

/** One spatial axis of a field, in pixels of the input image. */
export interface FieldAxis {
  /** Extent of one output value's field, padding included (it can exceed the input: the rest is padding). */
  size: number;
  /** Input pixels between the fields of neighbouring outputs: the product of the strides (effective stride). */
  jump: number;
  /**
   * Centre of the first output's field (pixel centres are 0, 1, ...; a half means between two pixels); output i's
   * is start + i x jump. Araujo et al.'s effective padding is (size - 1) / 2 - start.
   */
  start: number;
}

/** Input pixels from..to (inclusive) along one axis. */
export interface PixelRange {
  from: number;
  to: number;
}

/** Where a layer's output values look in the network's input; null on LayerAnalysis where there is no image input. */
export type ReceptiveField =
  | {
      /** Each output position sees a window of the input that moves with it (convolutions, pools and what follows). */
      kind: 'local';
      /** The input node the pixels belong to. */
      input: string;
      rows: FieldAxis;
      cols: FieldAxis;
      /**
       * False when branches that meet here step through the input at different jumps: the field then changes with
       * the position, `size` is its largest, `jump` the largest branch's, `start` the first output's centre.
       */
      aligned: boolean;
    }
  | {
      /** Every output value reads every position of its input (flatten, global pooling, dense layers after them). */
      kind: 'global';
      input: string;
      /** The input pixels some position reached (a valid window that does not fit the last rows leaves them out). */
      rows: PixelRange;
      cols: PixelRange;
      /** True when that is the whole input image. */
      whole: boolean;
    };

/** The first output's field [lo, hi] along one axis, for the paths that step `jump` pixels per output. */
interface Span {
  jump: number;
  lo: number;
  hi: number;
}

/**
 * A node's field as it propagates: per-axis spans (one per distinct jump) while the output is an image, the covered
 * pixel ranges once it is global; `image` is the input's [H, W].
 */
export type FieldTrace =
  | { kind: 'local'; input: string; image: [number, number]; rows: Span[]; cols: Span[] }
  | { kind: 'global'; input: string; image: [number, number]; rows: PixelRange; cols: PixelRange };

/** The trace of a network input: each pixel sees itself; a vector input has no image to look at. */
export function inputTrace(id: string, shape: Shape): FieldTrace | null {
  if (shape.length !== 3) return null;
  const one = [{ jump: 1, lo: 0, hi: 0 }];
  return { kind: 'local', input: id, image: [shape[0]!, shape[1]!], rows: one, cols: one };
}

/** Spans with the same jump merge into one (their union moves as one); sorted by jump. */
function merge(spans: Span[]): Span[] {
  const byJump = new Map<number, Span>();
  for (const s of spans) {
    const m = byJump.get(s.jump);
    byJump.set(s.jump, m ? { jump: s.jump, lo: Math.min(m.lo, s.lo), hi: Math.max(m.hi, s.hi) } : s);
  }
  return [...byJump.values()].sort((a, b) => a.jump - b.jump);
}

/** Output i of a window reads inputs i*s - p ... i*s - p + k - 1, so output 0 sees [lo - p*j, hi + (k - 1 - p)*j]. */
function slideSpans(spans: Span[], k: number, s: number, p: number): Span[] {
  return merge(spans.map((x) => ({ jump: x.jump * s, lo: x.lo - p * x.jump, hi: x.hi + (k - 1 - p) * x.jump })));
}

/** The pixels any of `n` positions reaches along one axis, clipped to the image. */
function covered(spans: Span[], n: number, size: number): PixelRange {
  const from = Math.min(...spans.map((s) => s.lo));
  const to = Math.max(...spans.map((s) => s.hi + (n - 1) * s.jump));
  return { from: Math.max(0, from), to: Math.min(size - 1, to) };
}

function unite(a: PixelRange, b: PixelRange): PixelRange {
  return { from: Math.min(a.from, b.from), to: Math.max(a.to, b.to) };
}

/** A trace as covered ranges (how a global layer sees its input); `shape` is that input's shape. */
function asGlobal(t: FieldTrace, shape: Shape): { rows: PixelRange; cols: PixelRange } {
  if (t.kind === 'global') return { rows: t.rows, cols: t.cols };
  return { rows: covered(t.rows, shape[0]!, t.image[0]), cols: covered(t.cols, shape[1]!, t.image[1]) };
}

/**
 * The trace of a node from its rule and its inputs' traces and shapes. Null when an input has none, or when the
 * inputs come from different network inputs (no single image holds the field).
 */
export function applyField(rule: FieldRule, inputs: readonly (FieldTrace | null)[], shapes: readonly Shape[]): FieldTrace | null {
  if (inputs.length === 0 || inputs.some((t) => t === null)) return null;
  const traces = inputs as FieldTrace[];
  const first = traces[0]!;
  if (traces.some((t) => t.input !== first.input)) return null;
  const base = { input: first.input, image: first.image };
  if (rule.kind === 'window') {
    if (first.kind !== 'local') return null;
    return {
      kind: 'local',
      ...base,
      rows: slideSpans(first.rows, rule.kernel[0], rule.stride[0], rule.padBefore[0]),
      cols: slideSpans(first.cols, rule.kernel[1], rule.stride[1], rule.padBefore[1]),
    };
  }
  if (rule.kind === 'pointwise' && traces.every((t) => t.kind === 'local')) {
    const locals = traces as Extract<FieldTrace, { kind: 'local' }>[];
    return { kind: 'local', ...base, rows: merge(locals.flatMap((t) => t.rows)), cols: merge(locals.flatMap((t) => t.cols)) };
  }
  const seen = traces.map((t, i) => asGlobal(t, shapes[i]!));
  return { kind: 'global', ...base, rows: seen.map((g) => g.rows).reduce(unite), cols: seen.map((g) => g.cols).reduce(unite) };
}

/** One axis of a local field; `n` is the layer's output size along it. */
function axis(spans: Span[], n: number): FieldAxis {
  if (spans.length === 1) {
    const s = spans[0]!;
    return { size: s.hi - s.lo + 1, jump: s.jump, start: (s.lo + s.hi) / 2 };
  }
  // The extent at position i is max(hi + i*j) - min(lo + i*j) + 1: convex in i, so largest at the first or last.
  const extent = (i: number) => Math.max(...spans.map((s) => s.hi + i * s.jump)) - Math.min(...spans.map((s) => s.lo + i * s.jump)) + 1;
  const lo = Math.min(...spans.map((s) => s.lo));
  const hi = Math.max(...spans.map((s) => s.hi));
  return { size: Math.max(extent(0), extent(Math.max(0, n - 1))), jump: Math.max(...spans.map((s) => s.jump)), start: (lo + hi) / 2 };
}

/** What a node's trace says, given its output shape. */
export function describeField(t: FieldTrace | null, output: Shape): ReceptiveField | null {
  if (!t) return null;
  if (t.kind === 'global') {
    const whole = t.rows.from === 0 && t.cols.from === 0 && t.rows.to === t.image[0] - 1 && t.cols.to === t.image[1] - 1;
    return { kind: 'global', input: t.input, rows: t.rows, cols: t.cols, whole };
  }
  return {
    kind: 'local',
    input: t.input,
    rows: axis(t.rows, output[0] ?? 1),
    cols: axis(t.cols, output[1] ?? 1),
    aligned: t.rows.length === 1 && t.cols.length === 1,
  };
}

/** The field as a short phrase for tables and the CLI: "195x195", "whole input", "rows 0-222, cols 0-222", or "—". */
export function formatField(f: ReceptiveField | null): string {
  if (!f) return '—';
  if (f.kind === 'global') return f.whole ? 'whole input' : `rows ${f.rows.from}-${f.rows.to}, cols ${f.cols.from}-${f.cols.to}`;
  return `${f.aligned ? '' : 'up to '}${f.rows.size}x${f.cols.size}`;
}

/** The jump as "32" (or "2x4" when the axes differ), "—" where there is no local field. */
export function formatJump(f: ReceptiveField | null): string {
  if (!f || f.kind !== 'local') return '—';
  return f.rows.jump === f.cols.jump ? String(f.rows.jump) : `${f.rows.jump}x${f.cols.jump}`;
}

/** "33", or "15.5" between two pixels. */
function px(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/**
 * The field as a sentence for layer details, saying what the figures count: "195x195 input pixels (padding
 * included); jump 32; the first centred at row 33, col 33", "the whole input", or which pixels a global layer reads.
 */
export function fieldSentence(f: ReceptiveField | null): string {
  if (!f) return 'none (no image input, or the shape is unknown)';
  if (f.kind === 'global') {
    return f.whole ? 'the whole input (every value reads every input pixel)' : `input rows ${f.rows.from}-${f.rows.to}, cols ${f.cols.from}-${f.cols.to}; no position reads the rest`;
  }
  const jump = formatJump(f);
  const size = `${f.rows.size}x${f.cols.size} input pixels (padding included)`;
  const where = `the first centred at row ${px(f.rows.start)}, col ${px(f.cols.start)}`;
  if (!f.aligned) return `up to ${size}: its branches step by different amounts, so it changes with the position; jump up to ${jump}; ${where}`;
  return `${size}; jump ${jump}; ${where}`;
}
