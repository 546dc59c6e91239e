/**
 * One transfer run in Node, as `npm run transfer` and `npm run experiment:transfer` make it: the shipped backbone's
 * weights from public/models, the task's labelled sample and test set, the app's own training loop on wasm.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { adaptInput } from '../data/adapt';
import type { ImageSet } from '../data/idx';
import { taskData, TASKS } from '../data/tasks';
import { analyze } from '../models/analyze';
import { shippedModel } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { TrainControl, Trainer } from '../training/trainer';
import { sampleSize, transferTrainConfig, type TransferConfig, type TransferOutcome, type TransferRecipe } from '../training/transfer';
import type { FeatureCache } from '../training/transferModels';
import { manifestWeights, type NamedWeight } from '../models/weights';
import { loadNodeDataset, ROOT } from './nodeData';

const datasets = new Map<string, { train: ImageSet; test: ImageSet }>();
const weights = new Map<string, NamedWeight[]>();

/** The backbone's weights as `npm run pretrain` wrote them; throws with a sentence when the model is unknown. */
export function shippedWeights(id: string): NamedWeight[] {
  const held = weights.get(id);
  if (held) return held;
  if (!shippedModel(id)) throw new Error(`'${id}' is not a shipped model`);
  const dir = path.join(ROOT, 'public/models', id);
  const b = readFileSync(path.join(dir, 'model.weights.bin'));
  const w = manifestWeights(readFileSync(path.join(dir, 'model.json'), 'utf8'), b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  weights.set(id, w);
  return w;
}

/** Trains and tests one transfer run; the feature cache (shared between runs of one experiment) is optional. */
export async function runTransfer(t: TransferConfig, recipe: TransferRecipe, cache?: FeatureCache): Promise<TransferOutcome> {
  const m = shippedModel(t.from);
  if (!m) throw new Error(`'${t.from}' is not a shipped model`);
  if (t.task === 'own') throw new Error("Own classes are the app's: the command line trains on the datasets' tasks");
  const task = TASKS[t.task];
  let full = datasets.get(task.dataset);
  if (!full) datasets.set(task.dataset, (full = loadNodeDataset(task.dataset)));
  const t0 = performance.now();
  const data = taskData(full.train, full.test, t.task, t.perClass, recipe.seed);
  const source = shippedSpec(m);
  const adaptation = adaptInput(full.train.shape, source.inputs[0]!.shape, data.classes, data.classes);
  const { config } = transferTrainConfig(source, m.name, t, recipe, sampleSize(t, data.classes, data.train.count), data.classes, adaptation, task.dataset);
  const trainer = new Trainer(config, data.train, data.test, data.classes, { ...(t.regime === 'scratch' ? {} : { pretrained: shippedWeights(t.from) }), ...(cache ? { featureCache: cache } : {}) });
  try {
    await trainer.prepare();
    const test = t.head === 'knn' ? trainer.knnTest(t.k ?? 5)! : (await trainer.run(new TrainControl())).test!;
    const a = analyze(config.spec);
    const r = trainer.featureReport;
    return {
      from: t.from,
      to: t.task,
      perClass: t.perClass ?? 'all',
      regime: t.regime,
      cut: config.transfer!.cut ?? null,
      head: t.head ?? 'softmax',
      testAccuracy: test.accuracy,
      // A kNN head trains nothing: its "weights" are the training images' features.
      trainableParams: t.head === 'knn' ? 0 : a.totals.trainableParams - a.totals.frozenParams,
      frozenParams: a.totals.frozenParams,
      seconds: (performance.now() - t0) / 1000,
      trainImages: data.train.count,
      testImages: data.test.count,
      seed: recipe.seed,
      features: r ? { source: r.source, computeMs: r.computeMs } : null,
    };
  } finally {
    trainer.dispose();
  }
}
