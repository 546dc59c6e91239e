/**
 * `npm run pretrain [-- id...]`: trains the models ConvAtlas ships (src/predict/catalog.ts) from a fixed seed with
 * the app's own training loop on TF.js's wasm backend in Node, and writes public/models/<id>/model.json,
 * model.weights.bin and training.json (recipe, backend, machine, time, test accuracy after each epoch). With no
 * ids it trains every model in turn. Same seed, same machine, same numbers.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adaptInput } from '../data/adapt';
import { describeAugment } from '../data/augment/pipeline';
import { zooEntry } from '../models/zoo';
import { ACCURACY_SLICE, classNames, SHIPPED_MODELS, trainedOn, type ShippedModel, type TrainingRecord } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { taskSubset } from '../data/tasks';
import { serializeModel } from '../models/tfjs/export';
import { startWasmInNode, tf } from '../workers/nodeBackend';
import { feedFor } from '../training/runTraining';
import { TrainControl, Trainer } from '../training/trainer';
import { loadNodeDataset, ROOT } from './nodeData';

async function pretrain(m: ShippedModel, backend: string): Promise<TrainingRecord> {
  const full = loadNodeDataset(m.dataset);
  const { train, test } = m.task ? { train: taskSubset(full.train, m.task), test: taskSubset(full.test, m.task) } : full;
  const classes = classNames(m).length;
  const entry = zooEntry(m.zooId)!;
  const spec = shippedSpec(m);
  const r = m.recipe;
  const trainer = new Trainer(
    {
      modelId: m.zooId,
      modelName: entry.name,
      spec,
      datasetId: m.dataset,
      adaptation: adaptInput(train.shape, spec.inputs[0]!.shape, 10, 10),
      optimizer: 'adam',
      learningRate: r.learningRates[0]!,
      batchSize: r.batchSize,
      epochs: 0,
      validationSplit: 0,
      seed: r.seed,
      ...(r.augment ? { augment: { settings: r.augment, where: 'thread' as const } } : {}),
    },
    train,
    test,
    classes,
  );
  const all = new Uint32Array(test.count).map((_, i) => i);
  const perEpoch: TrainingRecord['perEpoch'] = [];
  const t0 = performance.now();
  for (let e = 1; e <= r.learningRates.length; e++) {
    const te = performance.now();
    trainer.setLearningRate(r.learningRates[e - 1]!);
    (trainer.config as { epochs: number }).epochs = e;
    const feed = feedFor(trainer.config, { train, test, classes });
    await trainer.run(new TrainControl(), {}, feed);
    const seconds = (performance.now() - te) / 1000;
    const testAccuracy = trainer.evaluate(test, all).accuracy;
    perEpoch.push({ epoch: e, learningRate: r.learningRates[e - 1]!, seconds: Math.round(seconds), testAccuracy });
    console.log(`${m.id} epoch ${e}/${r.learningRates.length}: test accuracy ${(testAccuracy * 100).toFixed(2)}%, ${seconds.toFixed(0)} s`);
  }
  const dir = path.join(ROOT, 'public/models', m.id);
  mkdirSync(dir, { recursive: true });
  const out = await serializeModel(trainer.model, 'model');
  writeFileSync(path.join(dir, 'model.json'), out.modelJson);
  writeFileSync(path.join(dir, out.weightsFileName), new Uint8Array(out.weights));
  const record: TrainingRecord = {
    id: m.id,
    zooId: m.zooId,
    dataset: `${trainedOn(m)}: ${train.count.toLocaleString('en-US')} training images (all), ${test.count.toLocaleString('en-US')} test images`,
    recipe: r,
    backend,
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores)`,
    seconds: Math.round((performance.now() - t0) / 1000),
    perEpoch,
    testAccuracy: perEpoch.at(-1)!.testAccuracy,
    sliceAccuracy: trainer.evaluate(test, all.subarray(0, ACCURACY_SLICE)).accuracy,
    params: out.params,
    tfjs: tf.version.tfjs,
    date: new Date().toISOString().slice(0, 10),
  };
  writeFileSync(path.join(dir, 'training.json'), JSON.stringify(record, null, 2) + '\n');
  trainer.dispose();
  return record;
}

/** The README's table of shipped models, from their training.json files (`npm run -s pretrain -- --table`). */
function table(): string {
  const rows = SHIPPED_MODELS.map((m) => {
    const file = path.join(ROOT, 'public/models', m.id, 'training.json');
    if (!existsSync(file)) return `| \`${m.id}\` | not trained yet: \`npm run pretrain -- ${m.id}\` |`;
    const r = JSON.parse(readFileSync(file, 'utf8')) as TrainingRecord;
    const lrs = [...new Set(r.recipe.learningRates)].join(' then ');
    const aug = r.recipe.augment ? `; augmented: ${describeAugment(r.recipe.augment)}` : '';
    return `| \`${m.id}\` | ${zooEntry(m.zooId)!.name} | ${trainedOn(m)} | ${r.params.toLocaleString('en-US')} | ${r.recipe.learningRates.length} (Adam ${lrs}, batch ${r.recipe.batchSize}, seed ${r.recipe.seed}${aug}) | ${r.seconds} s | ${(r.testAccuracy * 100).toFixed(2)}% | ${(r.sliceAccuracy * 100).toFixed(1)}% |`;
  });
  return ['| model | network | data | params | epochs | time | test accuracy (whole test set) | first 1,000 (unit test) |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

async function main() {
  if (process.argv.includes('--table')) {
    console.log(table());
    return;
  }
  const ids = process.argv.slice(2);
  const unknown = ids.filter((id) => !SHIPPED_MODELS.some((m) => m.id === id));
  if (unknown.length > 0) {
    console.error(`pretrain: unknown model ${unknown.join(', ')}; known: ${SHIPPED_MODELS.map((m) => m.id).join(', ')}`);
    process.exit(2);
  }
  const backend = await startWasmInNode();
  for (const m of SHIPPED_MODELS.filter((s) => ids.length === 0 || ids.includes(s.id))) {
    const rec = await pretrain(m, backend);
    console.log(`${m.id}: ${(rec.testAccuracy * 100).toFixed(2)}% on the test set, ${rec.seconds} s -> public/models/${m.id}/`);
  }
}

main().catch((e: unknown) => {
  console.error(`pretrain: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
