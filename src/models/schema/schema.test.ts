import { describe, expect, it } from 'vitest';
import { ZOO, SCHEMA_VERSION, analyze } from '..';
import { decodeShareHash, encodeShareHash, MAX_SHARE_CHARS } from '../share';
import { migrate, parseSpec, parseSpecText, specToJson } from '.';

const tiny = () => ({
  schemaVersion: 1,
  name: 'tiny',
  inputs: [{ id: 'input', shape: [8, 8, 3] }],
  nodes: [{ id: 'c1', kind: 'conv2d', inputs: ['input'], filters: 4, kernel: 3 }],
  outputs: ['c1'],
});

describe('NetworkSpec schema', () => {
  it.each(ZOO.map((z) => [z.id, z]))('accepts %s and round-trips it through JSON unchanged', (_id, z) => {
    const spec = z.build();
    const r = parseSpecText(specToJson(spec));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.spec).toEqual(spec);
  });

  it('says what is wrong and where', () => {
    const bad = tiny();
    (bad.nodes[0] as Record<string, unknown>).filters = 1.5;
    (bad.nodes[0] as Record<string, unknown>).filtrs = 3;
    const r = parseSpec(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain("nodes[0] (conv2d 'c1').filters must be a whole number");
      expect(r.error).toContain("unknown field 'filtrs'");
    }
  });

  it("keeps a layer's torchName and refuses one that is not a module path", () => {
    const vgg = ZOO.find((z) => z.id === 'vgg16')!.build();
    const r = parseSpec(JSON.parse(specToJson(vgg)));
    expect(r.ok && r.spec.nodes.find((n) => n.id === 'conv1_2')?.torchName).toBe('features.2');
    const bad = tiny();
    (bad.nodes[0] as Record<string, unknown>).torchName = 'features..0';
    const b = parseSpec(bad);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error).toContain("nodes[0] (conv2d 'c1').torchName must be a dotted Python module path such as features.0");
  });

  it('names an unknown kind', () => {
    const bad = tiny();
    bad.nodes.push({ id: 'x', kind: 'lstm', inputs: ['c1'] } as never);
    const r = parseSpec(bad);
    expect(!r.ok && r.error).toMatch(/nodes\[1\] \(lstm 'x'\)\.kind has an unknown kind/);
  });

  it('refuses limits: huge sizes, negative sizes, too many layers', () => {
    const big = tiny();
    big.inputs[0]!.shape = [1e308, 8, 3];
    expect(parseSpec(big)).toMatchObject({ ok: false, error: expect.stringContaining('inputs[0].shape') });
    const neg = tiny();
    neg.nodes[0]!.filters = -4;
    expect(parseSpec(neg)).toMatchObject({ ok: false, error: expect.stringContaining('must be 1 or more') });
    const many = tiny();
    many.nodes = Array.from({ length: 6000 }, (_, i) => ({ id: `d${i}`, kind: 'dropout', inputs: ['input'], rate: 0.1 })) as never;
    expect(parseSpec(many)).toMatchObject({ ok: false, error: expect.stringContaining('at most 5,000 layers') });
  });

  it('refuses JSON that is not JSON, and says so in one line', () => {
    const r = parseSpecText('{"schemaVersion": 1, "name": ');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^Not valid JSON/);
      expect(r.error).not.toContain('\n');
    }
  });

  it('migrates a version-0 document (no schemaVersion, `layers`, `output`)', () => {
    const v0 = { name: 'old', inputs: [{ id: 'input', shape: [8, 8, 3] }], layers: [{ id: 'c1', kind: 'conv2d', inputs: ['input'], filters: 4, kernel: 3 }], output: 'c1' };
    const r = parseSpec(v0);
    expect(r).toEqual({ ok: true, spec: { ...tiny(), name: 'old', schemaVersion: SCHEMA_VERSION } });
  });

  it('refuses a document from a newer version instead of guessing', () => {
    const r = migrate({ ...tiny(), schemaVersion: SCHEMA_VERSION + 1 });
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('newer ConvAtlas') });
  });

  it('keeps __proto__ and constructor keys from reaching the spec', () => {
    const text = '{"schemaVersion":1,"name":"p","inputs":[{"id":"input","shape":[8,8,3]}],"nodes":[],"outputs":[],"__proto__":{"polluted":true}}';
    const r = parseSpecText(text);
    expect(r.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const r2 = parseSpecText('{"schemaVersion":1,"name":"constructor","inputs":[{"id":"constructor","shape":[8,8,3]}],"nodes":[],"outputs":[]}');
    expect(r2.ok).toBe(true);
  });
});

describe('share links', () => {
  it.each(ZOO.map((z) => [z.id, z]))('%s survives the link and analyses the same', (_id, z) => {
    const spec = z.build();
    const e = encodeShareHash(spec);
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.hash.length).toBeLessThanOrEqual(MAX_SHARE_CHARS);
    const d = decodeShareHash(e.hash);
    expect(d.ok && d.spec).toEqual(spec);
    if (d.ok) expect(analyze(d.spec).totals).toEqual(analyze(spec).totals);
  });

  it('refuses a network too big for a link, with the size and what to do instead', () => {
    const spec = ZOO.find((z) => z.id === 'resnet152')!.build();
    const huge = { ...spec, nodes: [...spec.nodes, ...spec.nodes.map((n) => ({ ...n, id: `copy.${n.id}`, inputs: n.inputs.map((i) => `copy.${i}`) }))] };
    const e = encodeShareHash({ ...huge, nodes: [...huge.nodes, ...huge.nodes.map((n) => ({ ...n, id: `again.${n.id}` }))] });
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.error).toMatch(/over the 16,000 .*export it as JSON/);
  });

  it('says a cut or edited link is damaged', () => {
    const e = encodeShareHash(ZOO[0]!.build());
    if (!e.ok) throw new Error(e.error);
    expect(decodeShareHash(e.hash.slice(0, 40))).toMatchObject({ ok: false });
    expect(decodeShareHash('#spec=<script>alert(1)</script>')).toMatchObject({ ok: false, error: expect.stringContaining('damaged') });
    expect(decodeShareHash('#nothing')).toMatchObject({ ok: false });
  });
});

describe('schema version 2: frozen layers', () => {
  it('migrates a version-1 spec unchanged but for its version, and accepts trainable: false', () => {
    const r = parseSpec({ ...tiny(), schemaVersion: 1 });
    expect(r).toEqual({ ok: true, spec: { ...tiny(), schemaVersion: 2 } });
    const frozen = { ...tiny(), schemaVersion: 2, nodes: [{ ...tiny().nodes[0]!, trainable: false }] };
    expect(parseSpec(frozen)).toEqual({ ok: true, spec: frozen });
    const bad = parseSpec({ ...frozen, nodes: [{ ...tiny().nodes[0]!, trainable: 'no' }] });
    expect(!bad.ok && bad.error).toMatch(/nodes\[0\] \(conv2d 'c1'\)\.trainable must be true or false/);
  });
});
