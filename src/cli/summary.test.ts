// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ZOO } from '../models';
import { run, toJson } from './summaryCommand';

interface JsonLayer {
  name: string;
  kind: string;
  outputShape: number[] | null;
  params: number;
  macs: number;
  receptiveField: [number, number] | { wholeInput: boolean; rows: [number, number]; cols: [number, number] } | null;
  jump: [number, number] | null;
  start: [number, number] | null;
}
interface JsonSummary {
  model: string;
  input: number[];
  totals: Record<'params' | 'trainableParams' | 'nonTrainableParams' | 'macs' | 'activationBytes' | 'weightBytes', number>;
  layers: JsonLayer[];
  errors: string[];
  trainingMemory?: { batchSize: number; weights: number; gradients: number; optimizerState: number; activations: number; total: number };
}

function json(argv: string[]): JsonSummary {
  const r = run(argv);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as JsonSummary;
}

const layer = (s: JsonSummary, name: string) => s.layers.find((l) => l.name === name);

describe('summary --json', () => {
  it('vgg16 totals match torchvision', () => {
    const s = json(['vgg16', '--json']);
    expect(s.model).toBe('vgg16');
    expect(s.input).toEqual([224, 224, 3]);
    expect(s.totals).toMatchObject({ params: 138357544, trainableParams: 138357544, nonTrainableParams: 0, macs: 15470264320, weightBytes: 138357544 * 4 });
    expect(s.errors).toEqual([]);
    expect(s.trainingMemory).toBeUndefined();
  });

  it('resnet50 splits trainable and non-trainable params', () => {
    const s = json(['resnet50', '--json']);
    expect(s.totals.trainableParams).toBe(25557032);
    expect(s.totals.nonTrainableParams).toBe(53120);
    expect(s.totals.params).toBe(25557032 + 53120);
  });

  it('lenet5 layers carry kind and output shape without the batch axis', () => {
    const s = json(['lenet5', '--json', '--batch', '16']);
    expect(layer(s, 'input')).toMatchObject({ kind: 'input', outputShape: [32, 32, 1], params: 0 });
    expect(layer(s, 'c1')).toMatchObject({ kind: 'conv2d', outputShape: [28, 28, 6], params: 156 });
    expect(layer(s, 'c3')?.outputShape).toEqual([10, 10, 16]);
    expect(layer(s, 'output')).toMatchObject({ kind: 'dense', outputShape: [10] });
    expect(s.totals.params).toBe(61706);
    const m = s.trainingMemory!;
    expect(m.batchSize).toBe(16);
    expect(m.total).toBe(m.weights + m.gradients + m.optimizerState + m.activations);
    expect(m.optimizerState).toBe(2 * m.gradients);
  });

  it('every layer carries its receptive field, jump and start; after flatten, the input pixels it reads', () => {
    const s = json(['vgg16', '--json']);
    expect(layer(s, 'pool5')).toMatchObject({ receptiveField: [212, 212], jump: [32, 32], start: [15.5, 15.5] });
    expect(layer(s, 'conv5_3')).toMatchObject({ receptiveField: [196, 196], jump: [16, 16] });
    expect(layer(s, 'fc8')).toMatchObject({ receptiveField: { wholeInput: true, rows: [0, 223], cols: [0, 223] }, jump: null, start: null });
    expect(layer(json(['resnet18', '--json']), 'layer4.1.add')?.receptiveField).toEqual([435, 435]);
    const lines = run(['googlenet-aux', '--json']).stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('    {"name":'))).toHaveLength(json(['googlenet-aux', '--json']).layers.length);
    const bad = run(['lenet5', '--input', '3x3x1', '--json']);
    expect((JSON.parse(bad.stdout) as JsonSummary).layers.find((l) => l.name === 'c3')).toMatchObject({ receptiveField: null, jump: null, start: null });
  });

  it('--input re-analyses at another size', () => {
    const s = json(['resnet18', '--input', '64x64x3', '--json']);
    expect(s.input).toEqual([64, 64, 3]);
    expect(layer(s, 'conv1')?.outputShape).toEqual([32, 32, 64]);
    expect(layer(s, 'layer4.1.add')?.outputShape).toEqual([2, 2, 512]);
    const full = json(['resnet18', '--json']);
    expect(layer(full, 'conv1')?.outputShape).toEqual([112, 112, 64]);
    expect(s.totals.params).toBe(full.totals.params);
    expect(s.totals.macs).toBeLessThan(full.totals.macs);
  });

  it('prints the table and JSON even when the analysis has errors, exit 1', () => {
    const r = run(['lenet5', '--input', '3x3x1', '--json']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as JsonSummary;
    expect(s.errors.length).toBeGreaterThan(0);
    expect(s.errors[0]).toMatch(/c1/);
    expect(layer(s, 'c1')?.outputShape).toBeNull();
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);

    const t = run(['lenet5', '--input', '3x3x1']);
    expect(t.code).toBe(1);
    expect(t.stdout).toContain("conv 'c1': a 5x5 kernel does not fit the 3x3 input");
  });
});

