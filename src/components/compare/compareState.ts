/**
 * The compare screen's state and its URL form (?view=compare&nets=vgg16,resnet50&batch=32&opt=adam&dtype=4&budget=16),
 * so a comparison can be shared by link; and the side-by-side figures of each network. Pure; tested in Node.
 */
import { isOptimizer, MAX_BATCH, OPTIMIZER_CHOICES } from '../../store';
import { analyze, trainingMemory, zooEntry, type NetworkAnalysis, type Optimizer, type TrainingMemory, type ZooEntry } from '../../models';

/** Bytes per value the user can pick: float32, float16 (or bfloat16), int8. */
export const DTYPES = [4, 2, 1] as const;
export type Dtype = (typeof DTYPES)[number];
export const DTYPE_LABELS: Record<Dtype, string> = { 4: 'float32', 2: 'float16', 1: 'int8' };

export const MIN_NETS = 2;
export const MAX_NETS = 6;

export interface CompareState {
  nets: string[];
  batch: number;
  optimizer: Optimizer;
  dtype: Dtype;
  /** Memory budget in GiB (a GPU's memory). */
  budgetGiB: number;
}

export const DEFAULT_COMPARE: CompareState = { nets: ['vgg16', 'resnet50', 'googlenet'], batch: 32, optimizer: 'adam', dtype: 4, budgetGiB: 16 };

export interface ParsedCompare {
  state: CompareState;
  /** What in the URL was ignored, as sentences the screen shows (unknown ids, bad numbers). */
  notices: string[];
}

/** Reads the comparison from a query string; bad or missing values fall back to defaults and are reported, never thrown. */
export function compareFromSearch(search: string): ParsedCompare {
  const p = new URLSearchParams(search);
  const notices: string[] = [];
  let nets = DEFAULT_COMPARE.nets;
  const rawNets = p.get('nets');
  if (rawNets !== null) {
    const ids = [...new Set(rawNets.split(',').map((s) => s.trim()).filter(Boolean))];
    const unknown = ids.filter((id) => !zooEntry(id));
    if (unknown.length > 0) notices.push(`Unknown network${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} left out.`);
    const known = ids.filter((id) => zooEntry(id));
    if (known.length > MAX_NETS) notices.push(`At most ${MAX_NETS} networks side by side; the first ${MAX_NETS} are shown.`);
    nets = known.slice(0, MAX_NETS);
  }
  const num = (key: string, ok: (n: number) => boolean, fallback: number, what: string) => {
    const raw = p.get(key);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (raw.trim() !== '' && ok(n)) return n;
    notices.push(`${what} '${raw}' is not valid; using ${fallback}.`);
    return fallback;
  };
  const batch = num('batch', (n) => Number.isSafeInteger(n) && n > 0 && n <= MAX_BATCH, DEFAULT_COMPARE.batch, 'Batch size');
  const budgetGiB = num('budget', (n) => Number.isFinite(n) && n > 0 && n <= 100000, DEFAULT_COMPARE.budgetGiB, 'Memory budget');
  const dtypeN = num('dtype', (n) => (DTYPES as readonly number[]).includes(n), DEFAULT_COMPARE.dtype, 'Bytes per value');
  const rawOpt = p.get('opt');
  let optimizer = DEFAULT_COMPARE.optimizer;
  if (rawOpt !== null) {
    if (isOptimizer(rawOpt)) optimizer = rawOpt;
    else notices.push(`Optimizer '${rawOpt}' is not one of ${OPTIMIZER_CHOICES.map((o) => o.id).join(', ')}; using ${optimizer}.`);
  }
  return { state: { nets, batch, optimizer, dtype: dtypeN as Dtype, budgetGiB }, notices };
}

/** Writes the comparison into a query string, keeping other parameters (the screen, an open model). */
export function searchWithCompare(search: string, s: CompareState): string {
  const p = new URLSearchParams(search);
  p.set('nets', s.nets.join(','));
  p.set('batch', String(s.batch));
  p.set('opt', s.optimizer);
  p.set('dtype', String(s.dtype));
  p.set('budget', String(s.budgetGiB));
  return `?${p.toString()}`;
}

export interface CompareColumn {
  id: string;
  entry: ZooEntry;
  analysis: NetworkAnalysis;
  training: TrainingMemory;
  fits: boolean;
}

const GIB = 1024 ** 3;

/** Analyses each chosen network at the chosen precision and its training memory at the chosen batch and optimizer. */
export function compareColumns(s: CompareState): CompareColumn[] {
  return s.nets.flatMap((id) => {
    const entry = zooEntry(id);
    if (!entry) return [];
    const analysis = analyze(entry.build(), { bytesPerValue: s.dtype });
    const training = trainingMemory(analysis, s.batch, s.optimizer);
    return [{ id, entry, analysis, training, fits: training.total <= s.budgetGiB * GIB }];
  });
}

/** The largest batch whose training memory fits the budget (0 when even the weights do not fit). */
export function maxBatch(c: CompareColumn, budgetGiB: number): number {
  const fixed = c.training.weights + c.training.gradients + c.training.optimizerState;
  const perImage = c.analysis.totals.activationElements * c.analysis.bytesPerValue;
  const room = budgetGiB * GIB - fixed;
  if (room < perImage || perImage <= 0) return 0;
  return Math.floor(room / perImage);
}
