/**
 * The honesty check on real data: the shipped models (wasm in Node), the sample photos and test images, the
 * committed thresholds, and the figures `npm run bench:ood` wrote for the README.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from '../cli/decodeImage';
import { loadNodeDataset, readModelFiles } from '../cli/nodeData';
import type { DatasetId } from '../data/datasets';
import { startWasmInNode } from '../workers/nodeBackend';
import { Predictor } from '../workers/predictor';
import { answer, type ModelRef } from './answer';
import { shippedModel } from './catalog';
import type { RgbaImage } from './image';
import { honesty, OOD_REFERENCE } from './honesty';
import { pipelineFor, shippedRef } from './models';
import { preprocess } from './preprocess';

interface ResultRow {
  model: string;
  reference: unknown;
  testSet: { images: number; flagged: number };
  pictures: { name: string; flagged: boolean }[];
}
const RESULTS = JSON.parse(readFileSync('bench/results/ood.json', 'utf8')) as { results: ResultRow[] };
const README = readFileSync('README.md', 'utf8');
const SAMPLE_PHOTOS = ['astronaut.jpg', 'camera.png', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg'];

const predictor = new Predictor();
const refs = new Map<string, ModelRef>();
const run = (key: string, input: { data: Float32Array; count: number; shape: [number, number, number] }) => predictor.predict(key, input.data, input.count, input.shape);
const file = (p: string): RgbaImage => {
  const r = decodeImageFile(new Uint8Array(readFileSync(p)), p);
  if (!r.ok) throw new Error(r.message);
  return r.image;
};
const dropped = (bytes: Uint8Array): RgbaImage => {
  const data = new Uint8ClampedArray(784 * 4);
  for (let p = 0; p < 784; p++) {
    data.fill(255 - bytes[p]!, p * 4, p * 4 + 3);
    data[p * 4 + 3] = 255;
  }
  return { width: 28, height: 28, data };
};

/** The check for one image on a shipped model, the way the Predict screen and the CLI run it. */
async function check(id: string, image: RgbaImage, mode: 'single' | 'five' = 'single', ensemble = false) {
  const m = shippedModel(id)!;
  const pre = preprocess(image, m.dataset === 'mnist' ? 'mnist' : 'fashion');
  const models = ensemble ? [...refs.values()].filter((r) => shippedModel(r.key)!.group === m.group) : [refs.get(id)!];
  const a = await answer({ rgba: image, digit: pre.image }, models, mode, '0,1', run);
  if (!a.ok) throw new Error(a.message);
  return { h: honesty(pre, a.answer, m.dataset), a: a.answer };
}

beforeAll(async () => {
  await startWasmInNode();
  for (const id of ['lenet5-mnist', 'lenet5-mnist-2', 'lenet5-mnist-3', 'lenet5-mnist-aug', 'resnet-mini-fashion']) {
    const { modelJson, files } = readModelFiles(`public/models/${id}/model.json`);
    const info = await predictor.load(id, modelJson, 'model.json', files);
    refs.set(id, shippedRef(shippedModel(id)!, info.inputShape));
  }
  const { modelJson, files } = readModelFiles('e2e/fixtures/tiny-imagenet/model.json');
  await predictor.load('user', modelJson, 'model.json', files);
}, 60_000);

