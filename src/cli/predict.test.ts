import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startWasmInNode } from '../workers/nodeBackend';
import { runPredict } from './predictCommand';

const DIGITS = 'public/sample-images/mnist/';
const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as { file: string; top?: { label: string; index: number; p: number }[]; error?: string; crops?: number; computeMultiplier?: number });

beforeAll(async () => {
  await startWasmInNode();
});

describe('npm run predict', () => {
  it('prints one JSON object per image with file and the top 5 (label, index, p)', async () => {
    const r = await runPredict(['lenet5-mnist', `${DIGITS}digit-7-0.png`, `${DIGITS}digit-2-1.png`, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [a, b] = lines(r.stdout);
    expect(a!.file).toBe(`${DIGITS}digit-7-0.png`);
    expect(a!.top).toHaveLength(5);
    expect(a!.top![0]).toMatchObject({ label: '7', index: 7 });
    expect(a!.top![0]!.p).toBeGreaterThan(0.9);
    expect(b!.top![0]).toMatchObject({ label: '2', index: 2 });
    for (const t of a!.top!) expect(Object.keys(t).sort()).toEqual(['index', 'label', 'p']);
  });

  it('multi-crop and ensembling report their compute multiplier', async () => {
    const r = await runPredict(['lenet5-mnist', `${DIGITS}digit-4-4.png`, '--json', '--crops', '5', '--ensemble']);
    expect(r.code).toBe(0);
    const [a] = lines(r.stdout);
    expect(a!.crops).toBe(5);
    expect(a!.computeMultiplier).toBe(20);
    expect(a!.top![0]!.label).toBe('4');
  });

  it('prints a readable top 5 and runs any TF.js model.json, naming ImageNet classes for 1000 outputs', async () => {
    const r = await runPredict(['e2e/fixtures/tiny-imagenet/model.json', 'public/sample-images/photos/chelsea.jpg', '--top', '3']);
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toMatch(/^public\/sample-images\/photos\/chelsea\.jpg {2}\(tiny-imagenet; 1 crop; 0\.06 M MACs = 1x one pass; [\d.]+ ms\)$/);
    expect(out.slice(1, 4).every((l) => /^ {2}\d\. .+ +\d+\.\d\d%$/.test(l))).toBe(true);
    expect(out.slice(1, 4).some((l) => /class \d/.test(l))).toBe(false);
  });

  it('a bad image is a message and exit 1; the others still get answers', async () => {
    const txt = path.join(tmpdir(), 'convatlas-not-an-image.txt');
    writeFileSync(txt, 'just words\n');
    const r = await runPredict(['lenet5-mnist', txt, `${DIGITS}digit-1-2.png`, '--json']);
    expect(r.code).toBe(1);
    const [a, b] = lines(r.stdout);
    expect(a!.error).toBe('convatlas-not-an-image.txt is not an image: it starts with text, not the bytes of a PNG, JPEG, GIF, WebP, BMP or SVG file.');
    expect(b!.top![0]!.label).toBe('1');
    const missing = await runPredict(['lenet5-mnist', 'no/such.png']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('predict: cannot read no/such.png: no such file\n');
  });

  it('usage mistakes exit 2 with one line and the usage', async () => {
    for (const [argv, msg] of [
      [[], 'give a model and at least one image'],
      [['lenet5-mnist'], 'give at least one image after the model'],
      [['lenet5-mnist', 'x.png', '--crops', '3'], "--crops takes 1, 5 or 10, not '3'"],
      [['lenet5-mnist', 'x.png', '--frobnicate'], 'unknown option --frobnicate'],
      [['resnet9000', 'x.png'], "'resnet9000' is neither a shipped model"],
      [['e2e/fixtures/tiny-imagenet/model.json', 'x.png', '--ensemble'], '--ensemble works with the shipped models'],
    ] as const) {
      const r = await runPredict(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toContain(msg);
    }
  });

  it('the npm script runs end to end in a fresh Node process', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/predict.ts', 'lenet5-mnist', `${DIGITS}digit-9-7.png`, '--json'], { encoding: 'utf8' });
    expect(lines(out)[0]!.top![0]!.label).toBe('9');
  }, 60_000);
});
