/**
 * `npm run bench:predict`: test-set accuracy of the shipped models (public/models) with and without the course's
 * test-time tricks, on TF.js's wasm backend in Node: one model on the raw test images, the same images as a user
 * would drop them (dark on white, through the app's preprocessing), 5-crop, 10-crop (with mirrors), and the
 * ensemble of the models trained on the same dataset, with the compute each costs. Writes
 * bench/results/predict-accuracy[-dataset].json. Usage: [images per dataset, default 2000] [mnist | fashion-mnist].
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadNodeDataset, readModelFiles, ROOT } from '../src/cli/nodeData';
import { DATASETS, type DatasetId } from '../src/data/datasets';
import { answer, type ModelRef } from '../src/predict/answer';
import { SHIPPED_MODELS } from '../src/predict/catalog';
import { shippedRef } from '../src/predict/models';
import { preprocess } from '../src/predict/preprocess';
import type { GrayImage } from '../src/predict/image';
import type { CropMode } from '../src/predict/pipeline';
import { startWasmInNode } from '../src/workers/nodeBackend';
import { Predictor } from '../src/workers/predictor';

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  await startWasmInNode();
  const predictor = new Predictor();
  const results: Record<string, unknown>[] = [];
  const only = process.argv[3] as DatasetId | undefined;
  for (const group of (['mnist', 'fashion-mnist'] as DatasetId[]).filter((g) => !only || g === only)) {
    const { test } = loadNodeDataset(group);
    const members = SHIPPED_MODELS.filter((m) => m.group === group);
    const refs: ModelRef[] = [];
    for (const m of members) {
      const { modelJson, files } = readModelFiles(path.join(ROOT, 'public/models', m.id, 'model.json'));
      const info = await predictor.load(m.id, modelJson, 'model.json', files);
      refs.push(shippedRef(m, info.inputShape));
    }
    const style = group === 'mnist' ? 'mnist' : 'fashion';
    const run = (key: string, input: { data: Float32Array; count: number; shape: [number, number, number] }) => predictor.predict(key, input.data, input.count, input.shape);
    const cases: { name: string; models: ModelRef[]; mode: CropMode; raw: boolean }[] = [
      ...refs.map((r) => ({ name: `${r.key}, raw test image`, models: [r], mode: 'single' as const, raw: true })),
      { name: `${refs[0]!.key}, as dropped (dark on white, preprocessed)`, models: [refs[0]!], mode: 'single', raw: false },
      // Multi-crop for the first model, every model trained with augmentation (random crops make it pay) and its
      // plain twin (same network and seed, no augmentation), so the two compare like with like.
      ...refs
        .filter((_, i) => i === 0 || members[i]!.recipe.augment || members.some((a) => a.recipe.augment && a.zooId === members[i]!.zooId && a.recipe.seed === members[i]!.recipe.seed))
        .flatMap((r) => [
          { name: `${r.key}, 5-crop`, models: [r], mode: 'five' as const, raw: true },
          { name: `${r.key}, 10-crop (with mirrors)`, models: [r], mode: 'ten' as const, raw: true },
        ]),
      { name: `ensemble of ${refs.length}`, models: refs, mode: 'single', raw: true },
      { name: `ensemble of ${refs.length}, 5-crop`, models: refs, mode: 'five', raw: true },
    ];
    for (const c of cases) {
      let hits = 0;
      let macs = 0;
      let ms = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const bytes = test.images.subarray(i * 784, (i + 1) * 784);
        const gray = { width: 28, height: 28, data: Float32Array.from(bytes, (v) => v / 255) };
        let digit: GrayImage = gray;
        const rgba = { width: 28, height: 28, data: new Uint8ClampedArray(784 * 4) };
        if (!c.raw) {
          for (let p = 0; p < 784; p++) {
            rgba.data.fill(255 - bytes[p]!, p * 4, p * 4 + 3);
            rgba.data[p * 4 + 3] = 255;
          }
          const pre = preprocess(rgba, style, 'auto');
          digit = pre.image;
        }
        const r = await answer({ rgba, digit }, c.models, c.mode, '0,1', run, 1);
        if (!r.ok) throw new Error(r.message);
        if (r.answer.top[0]!.index === test.labels[i]) hits++;
        macs = r.answer.cost.macs;
        ms += r.answer.ms;
      }
      const row = { dataset: DATASETS[group].name, case: c.name, images: n, accuracy: hits / n, macsPerImage: macs, computeMultiplier: macs / refs[0]!.macs, msPerImage: ms / n, wallSeconds: (performance.now() - t0) / 1000 };
      results.push(row);
      console.log(`${row.dataset} | ${c.name}: ${(row.accuracy * 100).toFixed(2)}% (${row.computeMultiplier.toFixed(1)}x compute, ${row.msPerImage.toFixed(2)} ms/image)`);
    }
  }
  console.log('\n| data | answer | test accuracy | compute | ms per image (wasm, Node) |\n|---|---|---|---|---|');
  for (const r of results as { dataset: string; case: string; accuracy: number; computeMultiplier: number; msPerImage: number }[]) {
    console.log(`| ${r.dataset} | ${r.case} | ${(r.accuracy * 100).toFixed(2)}% | ${r.computeMultiplier >= 10 || Number.isInteger(r.computeMultiplier) ? r.computeMultiplier.toFixed(0) : r.computeMultiplier.toFixed(2)}x | ${r.msPerImage.toFixed(2)} |`);
  }
  writeFileSync(path.join(ROOT, `bench/results/predict-accuracy${only ? `-${only}` : ''}.json`), JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + '\n');
}

void main();
