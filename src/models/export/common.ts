/** Shared pieces of the code generators: Python identifiers and string literals, and the stated counts. */
import type { NetworkAnalysis } from '../analyze';
import { formatExact } from '../format';
import { pair, type Padding, type Pair } from '../spec';

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self x torch nn F tf keras layers model inputs outputs forward training eval train parameters modules children to cuda cpu type float double half apply state_dict zero_grad buffers named_buffers named_modules named_parameters named_children register_buffer add_module load_state_dict requires_grad_ predict'.split(' '),
);

/** Makes unique Python identifiers from spec ids ("layer1.0.conv1" -> "layer1_0_conv1"). */
export function identifiers(): (id: string) => string {
  const used = new Set<string>();
  const byId = new Map<string, string>();
  return (id: string) => {
    const known = byId.get(id);
    if (known) return known;
    let base = id.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '').slice(0, 60) || 'layer';
    if (/^[0-9]/.test(base)) base = `l_${base}`;
    if (PY_KEYWORDS.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    byId.set(id, name);
    return name;
  };
}

/** Whether `s` can stand as an attribute or keyword-argument name in generated code as it is. */
export function isPythonName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,59}$/.test(s) && !PY_KEYWORDS.has(s);
}

/** A Python string literal that can hold any text safely (no code can escape it). */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** A class name from the network's name ("LeNet-5 (modern)" -> "LeNet5Modern"). */
export function className(name: string): string {
  const words = name.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined.slice(0, 60) : `Net${joined.slice(0, 60)}`;
}

/** A comment line safe to put in Python source (no newlines from user text). */
export function comment(text: string): string {
  return `# ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;
}

/** The header every generated file starts with: what it is and the parameter counts it must reproduce. */
export function countLines(a: NetworkAnalysis): { trainable: string; nonTrainable: string; total: string } {
  const t = a.totals;
  return { trainable: formatExact(t.trainableParams), nonTrainable: formatExact(t.nonTrainableParams), total: formatExact(t.params) };
}

export const tuple = (p: Pair): string => {
  const [h, w] = pair(p);
  return `(${h}, ${w})`;
};

/** Explicit per-side padding [top, bottom, left, right] of a sliding window, 'same' resolved TensorFlow's way. */
export function resolvePads(padding: Padding | undefined, input: readonly number[], kernel: Pair, stride: Pair, dilation: Pair = 1): [number, number, number, number] {
  if (padding === undefined || padding === 'valid') return [0, 0, 0, 0];
  if (padding !== 'same') return [padding.top, padding.bottom, padding.left, padding.right];
  const [kh, kw] = pair(kernel);
  const [sh, sw] = pair(stride);
  const [dh, dw] = pair(dilation);
  const axis = (n: number, k: number, s: number, d: number): [number, number] => {
    const eff = d * (k - 1) + 1;
    const total = Math.max((Math.ceil(n / s) - 1) * s + eff - n, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [t, b] = axis(input[0]!, kh, sh, dh);
  const [l, r] = axis(input[1]!, kw, sw, dw);
  return [t, b, l, r];
}
