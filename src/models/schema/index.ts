/**
 * The versioned schema of a NetworkSpec as it travels in files and links: structure, types and limits (zod 4).
 * Meaning (shapes that do not fit, dangling edges, cycles) is the engine's job: analyze() reports it per layer.
 */
import { z } from 'zod';
import { SCHEMA_VERSION, type NetworkSpec } from '../spec';
import { migrate } from './migrations';

// zod compiles fast parsers with new Function; the app's Content-Security-Policy allows no eval, so parse without.
z.config({ jitless: true });

/** Largest number of layers a spec may hold (ResNet-152 has 464): beyond it an import is refused, not analysed. */
export const MAX_NODES = 5000;
/** Largest accepted JSON text, in characters, before parsing. */
export const MAX_JSON_CHARS = 5_000_000;
/** Largest spatial size, channel or unit count; bigger numbers are typos or attacks, not networks. */
export const MAX_SIZE = 1_000_000;

const id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const posInt = z.number().int('must be a whole number').min(1, 'must be 1 or more').max(MAX_SIZE, `must be at most ${MAX_SIZE.toLocaleString('en-US')}`);
const nonNegInt = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(MAX_SIZE, `must be at most ${MAX_SIZE.toLocaleString('en-US')}`);
const pairOf = z.union([posInt, z.tuple([posInt, posInt])], { error: 'must be a positive whole number or [height, width]' });
const explicitPadding = z.strictObject({ top: nonNegInt, bottom: nonNegInt, left: nonNegInt, right: nonNegInt });
const padding = z.union([z.literal('valid'), z.literal('same'), explicitPadding], { error: "must be 'valid', 'same' or {top, bottom, left, right}" });
const activation = z.enum(['linear', 'relu', 'sigmoid', 'tanh', 'softmax'], { error: 'must be linear, relu, sigmoid, tanh or softmax' });
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const inputs = z.array(id).max(1000, 'must list at most 1,000 inputs');
const base = {
  id,
  inputs,
  trainable: z.boolean({ error: 'must be true or false' }).optional(),
  torchName: z.string().max(200).regex(/^[A-Za-z_]\w*(\.\w+)*$/, 'must be a dotted Python module path such as features.0').optional(),
};

const conv2d = z.strictObject({ ...base, kind: z.literal('conv2d'), filters: posInt, kernel: pairOf, stride: pairOf.optional(), padding: padding.optional(), dilation: pairOf.optional(), groups: posInt.optional(), bias: z.boolean().optional(), activation: activation.optional() });
const depthwise = z.strictObject({ ...base, kind: z.literal('depthwiseConv2d'), kernel: pairOf, depthMultiplier: posInt.optional(), stride: pairOf.optional(), padding: padding.optional(), dilation: pairOf.optional(), bias: z.boolean().optional(), activation: activation.optional() });
const poolFields = { ...base, pool: pairOf, stride: pairOf.optional(), padding: padding.optional(), ceil: z.boolean().optional() };
const maxPool = z.strictObject({ ...poolFields, kind: z.literal('maxPool2d') });
const avgPool = z.strictObject({ ...poolFields, kind: z.literal('avgPool2d') });
const gap = z.strictObject({ ...base, kind: z.literal('globalAvgPool2d') });
const dense = z.strictObject({ ...base, kind: z.literal('dense'), units: posInt, bias: z.boolean().optional(), activation: activation.optional() });
const flatten = z.strictObject({ ...base, kind: z.literal('flatten') });
const dropout = z.strictObject({ ...base, kind: z.literal('dropout'), rate: finite.refine((r) => r >= 0 && r < 1, 'must be at least 0 and below 1') });
const batchNorm = z.strictObject({ ...base, kind: z.literal('batchNorm'), epsilon: finite.refine((e) => e > 0, 'must be above 0').optional(), momentum: finite.refine((m) => m >= 0 && m <= 1, 'must be between 0 and 1').optional() });
const lrn = z.strictObject({ ...base, kind: z.literal('lrn'), size: posInt, alpha: finite, beta: finite, k: finite });
const act = z.strictObject({ ...base, kind: z.literal('activation'), fn: activation });
const zeroPad = z.strictObject({ ...base, kind: z.literal('zeroPad2d'), padding: explicitPadding });
const shortcutPad = z.strictObject({ ...base, kind: z.literal('shortcutPad'), stride: posInt.optional(), channels: posInt });
const add = z.strictObject({ ...base, kind: z.literal('add'), activation: activation.optional() });
const concat = z.strictObject({ ...base, kind: z.literal('concat') });

