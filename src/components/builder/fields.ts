/**
 * The editable hyper-parameters of each layer kind, and how their text is parsed and shown. Pure, tested in Node:
 * parsing never throws and returns the value or a sentence saying what to type.
 */
import { ACTIVATIONS, pair, type ActivationFn, type ExplicitPadding, type LayerKind, type Pair } from '../../models';

export type FieldType = 'int' | 'pair' | 'padding' | 'pad4' | 'activation' | 'bool' | 'number';

export interface FieldDef {
  key: string;
  label: string;
  type: FieldType;
  /** Shown when the field is empty; an optional field left empty takes the engine's default. */
  placeholder?: string;
  optional?: boolean;
  /** A short explanation for the field's title. */
  help?: string;
  /** Shown only on the selected layer, to keep rows short. */
  advanced?: boolean;
}

const act: FieldDef = { key: 'activation', label: 'activation', type: 'activation', optional: true };
const bias: FieldDef = { key: 'bias', label: 'bias', type: 'bool', optional: true, advanced: true };
const stride: FieldDef = { key: 'stride', label: 'stride', type: 'pair', optional: true, placeholder: '1' };
const padding: FieldDef = { key: 'padding', label: 'padding', type: 'padding', optional: true, placeholder: 'valid', help: "'valid', 'same', a number of pixels per side, or top,bottom,left,right" };
const trainable: FieldDef = { key: 'trainable', label: 'trainable', type: 'bool', optional: true, advanced: true, help: 'untick to freeze the weights: training leaves them as they are (transfer learning)' };
const dilation: FieldDef = { key: 'dilation', label: 'dilation', type: 'pair', optional: true, placeholder: '1', advanced: true };

/** Fields per kind, most important first (the first few show inline in the layer list). */
export const FIELDS: Record<LayerKind, FieldDef[]> = {
  conv2d: [
    { key: 'filters', label: 'filters', type: 'int' },
    { key: 'kernel', label: 'kernel', type: 'pair', help: 'f, or height x width' },
    stride,
    padding,
    act,
    { key: 'groups', label: 'groups', type: 'int', optional: true, placeholder: '1', advanced: true },
    dilation,
    bias,
    trainable,
  ],
  depthwiseConv2d: [{ key: 'kernel', label: 'kernel', type: 'pair' }, stride, padding, act, { key: 'depthMultiplier', label: 'multiplier', type: 'int', optional: true, placeholder: '1', advanced: true }, dilation, bias, trainable],
  maxPool2d: [{ key: 'pool', label: 'pool', type: 'pair' }, { ...stride, placeholder: 'pool' }, padding, { key: 'ceil', label: 'ceil mode', type: 'bool', optional: true, advanced: true }],
  avgPool2d: [{ key: 'pool', label: 'pool', type: 'pair' }, { ...stride, placeholder: 'pool' }, padding, { key: 'ceil', label: 'ceil mode', type: 'bool', optional: true, advanced: true }],
  globalAvgPool2d: [],
  dense: [{ key: 'units', label: 'units', type: 'int' }, act, bias, trainable],
  flatten: [],
  dropout: [{ key: 'rate', label: 'rate', type: 'number', help: 'fraction of units dropped while training, 0 to below 1' }],
  batchNorm: [
    { key: 'epsilon', label: 'epsilon', type: 'number', optional: true, placeholder: '0.001' },
    { key: 'momentum', label: 'momentum', type: 'number', optional: true, placeholder: '0.99', advanced: true },
    trainable,
  ],
  lrn: [
    { key: 'size', label: 'size', type: 'int' },
    { key: 'alpha', label: 'alpha', type: 'number' },
    { key: 'beta', label: 'beta', type: 'number' },
    { key: 'k', label: 'k', type: 'number' },
  ],
  activation: [{ key: 'fn', label: 'function', type: 'activation' }],
  zeroPad2d: [{ key: 'padding', label: 'padding', type: 'pad4', help: 'pixels per side, or top,bottom,left,right' }],
  shortcutPad: [
    { key: 'channels', label: 'channels', type: 'int', help: 'output channels: the input\'s, padded with zeros' },
    { key: 'stride', label: 'stride', type: 'int', optional: true, placeholder: '2' },
  ],
  add: [{ ...act, label: 'then' }],
  concat: [],
};

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

