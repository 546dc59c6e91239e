/**
 * `npm run experiment:augment`: what augmentation buys as the data shrinks. LeNet-5 (modern) trained with the
 * app's own loop on wasm in Node, seeded, on the first N training images of MNIST and Fashion-MNIST, with and
 * without the shipped models' augmentation (src/predict/catalog.ts), for the same number of optimizer steps, and at
 * the smallest size each of the recipe's ops alone (which op helps, which hurts); test accuracy on the whole
 * 10,000-image test set. Writes public/experiments/augment.json (the Lessons screen draws it) and prints the README's
 * tables. Options: --sizes 1000,5000 --steps 1500 --datasets mnist,fashion-mnist.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adaptInput } from '../data/adapt';
import { describeAugment, NO_AUGMENTATION, opsOn, type AugmentSettings } from '../data/augment/pipeline';
import { DATASETS, isDatasetId, type DatasetId } from '../data/datasets';
import { takeFirst } from '../data/idx';
import { zooSpec } from '../models';
import { shippedModel } from '../predict/catalog';
import { feedFor } from '../training/runTraining';
import { TrainControl, Trainer } from '../training/trainer';
import { startWasmInNode, tf } from '../workers/nodeBackend';
import type { TrainConfig } from '../workers/protocol';
import { loadNodeDataset, ROOT } from './nodeData';
import type { AugmentExperiment } from '../data/augment/experiment';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Each dataset's augmentation: the shipped augmented model's recipe. */
const RECIPE: Record<DatasetId, string> = { mnist: 'lenet5-mnist-aug', 'fashion-mnist': 'lenet5-fashion-aug' };

async function main() {
  const sizes = (arg('sizes') ?? '1000,5000').split(',').map(Number);
  const steps = Number(arg('steps') ?? 1500);
  const datasets = (arg('datasets') ?? 'mnist,fashion-mnist').split(',');
  if (!datasets.every(isDatasetId)) throw new Error('--datasets takes mnist and fashion-mnist');
  await startWasmInNode();
  const spec = zooSpec('lenet5-modern')!;
  const out: AugmentExperiment = {
    steps,
    batchSize: 64,
    seed: 1,
    engine: `TF.js ${tf.version.tfjs} wasm + ConvAtlas kernels, Node ${process.version}`,
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`,
    loadAverage: os.loadavg()[0]!,
    date: new Date().toISOString().slice(0, 10),
    runs: [],
  };
  const t0 = performance.now();
  for (const id of datasets as DatasetId[]) {
    const all = loadNodeDataset(id);
    const recipe = shippedModel(RECIPE[id])!.recipe.augment!;
    // Each op of the recipe alone (warping keeps its sigma), at the smallest size.
    const alone = opsOn(recipe).map((o): AugmentSettings => ({ ...NO_AUGMENTATION, [o.key]: recipe[o.key], ...(o.key === 'warpAlpha' ? { warpSigma: recipe.warpSigma } : {}) }));
    for (const size of sizes) {
      const train = takeFirst(all.train, size);
      const variants: (AugmentSettings | null)[] = [null, recipe, ...(size === Math.min(...sizes) && alone.length > 1 ? alone : [])];
      for (const augment of variants) {
        const config: TrainConfig = {
          modelId: 'lenet5-modern',
          modelName: 'LeNet-5 (modern)',
          spec,
          datasetId: id,
          adaptation: adaptInput(DATASETS[id].shape, spec.inputs[0]!.shape, 10, 10),
          optimizer: 'adam',
          learningRate: 0.001,
          batchSize: out.batchSize,
          epochs: Math.ceil((steps * out.batchSize) / size),
          validationSplit: 0,
          maxSteps: steps,
          seed: out.seed,
          ...(augment ? { augment: { settings: augment, where: 'thread' as const } } : {}),
        };
        const trainer = new Trainer(config, train, all.test, 10);
        const started = performance.now();
        const r = await trainer.run(new TrainControl(), {}, feedFor(config, { train, test: all.test, classes: 10 }));
        const seconds = (performance.now() - started) / 1000;
        // Accuracy on the training images themselves, unaugmented: how far the network memorised them.
        const trainAccuracy = trainer.evaluate(train, new Uint32Array(train.count).map((_, i) => i)).accuracy;
        trainer.dispose();
        const run = { dataset: id, trainImages: size, augmentation: augment ? describeAugment(augment) : 'none', recipe: augment === recipe, testAccuracy: r.test!.accuracy, trainAccuracy, seconds: Math.round(seconds) };
        out.runs.push(run);
        console.log(`${DATASETS[id].name}, ${size} images, ${run.augmentation}: test ${(run.testAccuracy * 100).toFixed(2)}%, train ${(trainAccuracy * 100).toFixed(2)}%, ${run.seconds} s`);
      }
    }
  }
  const file = path.join(ROOT, 'public/experiments/augment.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\n${steps} steps of Adam 0.001 at batch ${out.batchSize}, seed ${out.seed}; ${out.engine}; ${out.machine}, load ${out.loadAverage.toFixed(2)}; ${Math.round((performance.now() - t0) / 1000)} s in all\n`);
  console.log('| data | training images | test accuracy, plain | test accuracy, augmented | gain | training accuracy plain / augmented |');
  console.log('|---|---|---|---|---|---|');
  for (const id of datasets as DatasetId[])
    for (const size of sizes) {
      const p = out.runs.find((r) => r.dataset === id && r.trainImages === size && r.augmentation === 'none')!;
      const a = out.runs.find((r) => r.dataset === id && r.trainImages === size && r.recipe)!;
      console.log(`| ${DATASETS[id].name} | ${size.toLocaleString('en-US')} | ${(p.testAccuracy * 100).toFixed(2)}% | ${(a.testAccuracy * 100).toFixed(2)}% | ${((a.testAccuracy - p.testAccuracy) * 100).toFixed(2)} points | ${(p.trainAccuracy * 100).toFixed(1)}% / ${(a.trainAccuracy * 100).toFixed(1)}% |`);
    }
  console.log(`\nEach op alone, ${Math.min(...sizes).toLocaleString('en-US')} training images:\n`);
  console.log('| data | op | test accuracy | against plain |');
  console.log('|---|---|---|---|');
  for (const r of out.runs.filter((x) => x.augmentation !== 'none' && !x.recipe)) {
    const p = out.runs.find((x) => x.dataset === r.dataset && x.trainImages === r.trainImages && x.augmentation === 'none')!;
    console.log(`| ${DATASETS[r.dataset].name} | ${r.augmentation} | ${(r.testAccuracy * 100).toFixed(2)}% | ${((r.testAccuracy - p.testAccuracy) * 100).toFixed(2)} points |`);
  }
}

main().catch((e: unknown) => {
  console.error(`experiment:augment: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
