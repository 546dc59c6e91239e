import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startWasmInNode } from '../workers/nodeBackend';
import { runPredict } from './predictCommand';

const DIGITS = 'public/sample-images/mnist/';
interface HonestyJson {
  kind: string;
  flagged: boolean;
  headline: string;
  answerLabel: string;
  checks: { signal: string; value: number; threshold: number; unusual: boolean }[];
}
const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as { file: string; top?: { label: string; index: number; p: number }[]; error?: string; crops?: number; computeMultiplier?: number; honesty?: HonestyJson });

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
    const out = r.stdout.trim().split('\n');
    expect(out[0]).toMatch(/^public\/sample-images\/photos\/chelsea\.jpg {2}\(tiny-imagenet; 1 crop; 0\.06 M MACs = 1x one pass; [\d.]+ ms\)$/);
    // A model of unknown domain: only its confidence is spoken of (this tiny random one is unsure).
    expect(out[1]).toMatch(/^ {2}doubt: ConvAtlas does not know what this model was trained on, .* less than even odds, so the model itself is unsure\.$/);
    expect(out[2]).toBe("  The model's answer, though it is unsure:");
    expect(out.slice(3).every((l) => /^ {2}\d\. .+ +\d+\.\d\d%$/.test(l))).toBe(true);
    expect(out.slice(3)).toHaveLength(3);
    expect(out.slice(3).some((l) => /class \d/.test(l))).toBe(false);
  });

  it('doubts the cat photo on the digit model, with the signals that said no, and not a digit (the same check as the app)', async () => {
    const r = await runPredict(['lenet5-mnist', 'public/sample-images/photos/chelsea.jpg', `${DIGITS}digit-7-0.png`, '--json']);
    expect(r.code).toBe(0);
    const [cat, seven] = lines(r.stdout);
    expect(cat!.honesty).toMatchObject({ kind: 'checked', flagged: true, headline: 'This does not look like a handwritten digit (it is a colour photo with texture); the shipped models know digits and clothing.', answerLabel: "The model's answer, if it were a digit:" });
    expect(cat!.honesty!.checks.find((c) => c.signal === 'colour')).toMatchObject({ unusual: true, threshold: 0 });
    expect(cat!.honesty!.checks.map((c) => c.signal).sort()).toEqual(['background', 'border', 'bright', 'colour', 'energy', 'midtones']);
    expect(cat!.top![0]!.p).toBeGreaterThan(0.5); // a confident digit, which the check doubts
    expect(seven!.honesty).toMatchObject({ kind: 'checked', flagged: false });
    expect(seven!.honesty!.checks.every((c) => !c.unusual)).toBe(true);
    const text = await runPredict(['lenet5-mnist', 'public/sample-images/photos/chelsea.jpg']);
    const out = text.stdout.trim().split('\n');
    expect(out[1]).toBe('  doubt: This does not look like a handwritten digit (it is a colour photo with texture); the shipped models know digits and clothing.');
    expect(out).toContain("  The model's answer, if it were a digit:");
    expect(out.some((l) => /^ {4}unusual: colour \(mean saturation\): \d+%; all 60,000 MNIST training digits have at most 0%$/.test(l))).toBe(true);
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