const MAX = 1_000_000;

function int(text: string, min: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= min && n <= MAX ? n : null;
}

function parsePair(text: string): Pair | null {
  const parts = text.trim().split(/\s*[x,×*]\s*/i);
  if (parts.length === 1) return int(parts[0]!, 1);
  if (parts.length !== 2) return null;
  const [h, w] = parts.map((p) => int(p, 1));
  if (h == null || w == null) return null;
  return h === w ? h : [h, w];
}

function parsePad4(text: string): ExplicitPadding | null {
  const parts = text.trim().split(/\s*[,x]\s*|\s+/);
  const n = parts.map((p) => int(p, 0));
  if (n.some((v) => v === null)) return null;
  if (n.length === 1) return { top: n[0]!, bottom: n[0]!, left: n[0]!, right: n[0]! };
  if (n.length === 2) return { top: n[0]!, bottom: n[0]!, left: n[1]!, right: n[1]! };
  if (n.length === 4) return { top: n[0]!, bottom: n[1]!, left: n[2]!, right: n[3]! };
  return null;
}

/** Parses a field's text; an optional field's empty text removes it (the default applies). */
export function parseField(f: FieldDef, text: string): Parsed {
  const t = text.trim();
  if (t === '' && f.optional) return { ok: true, value: undefined };
  switch (f.type) {
    case 'int': {
      const n = int(t, 1);
      return n === null ? { ok: false, error: `${f.label}: type a whole number from 1 to 1,000,000` } : { ok: true, value: n };
    }
    case 'pair': {
      const p = parsePair(t);
      return p === null ? { ok: false, error: `${f.label}: type a size such as 3, or 3x5 for height x width` } : { ok: true, value: p };
    }
    case 'padding': {
      if (t === 'valid' || t === 'same') return { ok: true, value: t };
      const p = parsePad4(t);
      return p === null ? { ok: false, error: `${f.label}: type valid, same, pixels per side (1), or top,bottom,left,right` } : { ok: true, value: p };
    }
    case 'pad4': {
      const p = parsePad4(t);
      return p === null ? { ok: false, error: `${f.label}: type pixels per side (1), height,width (1,2), or top,bottom,left,right` } : { ok: true, value: p };
    }
    case 'number': {
      const n = t === '' ? NaN : Number(t);
      return Number.isFinite(n) && Math.abs(n) <= MAX ? { ok: true, value: n } : { ok: false, error: `${f.label}: type a number, e.g. 0.5` };
    }
    case 'activation':
      return (ACTIVATIONS as readonly string[]).includes(t) ? { ok: true, value: t === 'linear' && f.optional ? undefined : (t as ActivationFn) } : { ok: false, error: `${f.label}: pick one of ${ACTIVATIONS.join(', ')}` };
    case 'bool':
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false, error: `${f.label}: true or false` };
  }
}

/** The text a field shows for a value. */
export function formatField(f: FieldDef, value: unknown): string {
  if (value === undefined || value === null) return f.type === 'activation' ? 'linear' : '';
  switch (f.type) {
    case 'pair': {
      const [h, w] = pair(value as Pair);
      return h === w ? String(h) : `${h}x${w}`;
    }
    case 'padding':
    case 'pad4': {
      if (typeof value === 'string') return value;
      const p = value as ExplicitPadding;
      if (p.top === p.bottom && p.left === p.right) return p.top === p.left ? String(p.top) : `${p.top},${p.left}`;
      return `${p.top},${p.bottom},${p.left},${p.right}`;
    }
    default:
      return String(value);
  }
}
