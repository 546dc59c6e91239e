/**
 * The course's depth experiment (He et al. 2015, figures 1 and 6): plain and residual CIFAR networks of several
 * depths, otherwise identical, trained for the same number of steps on the same data; training error against
 * step, and final training error against depth. Pure: the grid of runs, batch norm's removal, the figures.
 */
import { DATASETS, type DatasetId } from '../data/datasets';
import { zooEntry, type NetworkSpec, type Optimizer } from '../models';
import type { BatchPoint } from '../workers/protocol';
import { adaptNetwork } from './adaptNetwork';

/** What the Depth screen asks for. */
export interface DepthSettings {
  depths: readonly number[];
  datasetId: DatasetId;
  /** Optimizer steps per run (the paper's x axis). */
  steps: number;
  batchSize: number;
  learningRate: number;
  optimizer: Optimizer;
  /** Without it the paper's effect shows sooner and starker (and plain nets may not train at all). */
  batchNorm: boolean;
  seed: number;
}

/** One run of the grid: which network, adapted to the data, and what was changed. */
export interface DepthRunPlan {
  /** The zoo id it comes from ('cifar-plain20'). */
  key: string;
  name: string;
  depth: number;
  residual: boolean;
  spec: NetworkSpec;
  changes: string[];
}

/**
 * Where the screen starts: the paper's optimizer (SGD with momentum 0.9, learning rate 0.1; no weight decay here),
 * Fashion-MNIST and 300 steps of 64 as the issue measured with PyTorch, and the two smallest depths that show
 * the effect at a speed a browser trains live.
 */
export const DEPTH_DEFAULTS: DepthSettings = { depths: [8, 20], datasetId: 'fashion-mnist', steps: 300, batchSize: 64, learningRate: 0.1, optimizer: 'momentum', batchNorm: true, seed: 1 };

/** The same network without its batch-norm layers: each layer that read one reads what fed it. */
export function withoutBatchNorm(spec: NetworkSpec): NetworkSpec {
  const feeds = new Map<string, string>();
  for (const n of spec.nodes) if (n.kind === 'batchNorm') feeds.set(n.id, n.inputs[0]!);
  const resolve = (id: string): string => (feeds.has(id) ? resolve(feeds.get(id)!) : id);
  return {
    ...spec,
    name: `${spec.name} without batch norm`,
    nodes: spec.nodes.filter((n) => n.kind !== 'batchNorm').map((n) => ({ ...n, inputs: n.inputs.map(resolve) })),
    outputs: spec.outputs.map(resolve),
  };
}

/** Plain and residual networks for each depth (plain first), adapted to the dataset; or why a depth cannot run. */
export function depthPlans(s: Pick<DepthSettings, 'depths' | 'datasetId' | 'batchNorm'>): DepthRunPlan[] | string {
  const d = DATASETS[s.datasetId];
  const plans: DepthRunPlan[] = [];
  for (const depth of s.depths) {
    for (const residual of [false, true]) {
      const key = `cifar-${residual ? 'resnet' : 'plain'}${depth}`;
      const entry = zooEntry(key);
      if (!entry) return `There is no ${residual ? 'residual' : 'plain'} CIFAR network of depth ${depth}; the family has 6n+2 layers (8, 14, 20, 32, 44, 56).`;
      const base = s.batchNorm ? entry.build() : withoutBatchNorm(entry.build());
      const fit = adaptNetwork(base, d.shape, d.classes.length);
      if (!fit.ok) return `${entry.name}: ${fit.message}`;
      plans.push({ key, name: s.batchNorm ? entry.name : `${entry.name}, no BN`, depth, residual, spec: fit.spec, changes: fit.changes.map((c) => `${c.node}: ${c.before} -> ${c.after}`) });
    }
  }
  return plans;
}

/** Training error over the last `last` steps (the figure the paper's table reads off its curves), or null. */
export function finalTrainingError(batches: readonly Pick<BatchPoint, 'accuracy'>[], last = 50): number | null {
  const tail = batches.slice(-last);
  return tail.length === 0 ? null : tail.reduce((a, b) => a + (1 - b.accuracy), 0) / tail.length;
}

/** What the script writes: the settings, where it ran, and each run's curve and errors. */
export interface DepthResults {
  settings: DepthSettings;
  engine: string;
  machine: string;
  date: string;
  runs: { key: string; name: string; depth: number; residual: boolean; seconds: number; steps: { step: number; loss: number; accuracy: number }[]; trainingError: number; testError: number }[];
}
