import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elasticField } from '../../data/augment/ops';
import { NO_AUGMENTATION, type AugmentSettings } from '../../data/augment/pipeline';
import { makeRng } from '../../data/augment/rng';
import { zooSpec } from '..';
import { toPyTorch } from './pytorch';
import { torchvisionAugment } from './torchvisionAugment';

const PYTHON = '/usr/bin/python3';
const DIGITS: AugmentSettings = { ...NO_AUGMENTATION, padCrop: 2, rotate: 10, shear: 10, warpAlpha: 34, warpSigma: 4 };

/** Runs Python code with torch and torchvision; returns its stdout (JSON), failing with stderr. */
function python(code: string): unknown {
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', cwd: tmpdir() });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("a run's augmentation as torchvision transforms (real torchvision, Debian's python3-torchvision)", () => {
  it('torchvision is installed (.ci/run installs python3-torchvision)', () => {
    const r = spawnSync(PYTHON, ['-c', 'import torchvision'], { encoding: 'utf8', cwd: tmpdir() });
    expect(r.status, `${PYTHON} cannot import torchvision: apt-get install -y --no-install-recommends python3-torchvision`).toBe(0);
  });

  it('the exported module defines convatlas_train_transform: it runs on a 28x28 digit and keeps shape and range; no ops, no function', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tv-'));
    const spec = zooSpec('lenet5-modern')!;
    const code = toPyTorch(spec, undefined, { settings: { ...DIGITS, mirrorH: 0.5, colourShift: 0.05, pcaColour: 0.1 }, height: 28, width: 28 });
    if (!code.ok) throw new Error(code.error);
    expect(code.code).toContain('T.ElasticTransform(alpha=68.0, sigma=4.0)');
    expect(code.code).toContain('PCA colour (sd 0.1) has no torchvision transform');
    writeFileSync(join(dir, 'net.py'), code.code);
    const out = python(`
import importlib.util, json, sys, torch
spec = importlib.util.spec_from_file_location('net', ${JSON.stringify(join(dir, 'net.py'))})
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
t = m.convatlas_train_transform()
torch.manual_seed(0)
x = torch.rand(1, 28, 28)
ys = [t(x) for _ in range(8)]
print(json.dumps({'shape': list(ys[0].shape), 'lo': min(float(y.min()) for y in ys), 'hi': max(float(y.max()) for y in ys), 'changed': sum(int(not torch.equal(y, x)) for y in ys), 'ops': len(t.transforms)}))`) as { shape: number[]; lo: number; hi: number; changed: number; ops: number };
    expect(out.shape).toEqual([1, 28, 28]);
    expect(out.lo).toBeGreaterThanOrEqual(0);
    expect(out.hi).toBeLessThanOrEqual(1);
    expect(out.changed).toBe(8);
    // Crop, flip, affine, elastic, colour shift: five transforms (PCA colour is a comment).
    expect(out.ops).toBe(5);
    expect(torchvisionAugment(NO_AUGMENTATION, 28, 28)).toEqual([]);
    const plain = toPyTorch(spec);
    expect(plain.ok && plain.code.includes('convatlas_train_transform')).toBe(false);
  });

  it("torchvision's elastic transform, at the exported alpha, moves pixels as far as ConvAtlas's field away from the border (within 15%)", () => {
    // ConvAtlas: RMS displacement in pixels of alpha 34, sigma 4 on 28x28 over the central 8x8 pixels, 300 fields.
    // (Near the border the two differ: zero padding there attenuates ConvAtlas's blur, reflection does not.)
    let sq = 0;
    let n = 0;
    for (let k = 0; k < 300; k++) {
      const rng = makeRng(k + 1);
      const noise = Float32Array.from({ length: 2 * 784 }, () => rng.uniform());
      const f = elasticField(28, 28, 34, 4, noise);
      f.dx.forEach((v, i) => {
        const [y, x] = [Math.floor(i / 28), i % 28];
        if (y >= 10 && y < 18 && x >= 10 && x < 18) {
          sq += v * v;
          n++;
        }
      });
    }
    const ours = Math.sqrt(sq / n);
    // torchvision at the alpha and sigma the export writes; its displacement is in grid units ([-1, 1] across the
    // image): times 28 / 2 in pixels.
    const [, alpha, sigma] = /T\.ElasticTransform\(alpha=([\d.]+), sigma=([\d.]+)\)/.exec(torchvisionAugment(DIGITS, 28, 28).join('\n'))!;
    const theirs = python(`
import json, torch
from torchvision.transforms import ElasticTransform
torch.manual_seed(0)
d = torch.cat([ElasticTransform.get_params([${alpha}, ${alpha}], [${sigma}, ${sigma}], [28, 28]) for _ in range(300)])[:, 10:18, 10:18, 0] * 28 / 2
print(json.dumps(float(d.pow(2).mean().sqrt())))`) as number;
    expect(theirs / ours).toBeGreaterThan(0.85);
    expect(theirs / ours).toBeLessThan(1.15);
  });
});
