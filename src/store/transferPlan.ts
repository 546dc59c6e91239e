/**
 * What the Transfer screen checks before it queues a run: that the pretrained model and task go together, that the
 * cut is one the network can be cut at, and that the run fits the memory budget; and the run's config. Pure.
 */
import { adaptInput } from '../data/adapt';
import { DATASETS } from '../data/datasets';
import { sameImages, TASKS, taskClassNames } from '../data/tasks';
import { analyze, formatBytes } from '../models';
import { shippedModel, trainedOn } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { sampleSize, transferMemory, transferTrainConfig, type TransferConfig, type TransferMemory, type TransferRecipe } from '../training/transfer';
import type { TrainConfig } from '../workers/protocol';
import type { RunNetwork } from './persist/runs';

/** A transfer run ready to queue, or why it cannot run. */
export type TransferPlan = { ok: true; config: TrainConfig; network: RunNetwork; memory: TransferMemory } | { ok: false; problem: string };

/** Plans one transfer run against a memory budget in bytes. */
export function planTransfer(t: TransferConfig, recipe: TransferRecipe, budget: number): TransferPlan {
  const m = shippedModel(t.from);
  if (!m) return { ok: false, problem: `'${t.from}' is not a pretrained model ConvAtlas ships.` };
  const task = TASKS[t.task];
  if (!sameImages(m.dataset, task.dataset)) return { ok: false, problem: `${m.name} was trained on ${trainedOn(m)} images; ${task.name}'s are of another shape.` };
  const classes = task.classes.length;
  const source = shippedSpec(m);
  const adaptation = adaptInput([...DATASETS[task.dataset].shape], source.inputs[0]!.shape, classes, classes);
  if (!adaptation.ok) return { ok: false, problem: adaptation.message };
  let made: ReturnType<typeof transferTrainConfig>;
  try {
    made = transferTrainConfig(source, m.name, t, recipe, sampleSize(t, classes, task.trainCount), classes, adaptation);
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
  const memory = transferMemory(analyze(made.config.spec), made.network.frozen, made.network.cut, made.config.batchSize, recipe.optimizer);
  if (memory.withFrozen.total > budget) return { ok: false, problem: `The run needs about ${formatBytes(memory.withFrozen.total)} to train, over this browser's ${formatBytes(budget)} budget.` };
  const network: RunNetwork = { key: `transfer:${t.from}`, name: `${m.name} → ${taskClassNames(t.task).join(', ')}`, changes: made.network.changes };
  return { ok: true, config: made.config, network, memory };
}
