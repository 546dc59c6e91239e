/**
 * Training slice: the Train screen's state (dataset, network, hyper-parameters, backend, the run's curves and
 * result) and the actions that drive the training worker through its client. Components never see the worker.
 */
import { DATASETS, type DatasetId } from '../data/datasets';
import { datasetFiles } from '../data/files';
import type { BackendChoice, BackendReport, BatchPoint, EpochPoint, FromWorker, StepProfile, TrainConfig, TrainResult } from '../workers/protocol';
import { checkpointSummary, clearCheckpoint, type CheckpointSummary } from '../workers/checkpoints';
import { createTrainingClient } from '../workers/createWorker';
import { planTraining, SUBSETS, trainingBudget, type Hyper, type SubsetId } from './trainingPlan';
import { selectTrainBusy } from './trainingSelectors';
import type { SliceCreator } from './types';

/** The parts of the worker client the slice uses (the real TrainingClient in the app). */
export interface TrainingPort {
  init(backend: BackendChoice): Promise<BackendReport>;
  load(
    dataset: DatasetId,
    files: ReturnType<typeof datasetFiles>,
    opts: { trainLimit?: number; testLimit?: number; sampleCount: number; onProgress?: (loaded: number, total: number) => void },
  ): Promise<{ trainCount: number; testCount: number; samples: Uint8Array; sampleLabels: Uint8Array }>;
  train(config: TrainConfig, resume: boolean, onEvent: (m: FromWorker) => void): { id: number; done: Promise<TrainResult> };
  control(target: number, action: 'pause' | 'resume' | 'stop'): Promise<void>;
  profile(config: TrainConfig): Promise<StepProfile>;
  restart(reason?: string): void;
}

export interface CheckpointPort {
  summary(): Promise<CheckpointSummary | null>;
  clear(): Promise<void>;
}

export interface TrainingSliceDeps {
  /** Creates the worker client on first use (the app's real one by default). */
  trainingPort?: () => TrainingPort;
  checkpoints?: CheckpointPort;
  /** Bytes a run may use; trainingBudget() of the browser's reported memory by default. */
  memoryBudget?: number;
}

export type RunStatus = 'idle' | 'starting' | 'training' | 'paused' | 'completed' | 'stopped' | 'diverged' | 'error';

export interface RunProgress {
  epoch: number;
  batchInEpoch: number;
  batchesPerEpoch: number;
  imagesPerSecond: number;
  elapsedMs: number;
}

export interface TrainingState {
  datasetId: DatasetId;
  subset: SubsetId;
  dataStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** 0 to 1 while loading. */
  dataProgress: number;
  dataError: string | null;
  /** The loaded dataset's key (id + subset), so a change reloads. */
  dataKey: string | null;
  counts: { train: number; test: number } | null;
  samples: { images: Uint8Array; labels: Uint8Array } | null;
  modelId: string;
  hyper: Hyper;
  backendChoice: BackendChoice;
  backend: BackendReport | null;
  backendStatus: 'idle' | 'starting' | 'ready' | 'error';
  backendError: string | null;
  status: RunStatus;
  /** What happened (divergence, a crash and the recovery, a refused start), for the user. */
  message: string | null;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  progress: RunProgress | null;
  /** tf.memory().numTensors in the worker after each epoch: must not grow. */
  tensorsPerEpoch: number[];
  checkpointNote: string | null;
  result: TrainResult | null;
  /** The config of the run (for the confusion matrix's classes and the resume offer). */
  runConfig: TrainConfig | null;
  resumeOffer: CheckpointSummary | null;
  /** "Profile one step": where a training step of the chosen network and batch size spends its time. */
  profile: { status: 'idle' | 'running' | 'ready' | 'error'; result: StepProfile | null; error: string | null; modelName: string | null };
}

export interface TrainingSlice {
  training: TrainingState;
  setTrainDataset(id: DatasetId): void;
  setTrainSubset(id: SubsetId): void;
  loadTrainData(): Promise<void>;
  setTrainModel(id: string): void;
  setTrainHyper(h: Partial<Hyper>): void;
  setTrainBackend(choice: BackendChoice): Promise<void>;
  startTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  resumeTraining(): Promise<void>;
  stopTraining(): Promise<void>;
  checkTrainingCheckpoint(): Promise<void>;
  resumeFromCheckpoint(): Promise<void>;
  dismissCheckpoint(): Promise<void>;
  profileTrainingStep(): Promise<void>;
}

export const SAMPLE_COUNT = 32;

