/**
 * The weights ConvAtlas ships (public/models, made by `npm run pretrain`), run through the app's own prediction
 * path (Predictor on the wasm backend, the digit pipeline's padding) on a fixed slice of the test set: the
 * accuracy must be what training.json recorded and what the README states, and meet the targets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeDataset, readModelFiles } from '../cli/nodeData';
import { ACCURACY_SLICE, SHIPPED_MODELS, type TrainingRecord } from '../predict/catalog';
import { digitInput } from '../predict/pipeline';
import { taskSubset } from '../data/tasks';
import { startWasmInNode } from './nodeBackend';
import { Predictor } from './predictor';

const TARGET: Record<string, number> = { 'lenet5-mnist': 0.985, 'resnet-mini-fashion': 0.9, 'lenet5-mnist04': 0.99 };
const readme = readFileSync('README.md', 'utf8');

beforeAll(async () => {
  await startWasmInNode();
});

describe.each(SHIPPED_MODELS.map((m) => [m.id, m] as const))('shipped model %s', (id, m) => {
  const dir = `public/models/${id}/`;

  it('is committed with its weights and training record', () => {
    for (const f of ['model.json', 'model.weights.bin', 'training.json']) expect(existsSync(dir + f), dir + f).toBe(true);
  });

  it(`scores on the first ${ACCURACY_SLICE} test images what training.json and the README say`, async () => {
    const rec = JSON.parse(readFileSync(dir + 'training.json', 'utf8')) as TrainingRecord;
    const { modelJson, files } = readModelFiles(dir + 'model.json');
    const p = new Predictor();
    const info = await p.load(id, modelJson, 'model.json', files);
    const all = loadNodeDataset(m.dataset).test;
    const test = m.task ? taskSubset(all, m.task) : all;
    let hits = 0;
    for (let i = 0; i < ACCURACY_SLICE; i++) {
      const img = { width: 28, height: 28, data: Float32Array.from(test.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255) };
      const prepared = digitInput(img, info.inputShape, 'single');
      if (!prepared.ok) throw new Error(prepared.message);
      const r = await p.predict(id, prepared.input.data, 1, prepared.input.shape);
      let best = 0;
      for (let k = 1; k < r.classes; k++) if (r.probs[k]! > r.probs[best]!) best = k;
      if (best === test.labels[i]) hits++;
    }
    p.dispose();
    const acc = hits / ACCURACY_SLICE;
    // The same weights through model.predict here and model.apply in training agree to the image.
    expect(Math.abs(acc - rec.sliceAccuracy)).toBeLessThanOrEqual(1 / ACCURACY_SLICE);
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${id}\``));
    expect(row, `README row for ${id}`).toBeDefined();
    expect(row).toContain(`${(rec.testAccuracy * 100).toFixed(2)}%`);
    expect(row).toContain(`${(acc * 100).toFixed(1)}%`);
    if (TARGET[id] !== undefined) expect(rec.testAccuracy).toBeGreaterThanOrEqual(TARGET[id]!);
  });
});
