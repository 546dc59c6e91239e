// @vitest-environment node
/**
 * Hostile input, property-tested: importers (spec JSON, Keras model.json), the share-link decoder and the CLI's
 * --spec see random bytes, truncated JSON, wrong types, NaN and 1e308, negative sizes, __proto__ and constructor
 * keys, HTML and script in names. Each must answer with a message (never throw), leave the app's state unchanged,
 * and the CLI must exit non-zero with exactly one line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/summaryCommand';
import { analyze, zooSpec } from '../models';
import { importKerasModel } from '../models/import/keras';
import { parseJsonText, parseSpec, parseSpecText, specToJson } from '../models/schema';
import { decodeShareHash } from '../models/share';
import { createAppStore } from './createAppStore';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../e2e/fixtures/${name}`, import.meta.url)), 'utf8');
const SEEDS = [
  ...['lenet5', 'conv1x1-demo', 'inception-reduced'].map((id) => specToJson(zooSpec(id)!)),
  fixture('keras-sequential.model.json'),
  fixture('keras-functional.model.json'),
];

const HOSTILE_VALUES: unknown[] = [null, 1e308, -1e308, -5, 0, -0, 1.5, 2 ** 53 + 1, '', 'NaN', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '__proto__', 'constructor', {}, [], [[[[[]]]]], true, 'a\nb\u2028c\u0000'];
const PARSED = SEEDS.map((t) => JSON.parse(t) as unknown);
const PATHS = PARSED.map((v) => paths(v));
const hostileValue = fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.string(), fc.integer(), fc.double(), fc.boolean());

type Json = unknown;
/** Every path to a value inside a JSON value. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], limit = 4000): (string | number)[][] {
  if (out.length > limit) return out;
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out, limit));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, Json>)[k], [...prefix, k], out, limit);
  return out;
}

function setAt(root: Json, path: (string | number)[], value: unknown, remove: boolean): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
  return copy;
}

/** A hostile text: a seed mutated at one place, cut short, spliced with junk, or random bytes. */
const hostileText = fc.oneof(
  // One value replaced, or a key deleted, anywhere in a valid file.
  fc.tuple(fc.nat(SEEDS.length - 1), fc.nat(), hostileValue, fc.boolean()).map(([seed, at, value, remove]) => {
    const ps = PATHS[seed]!;
    return JSON.stringify(setAt(PARSED[seed], ps[at % ps.length]!, value, remove)) ?? 'null';
  }),
  // __proto__ / constructor keys injected into an object (JSON.parse makes them own keys).
  fc.tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.constantFrom('"__proto__":{"polluted":true},', '"constructor":{"prototype":{"polluted":true}},', '"__proto__":[],')).map(([seed, at, key]) => {
    const opens = [...seed.matchAll(/\{/g)].map((m) => m.index);
    const i = opens[at % opens.length]! + 1;
    return seed.slice(0, i) + key + seed.slice(i);
  }),
  // Truncated JSON.
  fc.tuple(fc.constantFrom(...SEEDS), fc.nat()).map(([seed, at]) => seed.slice(0, at % seed.length)),
  // Random text and random bytes.
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  // Deep nesting.
  fc.integer({ min: 1, max: 5000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  fc.integer({ min: 1, max: 3000 }).map((d) => `{"schemaVersion":1,"name":"n","inputs":${'['.repeat(d)}${']'.repeat(d)},"nodes":[],"outputs":[]}`),
);

describe('hostile input (property test, 10,000 generated cases)', () => {
  it('importers, the link decoder and the CLI answer every case with a message; the app state never changes', async () => {
    const store = createAppStore();
    await store.getState().createNetwork(zooSpec('lenet5')!);
    const before = store.getState();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        // The spec importer.
        const spec = parseSpecText(text);
        if (!spec.ok) expect(spec.error.length).toBeGreaterThan(0);
        else analyze(spec.spec); // a valid-looking spec must analyse without throwing
        // The Keras importer (on whatever JSON the text holds).
        const j = parseJsonText(text);
        if (j.ok) {
          const k = importKerasModel(j.value);
          if (!k.ok) expect(typeof k.error).toBe('string');
        }
        // The share-link decoder agrees with the importer, and refuses tampered links.
        const link = decodeShareHash(`#spec=${LZString.compressToEncodedURIComponent(text)}`);
        expect(link.ok).toBe(spec.ok);
        expect(decodeShareHash(`#spec=${text}`).ok).toBe(false);
        // The CLI: a spec or model.json it cannot use means exit 2 and exactly one stderr line.
        const r = run(['--spec', 'input.json'], { readFile: () => text });
        if (r.code === 2) {
          expect(r.stdout).toBe('');
          expect(r.stderr).toMatch(/^summary: [^\n]*\n$/);
        } else {
          accepted++;
          expect([0, 1]).toContain(r.code);
        }
        // The app: a failed import leaves the open network and the library exactly as they were.
        const ok = await store.getState().importText(text, '<img src=x onerror=alert(1)>.json');
        if (!ok) {
          const s = store.getState();
          expect(s.builder.draft).toBe(before.builder.draft);
          expect(s.builder.library).toBe(before.builder.library);
          expect(s.builder.past).toBe(before.builder.past);
        } else {
          // A valid file opens as a new network; go back to the original for the next case.
          store.setState({ builder: before.builder });
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 10_000, seed: 20261128 },
    );
    // The generator does produce valid files too (mutations that keep them valid), so both paths ran.
    expect(accepted).toBeGreaterThan(0);
  });

  it('a million layers is refused quickly, as text and as a value', () => {
    const node = (i: number) => ({ id: `d${i}`, kind: 'dropout', inputs: ['input'], rate: 0.1 });
    const nodes = Array.from({ length: 1_000_000 }, (_, i) => node(i));
    const value = { schemaVersion: 1, name: 'big', inputs: [{ id: 'input', shape: [8, 8, 3] }], nodes, outputs: [] };
    const t0 = performance.now();
    expect(parseSpec(value)).toMatchObject({ ok: false, error: expect.stringContaining('at most 5,000 layers') });
    const text = JSON.stringify(value);
    expect(parseSpecText(text)).toMatchObject({ ok: false, error: expect.stringContaining('over the 5,000,000 limit') });
    expect(run(['--spec', 'big.json'], { readFile: () => text })).toMatchObject({ code: 2 });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(importKerasModel({ modelTopology: { class_name: 'Sequential', config: { layers: nodes } } })).toMatchObject({ ok: false, error: expect.stringContaining('over the 5,000 limit') });
  });
});
