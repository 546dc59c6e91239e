/**
 * Transfer learning as the course teaches it, in three regimes chosen by how much data there is, and the baseline:
 * `frozen` freezes the pretrained network up to a cut layer and trains only a new softmax on the cut's output
 * (the frozen features can be computed once and cached); `partial` freezes up to the cut and trains the later layers
 * from their pretrained weights with a new output layer; `full` trains every layer from the pretrained weights with a
 * new output layer; `scratch` trains the same network as `full` from random weights. Pure: specs and figures only.
 */
import { analyze, OPTIMIZER_SLOTS, type NetworkAnalysis, type Optimizer } from '../models/analyze';
import type { LayerSpec, NetworkSpec } from '../models/spec';
import { DATASETS } from '../data/datasets';
import { isTaskId, TASKS, taskClassNames, type TaskId } from '../data/tasks';
import type { TrainConfig } from '../workers/protocol';

/** The four ways a transfer run starts, by how much of the pretrained network it keeps and trains. */
export type Regime = 'frozen' | 'partial' | 'full' | 'scratch';

/** Every regime, in the course's order (least data first), then the baseline. */
export const REGIMES: readonly Regime[] = ['frozen', 'partial', 'full', 'scratch'];

/** What each regime is, in a line, for the screen and the CLI's help. */
export const REGIME_TEXT: Record<Regime, { name: string; short: string; line: string }> = {
  frozen: { name: '1 · Freeze all, new softmax', short: '1 · frozen', line: 'Everything up to the cut is frozen; only a new softmax on its output trains (little data).' },
  partial: { name: '2 · Freeze the first part', short: '2 · partial', line: 'Layers up to the cut are frozen; the later ones train from their pretrained weights, with a new output layer (more data).' },
  full: { name: '3 · Fine-tune everything', short: '3 · full', line: 'Every layer trains, starting from the pretrained weights, with a new output layer (lots of data).' },
  scratch: { name: 'From scratch', short: 'scratch', line: 'The same network from random weights: the baseline transfer has to beat.' },
};

/** True for the regime names; guards values from the URL, the CLI and stored runs. */
export function isRegime(v: unknown): v is Regime {
  return typeof v === 'string' && (REGIMES as readonly string[]).includes(v);
}

/** The head trained on a frozen network's features: a softmax layer, or k-nearest-neighbours on the cached features. */
export type HeadKind = 'softmax' | 'knn';

/** A transfer run: which pretrained model, which task, how many labelled examples, which regime and where to cut. */
export interface TransferConfig {
  /** The shipped model whose weights the run starts from (public/models/<from>/). */
  from: string;
  /** A task of the datasets', or 'own': the user's classes, whose examples the run's config carries. */
  task: TaskId | 'own';
  /** Labelled training images per class (absent: all of them). */
  perClass?: number;
  regime: Regime;
  /** The last frozen layer (frozen and partial); absent for full and scratch. */
  cut?: string;
  /** frozen only: a softmax layer (default) or k-nearest-neighbours on the features. */
  head?: HeadKind;
  /** frozen only: compute the frozen features once and train the head on them (default), else every batch. */
  cache?: boolean;
  /** Neighbours the kNN head votes with. */
  k?: number;
}

/** Frozen features kept above this many bytes (train and test together) would crowd the tab: they are computed per batch. */
export const FEATURE_CACHE_LIMIT = 256 * 1024 * 1024;

/** How a frozen run had its features: computed once (and cached), read from the cache, or made every batch. */
export interface FeatureReport {
  source: 'computed' | 'cache' | 'per batch';
  /** Training and test images the features cover. */
  images: number;
  featureSize: number;
  bytes: number;
  /** Time of the one forward pass of the backbone over those images (0 when read from the cache). */
  computeMs: number;
  /** Why the features were not cached, when they were not. */
  why: string | null;
  /**
   * Images the backbone did not have to run on, counted at the end of the run: every training and validation image
   * the run read and the test set, less the one pass that computed them (none when they came from the cache).
   */
  passesSaved?: number;
}

/** Whether a stored value is a TransferConfig (a run read back from IndexedDB, a checkpoint). */
export function isTransferConfig(v: unknown): v is TransferConfig {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  const optNum = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isSafeInteger(x) && x > 0);
  return (
    typeof t.from === 'string' &&
    (isTaskId(t.task) || t.task === 'own') &&
    isRegime(t.regime) &&
    optNum(t.perClass) &&
    optNum(t.k) &&
    (t.cut === undefined || typeof t.cut === 'string') &&
    (t.head === undefined || t.head === 'softmax' || t.head === 'knn') &&
    (t.cache === undefined || typeof t.cache === 'boolean')
  );
}

