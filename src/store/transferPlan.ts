/**
 * What the Transfer screen checks before it queues a run: that the pretrained model and task go together, that the
 * cut is one the network can be cut at, and that the run fits the memory budget; and the run's config. Pure.
 */
import { adaptInput } from '../data/adapt';
import { DATASETS, type DatasetId } from '../data/datasets';
import { classCounts, ownData, sameImages, TASKS, taskClassNames, type OwnExamples, type TaskId } from '../data/tasks';
import { analyze, formatBytes } from '../models';
import { shippedModel, trainedOn } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { FEATURE_CACHE_LIMIT, sampleSize, shortRegime, transferMemory, transferTrainConfig, type TransferConfig, type TransferMemory, type TransferRecipe } from '../training/transfer';
import type { TrainConfig } from '../workers/protocol';
import type { RunNetwork } from './persist/runs';

/** A transfer run ready to queue, or why it cannot run. */
export type TransferPlan = { ok: true; config: TrainConfig; network: RunNetwork; memory: TransferMemory } | { ok: false; problem: string };

/** Plans one transfer run against a memory budget in bytes; `own` carries the examples of a run on the user's classes. */
export function planTransfer(t: TransferConfig, recipe: TransferRecipe, budget: number, own?: OwnExamples): TransferPlan {
  const m = shippedModel(t.from);
  if (!m) return { ok: false, problem: `'${t.from}' is not a pretrained model ConvAtlas ships.` };
  if ((t.task === 'own') !== !!own) return { ok: false, problem: 'A run on your own classes needs their examples, and only such a run takes them.' };
  let data: { dataset: DatasetId; classes: string[]; images: number; testImages: number };
  if (own) {
    const counts = classCounts(own.labels, own.count, own.classes.length);
    const empty = own.classes.filter((_, k) => counts[k] === 0);
    if (own.classes.length < 2) return { ok: false, problem: 'Make at least two classes: a classifier picks between classes.' };
    if (empty.length > 0) return { ok: false, problem: `${empty.map((c) => `'${c}'`).join(', ')} ${empty.length === 1 ? 'has' : 'have'} no examples yet: draw, drop or photograph some.` };
    // The held-out quarter does not train: the epochs are counted over what does.
    const split = ownData(own, recipe.seed);
    data = { dataset: m.dataset, classes: own.classes, images: split.train.count, testImages: split.test.count };
  } else {
    const task = TASKS[t.task as TaskId];
    if (!sameImages(m.dataset, task.dataset)) return { ok: false, problem: `${m.name} was trained on ${trainedOn(m)} images; ${task.name}'s are of another shape.` };
    data = { dataset: task.dataset, classes: taskClassNames(task.id), images: sampleSize(t, task.classes.length, task.trainCount), testImages: task.testCount };
  }
  const classes = data.classes.length;
  const source = shippedSpec(m);
  const adaptation = adaptInput([...DATASETS[data.dataset].shape], source.inputs[0]!.shape, classes, classes);
  if (!adaptation.ok) return { ok: false, problem: adaptation.message };
  let made: ReturnType<typeof transferTrainConfig>;
  try {
    made = transferTrainConfig(source, m.name, t, recipe, data.images, classes, adaptation, data.dataset);
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
  const a = analyze(made.config.spec);
  if (t.head === 'knn') {
    // The neighbours are searched in the features of every training and test image, which must fit the cache.
    const shape = a.layers.find((l) => l.id === made.network.cut)?.outputShape;
    if (!shape) return { ok: false, problem: `The engine could not tell the size of ${made.network.cut}'s output, so a kNN head on it cannot be planned.` };
    const size = shape.reduce((x, y) => x * y, 1);
    const bytes = (data.images + data.testImages) * size * 4;
    if (bytes > FEATURE_CACHE_LIMIT) return { ok: false, problem: `A kNN head at ${made.network.cut} would search ${formatBytes(bytes)} of features, over the ${formatBytes(FEATURE_CACHE_LIMIT)} it may keep: cut later, or take fewer examples per class.` };
  }
  const memory = transferMemory(a, made.network.frozen, made.network.cut, made.config.batchSize, recipe.optimizer);
  if (memory.withFrozen.total > budget) return { ok: false, problem: `The run needs about ${formatBytes(memory.withFrozen.total)} to train, over this browser's ${formatBytes(budget)} budget.` };
  const network: RunNetwork = { key: `transfer:${t.from}`, name: `${m.name}, ${shortRegime(made.config.transfer!)}`, changes: made.network.changes };
  return { ok: true, config: own ? { ...made.config, own } : made.config, network, memory };
}
