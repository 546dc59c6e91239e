/**
 * What the Train screen checks before anything is allocated: that the network fits the memory budget (the engine's
 * training-memory estimate) and that its input fits the dataset; and the parsing of its fields. Pure functions.
 */
import { adaptInput, type InputAdaptation } from '../data/adapt';
import { DATASETS, type DatasetId } from '../data/datasets';
import { analyze, formatBytes, trainingMemory, zooEntry, type NetworkSpec, type Optimizer, type TrainingMemory } from '../models';
import type { Parsed } from './inputs';

/** Bytes a training run may use: a quarter of the device memory the browser reports, at most 2 GiB (wasm's heap). */
export function trainingBudget(deviceMemoryGiB?: number): number {
  const cap = 2 * 1024 ** 3;
  return deviceMemoryGiB && deviceMemoryGiB > 0 ? Math.min(cap, (deviceMemoryGiB * 1024 ** 3) / 4) : cap;
}

export type TrainingPlan =
  | { ok: true; spec: NetworkSpec; name: string; adaptation: Extract<InputAdaptation, { ok: true }>; memory: TrainingMemory }
  | { ok: false; name: string; problems: string[]; memory: TrainingMemory | null };

/** Checks a zoo network against a dataset, a batch size, an optimizer and a memory budget. */
export function planTraining(modelId: string, datasetId: DatasetId, batchSize: number, optimizer: Optimizer, budget: number): TrainingPlan {
  const entry = zooEntry(modelId);
  if (!entry) return { ok: false, name: modelId, problems: [`Unknown network '${modelId}'.`], memory: null };
  const spec = entry.build();
  const a = analyze(spec);
  if (a.errorCount > 0) return { ok: false, name: entry.name, problems: a.issues.filter((i) => i.severity === 'error').map((i) => i.message), memory: null };
  const memory = trainingMemory(a, batchSize, optimizer);
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
      `${entry.name} needs about ${formatBytes(memory.total)} to train at batch ${batchSize} (weights ${formatBytes(memory.weights)}, gradients ${formatBytes(memory.gradients)}, optimizer state ${formatBytes(memory.optimizerState)}, activations ${formatBytes(memory.activations)}), over this browser's ${formatBytes(budget)} budget: ${hint}.`,
    );
  }
  const d = DATASETS[datasetId];
  const last = a.layers.find((l) => l.id === spec.outputs[0]);
  const outShape = last?.outputShape ?? null;
  const outputs = outShape && outShape.length === 1 ? outShape[0]! : null;
  const adaptation = adaptInput(d.shape, spec.inputs[0]?.shape ?? [], d.classes.length, outputs);
  if (!adaptation.ok) problems.push(adaptation.message);
  if (problems.length > 0 || !adaptation.ok) return { ok: false, name: entry.name, problems, memory };
  return { ok: true, spec, name: entry.name, adaptation, memory };
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