/** The id of the new output layer every transferred network gets. */
export const HEAD_ID = 'head';

/** The layers of a network in topological order, those that reach the output only (no inputs). */
export function layerOrder(spec: NetworkSpec, a: NetworkAnalysis = analyze(spec)): string[] {
  return a.layers.filter((l) => l.kind !== 'input' && l.inModel).map((l) => l.id);
}

/** The old classifier: the spec's output node, which must be a dense layer. */
export function classifierOf(spec: NetworkSpec): Extract<LayerSpec, { kind: 'dense' }> | null {
  const out = spec.nodes.find((n) => n.id === spec.outputs[0]);
  return out && out.kind === 'dense' ? out : null;
}

/**
 * Layers a network can be cut after: every node (before the old classifier) that every path from the input to the
 * output passes through, in topological order. In a plain chain that is every layer; in a ResNet, block outputs.
 */
export function cutPoints(spec: NetworkSpec, a: NetworkAnalysis = analyze(spec)): string[] {
  const order = layerOrder(spec, a);
  const pos = new Map(order.map((id, i) => [id, i]));
  // far[p]: the furthest position an edge from position p reaches (the input is position -1).
  const far = new Map<number, number>();
  order.forEach((id, j) => {
    for (const src of spec.nodes.find((n) => n.id === id)!.inputs) {
      const p = pos.get(src) ?? -1;
      far.set(p, Math.max(far.get(p) ?? -1, j));
    }
  });
  const cuts: string[] = [];
  let reach = far.get(-1) ?? -1;
  order.forEach((id, i) => {
    // Node i is a cut when no edge from before it lands after it.
    if (reach <= i && id !== spec.outputs[0]) cuts.push(id);
    reach = Math.max(reach, far.get(i) ?? -1);
  });
  return cuts;
}

/** The cut `npm run transfer` and the screen start with: the layer feeding the old classifier (LeNet-5's f6). */
export function defaultCut(spec: NetworkSpec, a: NetworkAnalysis = analyze(spec)): string | null {
  const cls = classifierOf(spec);
  const cuts = cutPoints(spec, a);
  return cls && cuts.includes(cls.inputs[0]!) ? cls.inputs[0]! : (cuts.at(-1) ?? null);
}

/** The network a regime trains, which layers of it are frozen, and the sentence that says what was changed. */
export interface TransferNetwork {
  spec: NetworkSpec;
  /** Frozen layers (frozen and partial: the cut and everything before it). */
  frozen: string[];
  /** The cut the run uses (frozen and partial), else null. */
  cut: string | null;
  changes: string[];
}

/**
 * The network a regime trains for `classes` classes, from the pretrained network's spec: its old classifier
 * replaced by a new dense softmax `head`; for `frozen`, everything after the cut dropped and the head put on the
 * cut's output (flattened first when it is an image); for `frozen` and `partial`, the cut and every layer before
 * it marked `trainable: false`. Throws with a sentence when the spec has no dense classifier or the cut is not one.
 */
export function transferNetwork(source: NetworkSpec, classes: number, regime: Regime, cut?: string): TransferNetwork {
  const cls = classifierOf(source);
  if (!cls) throw new Error(`${source.name} does not end in a dense classifier, so it has no softmax to replace`);
  const head = { kind: 'dense' as const, id: HEAD_ID, units: classes, activation: 'softmax' as const };
  const changes = [`${cls.id} (${cls.units} classes) replaced by a new softmax '${HEAD_ID}' with ${classes} classes`];
  if (regime === 'full' || regime === 'scratch') {
    const nodes = source.nodes.map((n) => (n.id === cls.id ? { ...head, inputs: n.inputs } : { ...n, trainable: true }));
    return { spec: { ...source, nodes, outputs: [HEAD_ID] }, frozen: [], cut: null, changes };
  }
  // One analysis of the pretrained network serves the cuts, the order and the cut's shape.
  const a = analyze(source);
  const cuts = cutPoints(source, a);
  const at = cut ?? defaultCut(source, a);
  if (!at || !cuts.includes(at)) throw new Error(`'${cut}' is not a layer ${source.name} can be cut after; these are: ${cuts.join(', ')}`);
  const order = layerOrder(source, a);
  const frozen = new Set(order.slice(0, order.indexOf(at) + 1));
  const mark = (n: LayerSpec): LayerSpec => ({ ...n, trainable: !frozen.has(n.id) });
  changes.push(`${[...frozen].join(', ')} frozen`);
  if (regime === 'partial') {
    const nodes = source.nodes.map((n) => (n.id === cls.id ? { ...head, inputs: n.inputs } : mark(n)));
    return { spec: { ...source, nodes, outputs: [HEAD_ID] }, frozen: [...frozen], cut: at, changes };
  }
  const cutShape = a.layers.find((l) => l.id === at)?.outputShape ?? [];
  const kept = source.nodes.filter((n) => frozen.has(n.id)).map(mark);
  const flat = cutShape.length > 1 ? [{ kind: 'flatten' as const, id: `${HEAD_ID}.flatten`, inputs: [at] }] : [];
  const dropped = order.filter((id) => !frozen.has(id) && id !== cls.id);
  if (dropped.length > 0) changes.push(`${dropped.join(', ')} dropped: the new softmax reads ${at}'s ${cutShape.join('x')} output`);
  const nodes: LayerSpec[] = [...kept, ...flat, { ...head, inputs: [flat[0]?.id ?? at] }];
  return { spec: { ...source, nodes, outputs: [HEAD_ID] }, frozen: [...frozen], cut: at, changes };
}