describe('honest predictions', () => {
  it('the cat photo on the digit model: doubted in words, with the signals that said no; the answer is still given, labelled', async () => {
    const { h, a } = await check('lenet5-mnist', file('public/sample-images/photos/chelsea.jpg'));
    expect(h.flagged).toBe(true);
    expect(h.headline).toBe('This does not look like a handwritten digit (it is a colour photo with texture); the shipped models know digits and clothing.');
    expect(h.answerLabel).toBe("The model's answer, if it were a digit:");
    expect(a.top[0]!.p).toBeGreaterThan(0.5);
    const colour = h.checks.find((c) => c.id === 'colour')!;
    expect(colour.unusual).toBe(true);
    expect(colour.value).toBeGreaterThan(0.1);
    expect(colour.text).toMatch(/^colour \(mean saturation\): \d+%; all 60,000 MNIST training digits have at most 0%$/);
    expect(h.checks[0]!.unusual).toBe(true); // the unusual ones first
    expect(h.against).toBe('60,000 MNIST training digits');
  });

  it.each(['lenet5-mnist', 'resnet-mini-fashion'])('%s doubts every sample photo but the horse silhouette (what the photo row says)', async (id) => {
    for (const f of SAMPLE_PHOTOS) expect((await check(id, file(`public/sample-images/photos/${f}`))).h.flagged, f).toBe(true);
    expect((await check(id, file('public/sample-images/photos/horse.png'))).h.flagged).toBe(false);
  });

  it('does not doubt the sample digits and clothing on their models', async () => {
    const index = JSON.parse(readFileSync('public/sample-images/index.json', 'utf8')) as { file: string; group: string }[];
    for (const e of index.filter((x) => x.group !== 'photo')) {
      const { h } = await check(e.group === 'mnist' ? 'lenet5-mnist' : 'resnet-mini-fashion', file(`public/sample-images/${e.file}`));
      expect(h.kind, e.file).toBe('checked');
      expect(h.flagged, e.file).toBe(false);
    }
  });

  it('works for the ensemble and crops: the first model and its centre crop are compared', async () => {
    const cat = file('public/sample-images/photos/chelsea.jpg');
    const { h, a } = await check('lenet5-mnist', cat, 'five', true);
    expect(a.perModel).toHaveLength(4);
    expect(h.flagged).toBe(true);
    const single = await check('lenet5-mnist', cat);
    expect(a.perModel[0]!.energy).toBeCloseTo(single.a.perModel[0]!.energy!, 4);
  });

  it("a model of unknown domain: only the model's confidence is spoken of", async () => {
    const image = file('public/sample-images/photos/chelsea.jpg');
    const user: ModelRef = { key: 'user', name: 'tiny', inputShape: [32, 32, 3], macs: 0, labels: Array.from({ length: 1000 }, (_, i) => `c${i}`), pipeline: pipelineFor([32, 32, 3]) };
    const a = await answer({ rgba: image, digit: null }, [user], 'single', '0,1', run);
    if (!a.ok) throw new Error(a.message);
    const h = honesty(null, a.answer, null);
    expect(h).toMatchObject({ kind: 'unknown', flagged: a.answer.top[0]!.p < 0.5, checks: [], against: null });
    expect(h.headline).toContain('ConvAtlas does not know what this model was trained on');
    // A digit model whose dataset is unknown (a model.json of the user's): the same, however MNIST-like the image.
    const seven = await check('lenet5-mnist', file('public/sample-images/mnist/digit-7-0.png'));
    const unknown = honesty(preprocess(file('public/sample-images/mnist/digit-7-0.png'), 'mnist'), { ...seven.a, perModel: seven.a.perModel.map((p) => ({ ...p, key: 'user' })) }, null);
    expect(unknown).toMatchObject({ kind: 'unknown', flagged: false, answerLabel: "The model's answer:" });
  });

  it('the committed thresholds are the ones the results were measured with, and give the README its rates (all 10,000 MNIST test digits on lenet5-mnist)', async () => {
    for (const r of RESULTS.results) expect(r.reference, r.model).toEqual(OOD_REFERENCE.models[r.model]);
    const row = RESULTS.results.find((r) => r.model === 'lenet5-mnist')!;
    const { test } = loadNodeDataset('mnist');
    let flagged = 0;
    for (let i = 0; i < test.count; i++) if ((await check('lenet5-mnist', dropped(test.images.subarray(i * 784, (i + 1) * 784)))).h.flagged) flagged++;
    expect(flagged).toBe(row.testSet.flagged);
    expect(README).toContain(`| LeNet-5 · MNIST | ${row.testSet.flagged} of 10,000 (${((row.testSet.flagged / 100)).toFixed(2)}%)`);
    for (const id of ['lenet5-mnist', 'resnet-mini-fashion']) {
      const r = RESULTS.results.find((x) => x.model === id)!;
      for (const p of r.pictures.filter((x) => SAMPLE_PHOTOS.includes(`${x.name}.jpg`) || SAMPLE_PHOTOS.includes(`${x.name}.png`))) expect(p.flagged, `${id} ${p.name}`).toBe(true);
    }
  }, 240_000);

  it('thresholds exist for every shipped model and both datasets, each chosen to flag at most the target share of its training images', () => {
    for (const d of ['mnist', 'fashion-mnist'] as DatasetId[]) expect(OOD_REFERENCE.domains[d]!.flagged).toBeLessThanOrEqual(OOD_REFERENCE.target);
    for (const [id, r] of Object.entries(OOD_REFERENCE.models)) {
      expect(shippedModel(id), id).toBeDefined();
      expect(r.flagged).toBeLessThanOrEqual(OOD_REFERENCE.target);
      expect(Object.keys(r.thresholds).sort()).toEqual(['background', 'border', 'bright', 'colour', 'energy', 'midtones']);
    }
  });
});