/** One layer: a union tagged by `kind`, each object strict (an unknown field is a typo, and is reported). */
export const layerSchema = z.discriminatedUnion('kind', [conv2d, depthwise, maxPool, avgPool, gap, dense, flatten, dropout, batchNorm, lrn, act, zeroPad, shortcutPad, add, concat], {
  error: (iss) => (iss.code === 'invalid_union' ? 'has an unknown kind; use conv2d, depthwiseConv2d, maxPool2d, avgPool2d, globalAvgPool2d, dense, flatten, dropout, batchNorm, lrn, activation, zeroPad2d, shortcutPad, add or concat' : undefined),
});

const inputSpec = z.strictObject({
  id,
  shape: z.union([z.tuple([posInt, posInt, posInt]), z.tuple([posInt])], { error: 'must be [height, width, channels] or [length]' }),
});

/** The whole spec at the current version. */
export const networkSpecSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string().max(200, 'must be at most 200 characters'),
  inputs: z.array(inputSpec).min(1, 'must hold at least one input').max(100, 'must hold at most 100 inputs'),
  nodes: z.array(layerSchema).max(MAX_NODES, `must hold at most ${MAX_NODES.toLocaleString('en-US')} layers`),
  outputs: z.array(id).max(1000, 'must list at most 1,000 outputs'),
});

export type ParseResult = { ok: true; spec: NetworkSpec } | { ok: false; error: string };

/** Where an issue is, in words a user can find: "nodes[3] (conv2d 'c1').filters". */
function where(raw: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let cur: unknown = raw;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
    cur = cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number' && out.startsWith('nodes[') && out.indexOf(']') === out.length - 1 && cur !== null && typeof cur === 'object') {
      const n = cur as Record<string, unknown>;
      const who = [typeof n.kind === 'string' ? n.kind.slice(0, 30) : '', typeof n.id === 'string' ? `'${n.id.slice(0, 40)}'` : ''].filter(Boolean).join(' ');
      if (who) out += ` (${who})`;
    }
  }
  return out || 'the spec';
}

/** One line naming the first problems of a failed parse and where they are. */
export function describeIssues(raw: unknown, error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => {
    const msg = i.code === 'unrecognized_keys' ? `has unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.slice(0, 3).map((k) => `'${k.slice(0, 30)}'`).join(', ')}` : i.message;
    return `${where(raw, i.path)} ${msg.replace(/^Invalid input: /, '')}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Validates (after migrating to the current version) any value as a NetworkSpec; never throws. */
export function parseSpec(raw: unknown): ParseResult {
  const m = migrate(raw);
  if (!m.ok) return m;
  const r = networkSpecSchema.safeParse(m.value);
  if (!r.success) return { ok: false, error: `Not a valid network: ${describeIssues(m.value, r.error)}.` };
  return { ok: true, spec: r.data as NetworkSpec };
}

/** Parses JSON text safely: size-limited, never throws, a one-line message on failure. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof text !== 'string') return { ok: false, error: 'Expected text.' };
  if (text.length > MAX_JSON_CHARS) return { ok: false, error: `The file is ${text.length.toLocaleString('en-US')} characters, over the ${MAX_JSON_CHARS.toLocaleString('en-US')} limit.` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // The engine's message quotes the input: keep it one printable line.
    return { ok: false, error: `Not valid JSON: ${why.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?').slice(0, 160)}.` };
  }
}

/** Parses a spec from JSON text: JSON, migration, schema. */
export function parseSpecText(text: string): ParseResult {
  const j = parseJsonText(text);
  return j.ok ? parseSpec(j.value) : j;
}

/** The JSON text a spec exports as (pretty-printed, current schema version). */
export function specToJson(spec: NetworkSpec): string {
  return `${JSON.stringify({ ...spec, schemaVersion: SCHEMA_VERSION }, null, 2)}\n`;
}

export { migrate, MIGRATIONS } from './migrations';