/** Training memory of a transfer network both ways, in bytes: as if every layer trained, and with its frozen part frozen. */
export interface TransferMemory {
  /** Every layer trained: gradients and optimizer state for all weights, every layer's output stored for backward. */
  allTrained: { gradients: number; optimizerState: number; activations: number; total: number };
  /** Frozen layers have no gradients, no optimizer state, and their outputs are not stored (but the cut's is: the head reads it). */
  withFrozen: { gradients: number; optimizerState: number; activations: number; total: number };
  weights: number;
}

/** The memory estimate of training `a` (a transfer network's analysis) with and without its frozen layers' costs. */
export function transferMemory(a: NetworkAnalysis, frozen: readonly string[], cut: string | null, batchSize: number, optimizer: Optimizer): TransferMemory {
  const b = a.bytesPerValue;
  const weights = a.totals.params * b;
  const slots = OPTIMIZER_SLOTS[optimizer];
  const frozenSet = new Set(frozen);
  const all = a.totals.trainableParams;
  const learning = a.totals.trainableParams - a.totals.frozenParams;
  const allActs = a.totals.activationElements * batchSize * b;
  const cutLayer = a.layers.find((l) => l.id === cut);
  const cutOut = cutLayer?.outputShape ? cutLayer.outputShape.reduce((x, y) => x * y, 1) : 0;
  // The input image is stored only when the first layer trains; the cut's output is what the trained part reads.
  const kept = a.layers.filter((l) => l.inModel && !frozenSet.has(l.id) && !(l.kind === 'input' && frozen.length > 0)).reduce((s, l) => s + l.activationElements, 0);
  const actsFrozen = (kept + (frozen.length > 0 ? cutOut : 0)) * batchSize * b;
  const way = (params: number, acts: number) => ({ gradients: params * b, optimizerState: params * slots * b, activations: acts, total: weights + params * b * (1 + slots) + acts });
  return { weights, allTrained: way(all, allActs), withFrozen: way(learning, actsFrozen) };
}

/** The optimizer settings a transfer run trains with, and its step budget (the same for every regime, for a fair race). */
export interface TransferRecipe {
  optimizer: Optimizer;
  learningRate: number;
  batchSize: number;
  /** Optimizer steps in all: a run on 5 images per class and one on 1,000 take as many. */
  steps: number;
  seed: number;
  validationSplit: number;
}

/** Steps for a sample of `images`: two epochs of it, at least 300 and at most 2,000 (the same for every regime of a size). */
export function transferSteps(images: number, batch: number): number {
  return Math.min(2000, Math.max(300, Math.ceil((2 * images) / batch)));
}

/** Where the experiment cuts LeNet-5 for the regimes: its convolutional features (400 values), the course's "early layers". */
export const EXPERIMENT_CUT = 'flatten';

/** What `npm run transfer`, the experiment and the screen train with unless told otherwise. */
export const TRANSFER_RECIPE: TransferRecipe = { optimizer: 'adam', learningRate: 0.002, batchSize: 32, steps: 300, seed: 1, validationSplit: 0 };

/** The number of training images a transfer run draws (perClass x classes, or the task's whole training set). */
export function sampleSize(t: Pick<TransferConfig, 'perClass'>, classes: number, available: number): number {
  return t.perClass === undefined ? available : Math.min(available, t.perClass * classes);
}

/**
 * The TrainConfig of a transfer run: the regime's network from the pretrained spec, the task's dataset, epochs
 * enough for the step budget over `images` training images (batches never larger than the sample).
 */
