// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zooSpec } from '../models';
import { specToJson } from '../models/schema';
import { run, type CommandIo } from './summaryCommand';

const fixture = (name: string) => fileURLToPath(new URL(`../../e2e/fixtures/${name}`, import.meta.url));
const realFs: CommandIo = { readFile: (p) => readFileSync(p, 'utf8') };
const files = (map: Record<string, string>): CommandIo => ({
  readFile(p) {
    if (!(p in map)) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
    return map[p]!;
  },
});

describe('summary --spec', () => {
  it('analyses a Keras model.json: the table of its layers and its totals', () => {
    const r = run(['--spec', fixture('keras-sequential.model.json')], realFs);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('mnist_cnn (keras-sequential.model.json), input 28x28x1');
    expect(r.stdout).toContain('Total params: 225,162');
    expect(r.stdout).toContain('Non-trainable params: 64');
  });

  it('--json gives one object for a spec file, at another input with --input', () => {
    const r = run(['--spec', 'net.json', '--json', '--input', '64x64x3'], files({ 'net.json': specToJson(zooSpec('resnet18')!) }));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { model: string; name: string; input: number[]; totals: { trainableParams: number } };
    expect(j).toMatchObject({ model: 'net.json', name: 'ResNet-18', input: [64, 64, 3], totals: { trainableParams: 11_689_512 } });
  });

  it('a spec with shape errors prints them and exits 1', () => {
    const spec = zooSpec('lenet5')!;
    spec.nodes = spec.nodes.map((n) => (n.id === 'c3' ? { ...n, kernel: 30 } : n));
    const r = run(['--spec', 'x.json'], files({ 'x.json': JSON.stringify(spec) }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("conv 'c3': a 30x30 kernel does not fit the 14x14 input");
    expect(r.stderr).toBe("summary: 'x.json' has 1 error at input 32x32x1 (listed in the output)\n");
  });

  it.each([
    ['missing file', 'nope.json', {}, /^summary: cannot read 'nope.json': no such file\n$/],
    ['truncated JSON', 'a.json', { 'a.json': '{"schemaVersion": 1, "nodes": [' }, /^summary: 'a.json': Not valid JSON/],
    ['wrong types', 'b.json', { 'b.json': '{"schemaVersion":1,"name":"x","inputs":[{"id":"in","shape":[8,8,"3"]}],"nodes":[],"outputs":[]}' }, /inputs\[0\]\.shape/],
    ['an unsupported Keras layer', 'm.json', { 'm.json': JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM', config: { name: 'rnn', batch_input_shape: [null, 10] } }] } } }) }, /'rnn' \(LSTM\)/],
    ['a newline in a name', 'c.json', { 'c.json': '{"schemaVersion":1,"name":"x","inputs":[{"id":"in","shape":[8,8,3]}],"nodes":[{"id":"a\\nb","kind":"nope","inputs":["in"]}],"outputs":[]}' }, /unknown kind/],
  ])('%s: exit 2 with one line', (_what, path, map, pattern) => {
    const r = run(['--spec', path], files(map as Record<string, string>));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses an id together with --spec, and --spec without a path', () => {
    expect(run(['lenet5', '--spec', 'a.json'])).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
    expect(run(['--spec'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--spec network.json') });
  });

  it('the real entry reads the file and exits 2 on a bad one', () => {
    const entry = fileURLToPath(new URL('./summary.ts', import.meta.url));
    const ok = spawnSync(process.execPath, ['--import', 'tsx', entry, '--spec', fixture('keras-functional.model.json'), '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as { totals: { params: number } }).totals.params).toBe(3_426);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', entry, '--spec', fileURLToPath(import.meta.url)], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