describe('toJson', () => {
  it('parses back to the same value and keeps short values on one line', () => {
    const v = { a: [1, 2, 3], s: 'q"}[\n', nested: { deep: Array.from({ length: 40 }, (_, i) => ({ i, x: null })) }, e: [], o: {}, u: undefined };
    const text = toJson(v);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
    expect(text).toContain('"a": [1,2,3]');
    expect(text).toContain('    {"i":0,"x":null},');
  });
});

describe('summary text', () => {
  it('shows the batch in shapes and a training-memory line saying what it counts', () => {
    const r = run(['vgg16', '--batch', '32']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('[32, 224, 224, 64]');
    expect(r.stdout).toContain('Total params: 138,357,544');
    expect(r.stdout).toMatch(/Receptive field +Jump\n/);
    expect(r.stdout).toMatch(/pool5 \(max pool\) +\[32, 7, 7, 512\] +0 +0 +[\d.]+ KiB +212x212 +32\n/);
    expect(r.stdout).toMatch(/fc8 \(dense\) .* whole input +—\n/);
    expect(r.stdout).toContain('Receptive field: the input pixels one output value depends on');
    expect(r.stdout).toMatch(/Training memory \(batch 32, Adam, float32\): .* = weights .* \+ gradients .* \+ Adam state .* \+ stored activations .* x 32/);
  });

  it('--list names every zoo network with its year', () => {
    const r = run(['--list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ZOO.length);
    for (const z of ZOO) expect(lines.some((l) => l.startsWith(`${z.id} `) && l.includes(z.name) && l.endsWith(String(z.year)))).toBe(true);
    const j = JSON.parse(run(['--list', '--json']).stdout) as { networks: { id: string }[] };
    expect(j.networks.map((n) => n.id)).toEqual(ZOO.map((z) => z.id));
  });

  it('--help prints usage and exits 0, even next to a mistake', () => {
    for (const argv of [['--help'], ['-h'], ['vgg16', '--bogus', '--help']]) {
      const r = run(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: /);
      expect(r.stderr).toBe('');
    }
  });
});

describe('bad usage exits 2 with one stderr line', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown id', ['resnet5'], /^summary: unknown network 'resnet5'.*run with --list to see the ids$/],
    ['missing id', [], /missing network id/],
    ['only options', ['--json'], /missing network id/],
    ['two ids', ['vgg16', 'vgg19'], /expected one network id/],
    ['unknown option', ['vgg16', '--bogus'], /unknown option '--bogus'/],
    ['unknown short option', ['vgg16', '-x'], /unknown option '-x'/],
    ['flag with a value', ['vgg16', '--json=yes'], /--json takes no value/],
    ['--input without value', ['vgg16', '--input'], /--input needs a value/],
    ['--input zero', ['vgg16', '--input', '0x224x3'], /bad --input '0x224x3'/],
    ['--input not a shape', ['vgg16', '--input', 'big'], /bad --input 'big'/],
    ['--input two dims', ['vgg16', '--input', '224x224'], /bad --input/],
    ['--batch zero', ['vgg16', '--batch', '0'], /bad --batch '0'/],
    ['--batch negative', ['vgg16', '--batch', '-4'], /bad --batch '-4'/],
    ['--batch fraction', ['vgg16', '--batch', '1.5'], /bad --batch '1.5'/],
    ['--batch word', ['vgg16', '--batch=lots'], /bad --batch 'lots'/],
    ['--batch exponent', ['vgg16', '--batch', '1e3'], /bad --batch '1e3'/],
    ['--list with an id', ['--list', 'vgg16'], /--list takes no network id/],
    ['id with a newline', ['vgg\n16'], /^summary: unknown network 'vgg\\u000a16'/],
  ];
  it.each(cases)('%s', (_name, argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    const lines = r.stderr.slice(0, -1).split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/^\s*at /);
  });

  it('suggests the nearest id', () => {
    expect(run(['resnet5']).stderr).toContain("did you mean 'resnet50'?");
    expect(run(['VGG16']).stderr).toContain("did you mean 'vgg16'?");
  });
});

describe('the real command', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/summary.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

  it('prints one JSON object on stdout', () => {
    const p = cli('vgg16', '--json');
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const s = JSON.parse(p.stdout) as JsonSummary;
    expect(s.totals.params).toBe(138357544);
    expect(s.totals.macs).toBe(15470264320);
  });

  it('exits 2 with one stderr line and no stack trace for an unknown id', () => {
    const p = cli('resnet5');
    expect(p.status).toBe(2);
    expect(p.stdout).toBe('');
    const lines = p.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^summary: unknown network 'resnet5'/);
    expect(p.stderr).not.toMatch(/^\s+at /m);
  });
});
