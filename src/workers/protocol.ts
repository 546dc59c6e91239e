/**
 * The training worker's typed protocol: one message union per direction, each message carrying the `requestId`
 * of the request it belongs to. Typed arrays (samples, weights) are transferred, never copied.
 */
import type { DatasetFiles, DatasetId } from '../data/datasets';
import type { OwnExamples } from '../data/tasks';
import type { InputAdaptation } from '../data/adapt';
import type { AugmentSettings } from '../data/augment/pipeline';
import type { FeedStats } from '../data/augment/stream';
import type { NetworkSpec, Optimizer } from '../models';
import type { FeatureReport, TransferConfig } from '../training/transfer';
import type { ModelFiles } from '../training/transferModels';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What the worker found out about one backend while choosing. */
export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** "software adapter (swiftshader)", "not supported in this browser", ... */
  detail: string;
}

export interface BackendReport {
  backend: BackendName;
  /** Why this backend was chosen, in a sentence. */
  reason: string;
  probes: BackendProbe[];
  /** Which kernels train on it (own SIMD kernels or not, threads), in a sentence. */
  kernels: string;
}

export interface TrainConfig {
  /** The run this config belongs to (its record in the runs store); absent for benchmarks and the CLI. */
  runId?: string;
  modelId: string;
  modelName: string;
  spec: NetworkSpec;
  datasetId: DatasetId;
  adaptation: InputAdaptation;
  optimizer: Optimizer;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Fraction of the training images held out for validation, 0 to 0.5. */
  validationSplit: number;
  /** The dataset prefix the run uses (absent: all), so a resumed run reloads the same images. */
  trainLimit?: number;
  testLimit?: number;
  /** Stop each epoch after this many batches (small demos and tests); all batches when absent. */
  maxBatchesPerEpoch?: number;
  /** Stop after this many optimizer steps in all (a step budget, as the depth experiment sets); epochs bound it too. */
  maxSteps?: number;
  /** Seeds the initial weights (reproducible runs such as `npm run pretrain`); random when absent. */
  seed?: number;
  /** Augmentation of the training batches (absent: none), seeded by `seed`. */
  augment?: AugmentConfig;
  /** A transfer run: the dataset is reduced to the task's classes and labelled sample, the weights start pretrained. */
  transfer?: TransferConfig;
  /** The user's own classes and examples (a transfer run with task 'own'): the run's data, no dataset needed. */
  own?: OwnExamples;
}

/**
 * Which augmentation ops at what strength, and where the batches are made: 'worker' (a second worker, what the app
 * does) or 'thread' (in the training loop's own thread: the benchmark's baseline, and Node without workers).
 */
export interface AugmentConfig {
  settings: AugmentSettings;
  where: 'worker' | 'thread';
}

export interface BatchPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
  /**
   * Training time when the batch ended, in ms since the run started (pauses excluded; continues across a resume).
   * Absent in checkpoints written before ConvAtlas recorded it.
   */
  ms?: number;
}

export interface EpochPoint {
  step: number;
  epoch: number;
  valLoss: number;
  valAccuracy: number;
}

export interface TestResult {
  accuracy: number;
  loss: number;
  count: number;
  /** Row = true class, column = predicted class, row-major, classes x classes. */
  confusion: number[];
}

/** One kernel's part of a profiled training step. */
export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
  /** Percent of the step's wall time. */
  share: number;
}

/** A profiled training step: its wall time, the part inside kernels, and the kernels by time, largest first. */
export interface StepProfile {
  backend: string;
  batchSize: number;
  wallMs: number;
  kernelMs: number;
  /** JavaScript outside kernels: the layers' and optimizer's bookkeeping, tape, tensor allocation. */
  outsideMs: number;
  kernelCalls: number;
  kernels: KernelShare[];
}

export type TrainStatus = 'completed' | 'stopped' | 'diverged';

export interface TrainResult {
  status: TrainStatus;
  message: string | null;
  epochsDone: number;
  test: TestResult | null;
  /** A frozen transfer run's features: computed once, read from the cache, or made per batch. */
  features?: FeatureReport;
}

/** A run's trained network as TF.js files (model.json + one weights file), and where each spec node's weights live. */
export interface TrainedModel {
  modelJson: string;
  weights: ArrayBuffer;
  weightsFileName: string;
  /** Spec node id -> TF.js layer name (the prefix of its weights' names in the manifest). */
  layerNames: Record<string, string>;
}

export type ToWorker =
  | { type: 'init'; requestId: number; backend: BackendChoice }
  | { type: 'load'; requestId: number; dataset: DatasetId; files: DatasetFiles; trainLimit?: number; testLimit?: number; sampleCount: number }
  | { type: 'train'; requestId: number; config: TrainConfig; resume: boolean; pretrained?: ModelFiles }
  | { type: 'profile'; requestId: number; config: TrainConfig }
  | { type: 'control'; requestId: number; target: number; action: 'pause' | 'resume' | 'stop' }
  | { type: 'cancel'; requestId: number; target: number };

export type FromWorker =
  | { type: 'backend'; requestId: number; report: BackendReport }
  | { type: 'loadProgress'; requestId: number; loaded: number; total: number }
  | { type: 'loaded'; requestId: number; dataset: DatasetId; trainCount: number; testCount: number; samples: Uint8Array; sampleLabels: Uint8Array }
  | { type: 'batch'; requestId: number; point: BatchPoint; batchInEpoch: number; batchesPerEpoch: number; imagesPerSecond: number; elapsedMs: number; feed: FeedStats | null }
  | { type: 'epoch'; requestId: number; point: EpochPoint; numTensors: number; checkpointSaved: boolean; checkpointError: string | null }
  | { type: 'resumed'; requestId: number; epoch: number; step: number; batches: BatchPoint[]; epochs: EpochPoint[] }
  | { type: 'paused'; requestId: number; paused: boolean }
  | { type: 'trained'; requestId: number; result: TrainResult; model: TrainedModel | null; modelError: string | null }
  | { type: 'profiled'; requestId: number; profile: StepProfile }
  | { type: 'ok'; requestId: number }
  | { type: 'error'; requestId: number; message: string; deviceLost?: boolean };