export function transferTrainConfig(
  source: NetworkSpec,
  sourceName: string,
  t: TransferConfig,
  recipe: TransferRecipe,
  images: number,
  classes: number,
  adaptation: TrainConfig['adaptation'],
  datasetId: TrainConfig['datasetId'],
): { config: TrainConfig; network: TransferNetwork } {
  const network = transferNetwork(source, classes, t.regime, t.cut);
  const batchSize = Math.max(1, Math.min(recipe.batchSize, images));
  const perEpoch = Math.max(1, Math.ceil((images - Math.round(images * recipe.validationSplit)) / batchSize));
  const transfer: TransferConfig = { ...t, ...(network.cut ? { cut: network.cut } : {}) };
  if (!network.cut) delete transfer.cut;
  const config: TrainConfig = {
    modelId: t.from,
    modelName: `${sourceName} → ${t.task === 'own' ? 'your classes' : TASKS[t.task].name}`,
    spec: network.spec,
    datasetId,
    adaptation,
    optimizer: recipe.optimizer,
    learningRate: recipe.learningRate,
    batchSize,
    epochs: Math.ceil(recipe.steps / perEpoch),
    maxSteps: recipe.steps,
    validationSplit: recipe.validationSplit,
    seed: recipe.seed,
    transfer,
  };
  return { config, network };
}

/** What one run measured: the `--json` object of `npm run transfer`, and a row of the experiment. */
export interface TransferOutcome {
  from: string;
  to: string;
  perClass: number | 'all';
  regime: TransferConfig['regime'];
  cut: string | null;
  head: 'softmax' | 'knn';
  testAccuracy: number;
  trainableParams: number;
  frozenParams: number;
  seconds: number;
  /** Training images the run drew, and the test images it was scored on. */
  trainImages: number;
  testImages: number;
  seed: number;
  /** How the frozen features were had ('computed', 'cache', 'per batch'), and the one pass's time; null without a cut. */
  features: { source: string; computeMs: number } | null;
}

/** `npm run experiment:transfer`'s result (public/experiments/transfer.json): every run, and cached against not. */
export interface TransferExperiment {
  from: string;
  to: TaskId;
  recipe: TransferRecipe;
  /** How the step budget follows the sample's size, in words. */
  stepsRule: string;
  seeds: number[];
  perClass: (number | 'all')[];
  engine: string;
  machine: string;
  loadAverage: number;
  date: string;
  seconds: number;
  runs: TransferOutcome[];
  /** A frozen head trained with its features cached and again computing them every batch: same run, both times. */
  cacheTiming: { perClass: number | 'all'; cut: string; cachedSeconds: number; uncachedSeconds: number; featureSeconds: number; steps: number }[];
}

/** The classes a run's network answers with: its task's for a transfer run, else its dataset's. */
export function runClassNames(config: Pick<TrainConfig, 'datasetId' | 'transfer' | 'own'>): string[] {
  const t = config.transfer;
  if (config.own) return [...config.own.classes];
  return t && t.task !== 'own' ? taskClassNames(t.task) : [...DATASETS[config.datasetId].classes];
}

/** What a run trained on, in words: "MNIST digits 5-9, 20 per class" for a transfer run, else the dataset's name. */
export function runDataName(config: Pick<TrainConfig, 'datasetId' | 'transfer' | 'own'>): string {
  const t = config.transfer;
  if (config.own) return `your ${config.own.classes.length} classes (${config.own.count} examples)`;
  return t && t.task !== 'own' ? `${TASKS[t.task].name}, ${t.perClass === undefined ? 'all' : t.perClass} per class` : DATASETS[config.datasetId].name;
}

/** A transfer run's start in words: "frozen at flatten, kNN head, from lenet5-mnist04". */
export function describeTransfer(t: TransferConfig): string {
  const where = t.cut && (t.regime === 'frozen' || t.regime === 'partial') ? ` at ${t.cut}` : '';
  const head = t.head === 'knn' ? `, kNN head (k = ${t.k ?? 5})` : '';
  const cache = t.regime === 'frozen' && t.cache === false ? ', features computed every batch' : '';
  return t.regime === 'scratch' ? `from scratch (the ${t.from} network, random weights)` : `${t.regime}${where}${head}${cache}, from ${t.from}`;
}

/** A regime in a few words, for a run's name: "frozen at flatten", "kNN on flatten", "fine-tuned", "from scratch". */
export function shortRegime(t: TransferConfig): string {
  if (t.regime === 'frozen') return t.head === 'knn' ? `kNN on frozen ${t.cut}` : `frozen at ${t.cut}`;
  if (t.regime === 'partial') return `fine-tuned after ${t.cut}`;
  return t.regime === 'full' ? 'all fine-tuned' : 'from scratch';
}