export const DEFAULT_TRAINING: TrainingState = {
  datasetId: 'mnist',
  subset: 'all',
  dataStatus: 'idle',
  dataProgress: 0,
  dataError: null,
  dataKey: null,
  counts: null,
  samples: null,
  modelId: 'lenet5-modern',
  hyper: { optimizer: 'adam', learningRate: 0.001, batchSize: 64, epochs: 3, validationSplit: 0.1 },
  backendChoice: 'auto',
  backend: null,
  backendStatus: 'idle',
  backendError: null,
  status: 'idle',
  message: null,
  batches: [],
  epochs: [],
  progress: null,
  tensorsPerEpoch: [],
  checkpointNote: null,
  result: null,
  runConfig: null,
  resumeOffer: null,
  profile: { status: 'idle', result: null, error: null, modelName: null },
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const dataKeyOf = (t: Pick<TrainingState, 'datasetId' | 'subset'>) => `${t.datasetId}/${t.subset}`;
const baseUrl = () => (typeof import.meta !== 'undefined' && import.meta.env?.BASE_URL) || '/';

/** Creates the training slice; the worker starts on the first action that needs it. */
export function createTrainingSlice(deps: TrainingSliceDeps = {}): SliceCreator<TrainingSlice> {
  return (set, get) => {
    let port: TrainingPort | null = null;
    let runId: number | null = null;
    let recoveries = 0;
    const checkpoints: CheckpointPort = deps.checkpoints ?? { summary: checkpointSummary, clear: clearCheckpoint };
    const client = () => {
      if (!port && !deps.trainingPort && typeof Worker === 'undefined') throw new Error('Training needs Web Workers, which this environment does not provide');
      port ??= (deps.trainingPort ?? createTrainingClient)();
      return port;
    };
    const patch = (p: Partial<TrainingState>) => set((s) => ({ training: { ...s.training, ...p } }));
    const T = () => get().training;
    const budget = deps.memoryBudget ?? trainingBudget((globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory);

    // Per-batch points arrive as deltas; they are appended once per animation frame so React draws at most that often.
    let queued: FromWorker[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      const events = queued;
      queued = [];
      if (events.length === 0) return;
      const t = T();
      let batches = t.batches;
      let epochs = t.epochs;
      let tensors = t.tensorsPerEpoch;
      let progress = t.progress;
      let status = t.status;
      let checkpointNote = t.checkpointNote;
      for (const m of events) {
        if (m.type === 'batch') {
          batches = batches === t.batches ? [...batches, m.point] : (batches.push(m.point), batches);
          progress = { epoch: m.point.epoch, batchInEpoch: m.batchInEpoch, batchesPerEpoch: m.batchesPerEpoch, imagesPerSecond: m.imagesPerSecond, elapsedMs: m.elapsedMs };
        } else if (m.type === 'epoch') {
          epochs = [...epochs, m.point];
          tensors = [...tensors, m.numTensors];
          checkpointNote = m.checkpointSaved ? `Checkpoint saved after epoch ${m.point.epoch}.` : `The checkpoint could not be saved: ${m.checkpointError}`;
        } else if (m.type === 'resumed') {
          batches = [...m.batches];
          epochs = [...m.epochs];
        } else if (m.type === 'paused') {
          if (status === 'training' || status === 'paused') status = m.paused ? 'paused' : 'training';
        }
      }
      patch({ batches, epochs, tensorsPerEpoch: tensors, progress, status, checkpointNote });
    };
    const onEvent = (m: FromWorker) => {
      queued.push(m);
      if (scheduled) return;
      scheduled = true;
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
      else queueMicrotask(flush);
    };

    const ensureBackend = async () => {
      if (T().backendStatus === 'ready') return;
      patch({ backendStatus: 'starting', backendError: null });
      try {
        const report = await client().init(T().backendChoice);
        patch({ backend: report, backendStatus: 'ready' });
      } catch (e) {
        patch({ backendStatus: 'error', backendError: errorText(e) });
        throw e;
      }
    };

    const ensureData = async () => {
      const t = T();
      const key = dataKeyOf(t);
      if (t.dataStatus === 'ready' && t.dataKey === key) return;
      const sub = SUBSETS.find((s) => s.id === t.subset)!;
      patch({ dataStatus: 'loading', dataProgress: 0, dataError: null, samples: null, counts: null, dataKey: key });
      try {
        const r = await client().load(t.datasetId, datasetFiles(t.datasetId, baseUrl()), {
          ...(sub.trainLimit ? { trainLimit: sub.trainLimit, testLimit: sub.testLimit } : {}),
          sampleCount: SAMPLE_COUNT,
          onProgress: (loaded, total) => {
            if (T().dataKey === key) patch({ dataProgress: total > 0 ? loaded / total : 0 });
          },
        });
        if (T().dataKey !== key) return;
        patch({ dataStatus: 'ready', dataProgress: 1, counts: { train: r.trainCount, test: r.testCount }, samples: { images: r.samples, labels: r.sampleLabels } });
      } catch (e) {
        if (T().dataKey === key) patch({ dataStatus: 'error', dataError: `${DATASETS[t.datasetId].name} could not be loaded: ${errorText(e)}` });
        throw e;
      }
    };

    const busy = () => selectTrainBusy(get());

    /** The run the screen describes now, or why it cannot run (memory, a network that cannot take the data). */
    const configNow = (): { ok: true; config: TrainConfig } | { ok: false; problems: string[] } => {
      const t = T();
      const plan = planTraining(t.modelId, t.datasetId, t.hyper.batchSize, t.hyper.optimizer, budget);
      if (!plan.ok) return plan;
      const sub = SUBSETS.find((s) => s.id === t.subset)!;
      return {
        ok: true,
        config: {
          modelId: t.modelId,
          modelName: plan.name,
          spec: plan.spec,
          datasetId: t.datasetId,
          adaptation: plan.adaptation,
          ...t.hyper,
          ...(sub.trainLimit ? { trainLimit: sub.trainLimit, testLimit: sub.testLimit } : {}),
        },
      };
    };

    const run = async (config: TrainConfig, resume: boolean, note: string | null = null) => {
      patch({ status: 'starting', message: note, result: null, runConfig: config, resumeOffer: null, ...(resume ? {} : { batches: [], epochs: [], tensorsPerEpoch: [], progress: null, checkpointNote: null }) });
      try {
        await ensureBackend();
        await ensureData();
        const { id, done } = client().train(config, resume, onEvent);
        runId = id;
        patch({ status: 'training' });
        const result = await done;
        flush();
        runId = null;
        recoveries = 0;
        const message =
          result.status === 'diverged' ? result.message : result.status === 'stopped' ? `Stopped after ${result.epochsDone} full epoch${result.epochsDone === 1 ? '' : 's'}.` : note;
        patch({ status: result.status, result, message });
        if (result.status === 'completed') await checkpoints.clear().catch(() => undefined);
      } catch (e) {
        flush();
        runId = null;
        const err = e as { crashed?: boolean; deviceLost?: boolean };
        if ((err.crashed || err.deviceLost) && recoveries < 2) {
          recoveries++;
          const saved = await checkpoints.summary().catch(() => null);
          const canResume = !!saved && saved.config.modelId === config.modelId && saved.config.datasetId === config.datasetId;
          const what = err.deviceLost ? 'The GPU device was lost' : 'The training worker crashed';
          const recovery = `${what} (${errorText(e)}). Training went on in a fresh worker on wasm ${canResume ? `from the checkpoint after epoch ${saved!.epoch}` : 'from the start (there was no checkpoint yet)'}.`;
          patch({ backendStatus: 'idle', backendChoice: 'wasm', dataStatus: 'idle' });
          client().restart('Restarting after a failure');
          return run(config, canResume, recovery);
        }
        patch({ status: 'error', message: `Training failed: ${errorText(e)}` });
      }
    };

    return {
      training: DEFAULT_TRAINING,
      setTrainDataset(id) {
        if (id === T().datasetId) return;
        patch({ datasetId: id });
        void get().loadTrainData();
      },
      setTrainSubset(id) {
        if (id === T().subset) return;
        patch({ subset: id });
        void get().loadTrainData();
      },
      async loadTrainData() {
        await ensureData().catch(() => undefined);
      },
      setTrainModel(id) {
        patch({ modelId: id });
      },
      setTrainHyper(h) {
        patch({ hyper: { ...T().hyper, ...h } });
      },
      async setTrainBackend(choice) {
        patch({ backendChoice: choice, backendStatus: 'idle' });
        if (!busy()) await ensureBackend().catch(() => undefined);
      },
      async startTraining() {
        if (busy()) return;
        const c = configNow();
        if (!c.ok) {
          patch({ status: 'idle', message: `Not started: ${c.problems.join(' ')}` });
          return;
        }
        await checkpoints.clear().catch(() => undefined);
        await run(c.config, false);
      },
      async profileTrainingStep() {
        if (busy() || T().profile.status === 'running') return;
        const c = configNow();
        if (!c.ok) {
          patch({ profile: { status: 'error', result: null, error: `Not profiled: ${c.problems.join(' ')}`, modelName: null } });
          return;
        }
        patch({ profile: { status: 'running', result: null, error: null, modelName: c.config.modelName } });
        try {
          await ensureBackend();
          await ensureData();
          const result = await client().profile(c.config);
          patch({ profile: { status: 'ready', result, error: null, modelName: c.config.modelName } });
        } catch (e) {
          patch({ profile: { status: 'error', result: null, error: `Profiling failed: ${errorText(e)}`, modelName: c.config.modelName } });
        }
      },
      async pauseTraining() {
        if (runId !== null && T().status === 'training') await client().control(runId, 'pause');
      },
      async resumeTraining() {
        if (runId !== null && T().status === 'paused') await client().control(runId, 'resume');
      },
      async stopTraining() {
        if (runId !== null) await client().control(runId, 'stop');
      },
      async checkTrainingCheckpoint() {
        const s = await checkpoints.summary().catch(() => null);
        if (s && s.epoch < s.epochs && T().status === 'idle') patch({ resumeOffer: s });
      },
      async resumeFromCheckpoint() {
        const offer = T().resumeOffer;
        if (!offer) return;
        const c = offer.config;
        const subset = SUBSETS.find((s) => s.trainLimit === c.trainLimit)?.id ?? 'all';
        patch({
          modelId: c.modelId,
          datasetId: c.datasetId,
          subset,
          hyper: { optimizer: c.optimizer, learningRate: c.learningRate, batchSize: c.batchSize, epochs: c.epochs, validationSplit: c.validationSplit },
        });
        await run(c, true);
      },
      async dismissCheckpoint() {
        patch({ resumeOffer: null });
        await checkpoints.clear().catch(() => undefined);
      },
    };
  };
}
