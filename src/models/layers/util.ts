import { ACTIVATIONS, pair, type Padding, type Pair, type Shape } from '../spec';
import type { FieldRule, InferResult, LayerProblem } from './types';

/** "28x28x192" */
export function fmtShape(shape: Shape): string {
  return shape.join('x');
}

export function isPosInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

export function isNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** Problems for a field that must be a positive integer, or a pair of them. */
export function checkPair(name: string, v: unknown, optional = true): LayerProblem[] {
  if (v === undefined && optional) return [];
  const ok = isPosInt(v) || (Array.isArray(v) && v.length === 2 && v.every(isPosInt));
  return ok ? [] : [{ code: 'bad-param', message: `${name} must be a positive whole number or [height, width], got ${show(v)}`, fix: `set ${name} to 1 or more` }];
}

export function checkPosInt(name: string, v: unknown, optional = false): LayerProblem[] {
  if (v === undefined && optional) return [];
  return isPosInt(v) ? [] : [{ code: 'bad-param', message: `${name} must be a positive whole number, got ${show(v)}`, fix: `set ${name} to 1 or more` }];
}

export function checkPadding(v: unknown): LayerProblem[] {
  if (v === undefined || v === 'valid' || v === 'same') return [];
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const p = v as Record<string, unknown>;
    if (['top', 'bottom', 'left', 'right'].every((k) => isNonNegInt(p[k]))) return [];
  }
  return [{ code: 'bad-param', message: `padding must be 'valid', 'same' or {top, bottom, left, right} of whole numbers >= 0, got ${show(v)}`, fix: "use padding 'valid' or 'same'" }];
}

export function checkActivation(v: unknown): LayerProblem[] {
  if (v === undefined || (ACTIVATIONS as readonly unknown[]).includes(v)) return [];
  return [{ code: 'bad-param', message: `unknown activation ${show(v)}`, fix: `use one of ${ACTIVATIONS.join(', ')}` }];
}

export function checkBool(name: string, v: unknown): LayerProblem[] {
  return v === undefined || typeof v === 'boolean' ? [] : [{ code: 'bad-param', message: `${name} must be true or false, got ${show(v)}` }];
}

/** A value as it appears in a message: short, never HTML. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '...' : v}'`;
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'nothing';
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 60) + '...' : s;
  } catch {
    return String(v);
  }
}

export function needsImage(what: string, input: Shape): LayerProblem {
  return {
    code: 'needs-image',
    message: `${what} needs an image tensor (H x W x C), got ${input.length === 1 ? `a vector of ${input[0]}` : fmtShape(input)}`,
    fix: 'move it before the flatten or global pooling layer',
  };
}

export interface SpatialGeometry {
  out: [number, number];
  /** Padding actually applied [top, bottom, left, right] ('same' resolved the way TensorFlow does). */
  pads: [number, number, number, number];
}

/** Output size of one spatial axis, floor or ceil mode (PyTorch's rule that the last window must start inside the input or left padding). */
export function axisOut(n: number, k: number, s: number, d: number, before: number, after: number, ceil = false): number {
  const eff = d * (k - 1) + 1;
  const span = n + before + after - eff;
  if (!ceil) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  if ((out - 1) * s >= n + before) out -= 1;
  return out;
}

/** TensorFlow's 'same' padding of one axis [before, after]: ceil(n / stride) outputs, an odd total's extra zero after. */
function samePads(n: number, extent: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(n / stride) - 1) * stride + extent - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Resolves a sliding window over an H x W input; reports kernels that do not fit. */
export function slide(
  what: string,
  input: Shape,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
  padding: Padding,
  ceil = false,
): { ok: true; geo: SpatialGeometry } | { ok: false; problem: LayerProblem } {
  const [kh, kw] = pair(kernel);
  const [sh, sw] = pair(stride);
  const [dh, dw] = pair(dilation);
  const h = input[0]!;
  const w = input[1]!;
  const eh = dh * (kh - 1) + 1;
  const ew = dw * (kw - 1) + 1;
  if (padding === 'same') {
    return { ok: true, geo: { out: [Math.ceil(h / sh), Math.ceil(w / sw)], pads: [...samePads(h, eh, sh), ...samePads(w, ew, sw)] } };
  }
  const p = padding === 'valid' ? { top: 0, bottom: 0, left: 0, right: 0 } : padding;
  const ph = h + p.top + p.bottom;
  const pw = w + p.left + p.right;
  if (eh > ph || ew > pw) {
    const padded = padding === 'valid' ? '' : ' padded';
    const dil = dh > 1 || dw > 1 ? ` (dilated to ${eh}x${ew})` : '';
    return {
      ok: false,
      problem: {
        code: 'kernel-too-large',
        message: `a ${kh}x${kw} ${what}${dil} does not fit the${padded} ${ph}x${pw} input`,
        fix: "use padding 'same' or a smaller kernel",
      },
    };
  }
  return {
    ok: true,
    geo: {
      out: [axisOut(h, kh, sh, dh, p.top, p.bottom, ceil), axisOut(w, kw, sw, dw, p.left, p.right, ceil)],
      pads: [p.top, p.bottom, p.left, p.right],
    },
  };
}

/**
 * The receptive-field rule of a sliding window over an H x W input, with the padding slide() applies ('same' resolved
 * as TensorFlow does: an odd total puts the extra zero below and to the right).
 */
export function windowField(input: Shape, kernel: Pair, stride: Pair, dilation: Pair, padding: Padding): FieldRule {
  const [kh, kw] = pair(kernel);
  const [sh, sw] = pair(stride);
  const [dh, dw] = pair(dilation);
  const extent: [number, number] = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
  const padBefore: [number, number] =
    padding === 'same'
      ? [samePads(input[0]!, extent[0], sh)[0], samePads(input[1]!, extent[1], sw)[0]]
      : padding === 'valid'
        ? [0, 0]
        : [padding.top, padding.left];
  return { kind: 'window', kernel: extent, stride: [sh, sw], padBefore };
}

export function ok(shape: Shape): InferResult {
  return { ok: true, shape };
}

export function fail(problem: LayerProblem): InferResult {
  return { ok: false, problem };
}

export function product(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
