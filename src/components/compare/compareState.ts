/**
 * The compare screen's state and its URL form (?view=compare&nets=vgg16,saved:<id>,run:<id>,link:0&batch=32&opt=adam
 * &dtype=4&budget=16, with a `#compare=` hash carrying the `link:N` networks), so a comparison can be shared by link;
 * and the side-by-side figures of each network, with its runs' measured ones. Pure; tested in Node.
 */
import { isOptimizer, MAX_BATCH, OPTIMIZER_CHOICES } from '../../store';
import type { RunRecord } from '../../store/persist/runs';
import { analyze, trainingMemory, zooEntry, type NetworkAnalysis, type NetworkSpec, type Optimizer, type TrainingMemory } from '../../models';

/** Bytes per value the user can pick: float32, float16 (or bfloat16), int8. */
export const DTYPES = [4, 2, 1] as const;
export type Dtype = (typeof DTYPES)[number];
export const DTYPE_LABELS: Record<Dtype, string> = { 4: 'float32', 2: 'float16', 1: 'int8' };

export const MIN_NETS = 2;
export const MAX_NETS = 6;

export interface CompareState {
  /** Zoo ids, 'saved:<id>' (a network from Build), 'run:<id>' (a run's network as trained), 'link:<n>' (the link's n-th network). */
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
    const unknown = ids.filter((id) => !isCompareKey(id));
    if (unknown.length > 0) notices.push(`Unknown network${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u.slice(0, 60)}'`).join(', ')} left out.`);
    const known = ids.filter(isCompareKey);
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

/** A zoo id, or a reference to a saved network, a run or one of the link's networks. */
export function isCompareKey(key: string): boolean {
  return zooEntry(key) !== undefined || /^(saved|run):[\w-]{1,100}$/.test(key) || /^link:\d{1,2}$/.test(key);
}

/** A network ready to compare: what its column shows as a title, and its spec. */
export interface CompareNet {
  key: string;
  name: string;
  /** The zoo network's year; null for the user's own. */
  year: number | null;
  /** Where its title links: the zoo network's page, a saved network on Build; null for a run's or a link's. */
  href: string | null;
  /** What it is, as the column says under its name. */
  origin: 'zoo' | 'saved' | 'run' | 'link';
  spec: NetworkSpec;
}

/** A zoo network as a CompareNet; undefined for any other key. */
export function zooNet(key: string): CompareNet | undefined {
  const z = zooEntry(key);
  return z && { key, name: z.name, year: z.year, href: `?model=${z.id}`, origin: 'zoo', spec: z.build() };
}

/** What the runs of a network measured: the run with the best test accuracy, its speed and time per epoch, and how many runs there are. */
export interface RunFigures {
  runs: number;
  best: { id: string; name: string; dataset: RunRecord['config']['datasetId']; testAccuracy: number; imagesPerSecond: number | null; msPerEpoch: number | null };
}

/** Training time per epoch of a run, from its batches' clocks and the step count of its first full epoch; null before one. */
export function msPerEpoch(r: Pick<RunRecord, 'batches' | 'epochs'>): number | null {
  const last = r.batches[r.batches.length - 1];
  const stepsPerEpoch = r.epochs[0]?.step;
  if (!last || last.ms === undefined || !stepsPerEpoch || last.step < stepsPerEpoch) return null;
  return last.ms / (last.step / stepsPerEpoch);
}

/** The measured figures of the runs that trained `key` (a zoo id or 'saved:<id>'; 'run:<id>' is that run alone); null when none has a test result. */
export function runFigures(key: string, runs: readonly RunRecord[]): RunFigures | null {
  const mine = runs.filter((r) => (key.startsWith('run:') ? r.id === key.slice(4) : r.network.key === key) && r.result?.test);
  if (mine.length === 0) return null;
  const best = mine.reduce((a, b) => (b.result!.test!.accuracy > a.result!.test!.accuracy ? b : a));
  return {
    runs: mine.length,
    best: { id: best.id, name: best.name, dataset: best.config.datasetId, testAccuracy: best.result!.test!.accuracy, imagesPerSecond: best.imagesPerSecond, msPerEpoch: msPerEpoch(best) },
  };
}

export interface CompareColumn {
  id: string;
  net: CompareNet;
  analysis: NetworkAnalysis;
  training: TrainingMemory;
  fits: boolean;
  measured: RunFigures | null;
}

const GIB = 1024 ** 3;

/**
 * Analyses each chosen network (those `nets` resolved; the others are left out) at the chosen precision, its training
 * memory at the chosen batch and optimizer, and what its runs measured.
 */
export function compareColumns(s: CompareState, nets: ReadonlyMap<string, CompareNet> = new Map(), runs: readonly RunRecord[] = []): CompareColumn[] {
  return s.nets.flatMap((id) => {
    const net = nets.get(id) ?? zooNet(id);
    if (!net) return [];
    const analysis = analyze(net.spec, { bytesPerValue: s.dtype });
    const training = trainingMemory(analysis, s.batch, s.optimizer);
    return [{ id, net, analysis, training, fits: training.total <= s.budgetGiB * GIB, measured: runFigures(id, runs) }];
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
