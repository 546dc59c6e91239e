/**
 * What the Train screen checks before anything is allocated: that the network fits the memory budget (the engine's
 * training-memory estimate) and that it takes the dataset (or how to adapt it so it does); and the parsing of its
 * fields. Pure functions.
 */
import { adaptInput, type InputAdaptation } from '../data/adapt';
import { DATASETS, type DatasetId } from '../data/datasets';
import { analyze, formatBytes, trainingMemory, zooEntry, type NetworkSpec, type Optimizer, type TrainingMemory } from '../models';
import { adaptNetwork, type SpecChange } from '../training/adaptNetwork';
import type { Parsed } from './inputs';

/** Bytes a training run may use: a quarter of the device memory the browser reports, at most 2 GiB (wasm's heap). */
export function trainingBudget(deviceMemoryGiB?: number): number {
  const cap = 2 * 1024 ** 3;
  return deviceMemoryGiB && deviceMemoryGiB > 0 ? Math.min(cap, (deviceMemoryGiB * 1024 ** 3) / 4) : cap;
}

/** A network offered for training: its name and spec (a zoo network's, a saved one's, a run's). */
export interface TrainNetwork {
  name: string;
  spec: NetworkSpec;
}

/** The changes that would let a network take the data, with the engine's figures before and after. */
export interface AdaptationOffer {
  spec: NetworkSpec;
  changes: SpecChange[];
  params: { before: number; after: number };
  memory: TrainingMemory;
}

export type TrainingPlan =
  | { ok: true; spec: NetworkSpec; name: string; adaptation: Extract<InputAdaptation, { ok: true }>; memory: TrainingMemory; changes: SpecChange[] }
  | { ok: false; name: string; problems: string[]; memory: TrainingMemory | null; offer: AdaptationOffer | null };

/**
 * Checks a network against a dataset, a batch size, an optimizer and a memory budget. When only its head or input
 * stands in the way, the plan offers the adapted spec; with `accept` it trains that spec.
 */
export function planTraining(net: TrainNetwork, datasetId: DatasetId, batchSize: number, optimizer: Optimizer, budget: number, accept = false): TrainingPlan {
  const d = DATASETS[datasetId];
  const original = analyze(net.spec);
  const refuse = (problems: string[], memory: TrainingMemory | null = null, offer: AdaptationOffer | null = null): TrainingPlan => ({ ok: false, name: net.name, problems, memory, offer });
  if (original.errorCount > 0) return refuse(original.issues.filter((i) => i.severity === 'error').map((i) => i.message));
  const fit = adaptNetwork(net.spec, d.shape, d.classes.length);
  if (!fit.ok) return refuse([fit.message], trainingMemory(original, batchSize, optimizer));
  const a = fit.changes.length > 0 ? analyze(fit.spec) : original;
  const memory = trainingMemory(a, batchSize, optimizer);
  if (fit.changes.length > 0 && !accept) {
    const offer = { spec: fit.spec, changes: fit.changes, params: { before: original.totals.trainableParams, after: a.totals.trainableParams }, memory };
    return refuse([`It does not take ${d.name} as it is: ${fit.changes.map((c) => `its ${c.what.replace(/ \(.*/, '')} is ${c.before}`).join(', ')}.`], trainingMemory(original, batchSize, optimizer), offer);
  }
  const spec = fit.spec;
  const problems: string[] = [];
  if (memory.total > budget) {
    const fixed = memory.weights + memory.gradients + memory.optimizerState;
    const perImage = memory.activations / batchSize;
    const maxBatch = Math.floor((budget - fixed) / perImage);
    const hint =
      maxBatch >= 1
        ? `a batch size of ${maxBatch.toLocaleString('en-US')} or less would fit`
        : `even one image does not fit (weights, gradients and optimizer state alone take ${formatBytes(fixed)}); pick a smaller network or SGD`;
    problems.push(
      `${net.name} needs about ${formatBytes(memory.total)} to train at batch ${batchSize} (weights ${formatBytes(memory.weights)}, gradients ${formatBytes(memory.gradients)}, optimizer state ${formatBytes(memory.optimizerState)}, activations ${formatBytes(memory.activations)}), over this browser's ${formatBytes(budget)} budget: ${hint}.`,
    );
  }
  const outShape = a.layers.find((l) => l.id === spec.outputs[0])?.outputShape ?? null;
  const adaptation = adaptInput(d.shape, spec.inputs[0]?.shape ?? [], d.classes.length, outShape && outShape.length === 1 ? outShape[0]! : null);
  if (!adaptation.ok) problems.push(adaptation.message);
  if (problems.length > 0 || !adaptation.ok) return refuse(problems, memory);
  return { ok: true, spec, name: net.name, adaptation, memory, changes: fit.changes };
}

/** The network a Train-screen key names: a zoo id, or null for keys whose spec the slice holds (saved, runs). */
export function zooTrainNetwork(key: string): TrainNetwork | null {
  const entry = zooEntry(key);
  return entry ? { name: entry.name, spec: entry.build() } : null;
}

/** Hyper-parameters of a run as the user set them. */
export interface Hyper {
  optimizer: Optimizer;
  learningRate: number;
  batchSize: number;
  epochs: number;
  validationSplit: number;
}

/** Reads a learning-rate field: a positive finite number (1e-3, 0.01, 1e30 for an experiment). */
export function parseLearningRate(text: string): Parsed<number> {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n > 0 ? { ok: true, value: n } : { ok: false, message: 'The learning rate must be a positive number, such as 0.001 or 1e-3.' };
}

/** Reads a validation split given in percent (0 to 50). */
export function parseValidationPercent(text: string): Parsed<number> {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 50 ? { ok: true, value: n / 100 } : { ok: false, message: 'The validation split must be a percentage from 0 to 50.' };
}

/** Estimated time left from the elapsed time and the fraction done; null before there is anything to go on. */
export function etaMs(elapsedMs: number, done: number, total: number): number | null {
  if (done <= 0 || total <= 0 || done > total) return null;
  return (elapsedMs / done) * (total - done);
}

/** "1 min 05 s", "12 s": a duration for the progress bar. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** How much of a dataset a run uses: everything, or a prefix for quick experiments. */
export const SUBSETS = [
  { id: 'all', label: 'all images', trainLimit: undefined, testLimit: undefined },
  { id: '5000', label: '5,000 training / 1,000 test', trainLimit: 5000, testLimit: 1000 },
  { id: '1000', label: '1,000 training / 500 test', trainLimit: 1000, testLimit: 500 },
] as const;
export type SubsetId = (typeof SUBSETS)[number]['id'];

/** The network a key names on this state: a zoo network, or the held one; null for a key with nothing behind it. */
export function trainNetworkOf(t: { modelId: string; custom: (TrainNetwork & { key: string }) | null }): TrainNetwork | null {
  if (t.custom && t.custom.key === t.modelId) return t.custom;
  return zooTrainNetwork(t.modelId);
}
