/**
 * Training slice: the Train screen's state (dataset, network, hyper-parameters, backend, the run's curves and
 * result) and the actions that drive the training worker through its client. Components never see the worker.
 */
import { isAugmenting, NO_AUGMENTATION, parseAugment, type AugmentSettings } from '../data/augment/pipeline';
import type { FeedStats } from '../data/augment/stream';
import { DATASETS, type DatasetId } from '../data/datasets';
import { datasetFiles } from '../data/files';
import type { NetworkSpec } from '../models';
import type { BackendChoice, BackendReport, BatchPoint, EpochPoint, FromWorker, StepProfile, TrainConfig, TrainedModel, TrainResult } from '../workers/protocol';
import { checkpointSummary, clearCheckpoint, type CheckpointSummary } from '../workers/checkpoints';
import { createTrainingClient } from '../workers/createWorker';
import { appUrl } from './appUrl';
import { fetchShippedModelFiles } from './siteFiles';
import { planTransfer } from './transferPlan';
import { runDataName, type TransferConfig, type TransferRecipe } from '../training/transfer';
import type { ModelFiles } from '../training/transferModels';
import type { OwnExamples } from '../data/tasks';
import type { RunRecord, RunRepo } from './persist/runs';
import { planTraining, SUBSETS, trainingBudget, trainNetworkOf, zooTrainNetwork, type Hyper, type SubsetId, type TrainNetwork } from './trainingPlan';
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
  train(config: TrainConfig, resume: boolean, onEvent: (m: FromWorker) => void, pretrained?: ModelFiles): { id: number; done: Promise<{ result: TrainResult; model: TrainedModel | null; modelError: string | null }> };
  control(target: number, action: 'pause' | 'resume' | 'stop'): Promise<void>;
  profile(config: TrainConfig): Promise<StepProfile>;
  restart(reason?: string): void;
}

/** The latest checkpoint's summary and its removal (IndexedDB in the app). */
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
  /** Where runs are kept; null keeps them in this tab only (and says so). */
  runs?: RunRepo | null;
  /** New run ids; crypto.randomUUID by default. */
  newId?: () => string;
  /** A shipped model's files, which a transfer run starts from (fetched from the site by default). */
  pretrainedFiles?: (id: string) => Promise<ModelFiles>;
}

/** A network the Train screen holds by value: one from Build (key 'saved:<id>') or a run's (key 'run:<id>'). */
export interface HeldNetwork extends TrainNetwork {
  key: string;
  /** Head/input changes already in `spec` (a run's adapted network trained again), for the run's record. */
  changes?: string[];
}

export type RunStatus = 'idle' | 'starting' | 'training' | 'paused' | 'completed' | 'stopped' | 'diverged' | 'error';

export interface RunProgress {
  epoch: number;
  batchInEpoch: number;
  batchesPerEpoch: number;
  imagesPerSecond: number;
  elapsedMs: number;
  /** The augmentation worker's rate and how long training waited for it; null without augmentation. */
  feed: FeedStats | null;
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
  /** The network to train: a zoo id, or the key of `custom`. */
  modelId: string;
  /** The network behind a non-zoo key, held as it was when chosen (refreshed from Build when the screen opens). */
  custom: HeldNetwork | null;
  /** Whether the user accepted the offered head/input changes for this network and dataset. */
  adaptAccepted: boolean;
  hyper: Hyper;
  /** The next run's augmentation (every op off: none). */
  augment: AugmentSettings;
  /** The initial weights' seed for the next run; null draws a new one per run (each run records the one it used). */
  seed: number | null;
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
  /** Every kept run, newest first (without weights). */
  runs: RunRecord[];
  runsStatus: 'idle' | 'loading' | 'ready';
  /** Storage trouble or damaged records, for the Runs panel. */
  runsNotice: string | null;
  /** The run training (or last trained) on this screen. */
  currentRunId: string | null;
  /** Runs waiting to train, in order. */
  queue: string[];
  /** Runs drawn together on the comparison chart, and its x axis. */
  overlay: string[];
  overlayX: 'step' | 'time';
}

export interface TrainingSlice {
  training: TrainingState;
  setTrainDataset(id: DatasetId): void;
  setTrainSubset(id: SubsetId): void;
  loadTrainData(): Promise<void>;
  /** Chooses the network by key: a zoo id, or 'saved:<id>' for a network saved on Build. */
  setTrainModel(key: string): Promise<void>;
  /** Takes the network open on Build to the Train screen ("Train this"). */
  trainDraft(): void;
  /** Accepts (or declines) the offered head/input changes. */
  acceptAdaptation(accept: boolean): void;
  /** Re-reads a network from Build (it may have been edited since it was chosen). */
  refreshTrainNetwork(): Promise<void>;
  loadRuns(): Promise<void>;
  renameRun(id: string, name: string): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /** Puts a run's network and settings on the screen to train again with changes; a transfer run is queued again as it was. */
  duplicateRun(id: string): void;
  toggleOverlay(id: string): void;
  setOverlayX(x: 'step' | 'time'): void;
  /** A run's trained network files, or null when it has none (or storage fails). */
  runModel(id: string): Promise<TrainedModel | null>;
  /**
   * Queues a batch of runs (an experiment's grid) and starts the first if nothing trains; null when queued, else
   * why not (a network that does not fit, say): then none is queued.
   */
  queueRuns(runs: QueuedRun[]): Promise<string | null>;
  /** Queues transfer runs (the Transfer screen's regimes) as one group; null when queued, else why not (none is). */
  queueTransferRuns(runs: { transfer: TransferConfig; recipe: TransferRecipe; own?: OwnExamples }[], group: string): Promise<string | null>;
  /** Takes every queued run off the queue (marked stopped, never started); the one training goes on. */
  cancelQueued(): Promise<void>;
  setTrainHyper(h: Partial<Hyper>): void;
  /** Fixes the next runs' seed (a whole number), or null for a new seed per run. */
  setTrainSeed(seed: number | null): void;
  /** Changes some of the next run's augmentation settings. */
  setTrainAugment(a: Partial<AugmentSettings>): void;
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
  custom: null,
  adaptAccepted: false,
  seed: null,
  hyper: { optimizer: 'adam', learningRate: 0.001, batchSize: 64, epochs: 3, validationSplit: 0.1 },
  augment: NO_AUGMENTATION,
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
  runs: [],
  runsStatus: 'idle',
  runsNotice: null,
  currentRunId: null,
  queue: [],
  overlay: [],
  overlayX: 'step',
};

/** One run of an experiment: its network (adapted already), data, settings, step budget and group. */
export interface QueuedRun {
  network: RunRecord['network'];
  spec: NetworkSpec;
  datasetId: DatasetId;
  subset: SubsetId;
  hyper: Hyper;
  seed: number;
  maxSteps?: number;
  group?: string;
}

/**
 * Whether "Train again" queues a run again unchanged rather than putting its settings on the Train screen: a
 * transfer run, or one with a step budget (the Depth screen's), which that screen cannot hold.
 */
export const repeatsAsItWas = (c: TrainConfig): boolean => !!c.transfer || c.maxSteps !== undefined;

/** A new seed for a run that does not name one, so that every kept run can be repeated exactly. */
const newSeed = () => Math.floor(Math.random() * 2 ** 31);

/** The screen's settings a config was made from (hyper-parameters and augmentation), to train it again. */
const settingsOf = (c: TrainConfig): Pick<TrainingState, 'hyper' | 'augment'> => ({
  hyper: { optimizer: c.optimizer, learningRate: c.learningRate, batchSize: c.batchSize, epochs: c.epochs, validationSplit: c.validationSplit },
  // A checkpoint's config is not validated as run records are: its settings are cleaned here.
  augment: (c.augment && parseAugment(c.augment.settings)) ?? NO_AUGMENTATION,
});

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const dataKeyOf = (t: Pick<TrainingState, 'datasetId' | 'subset'>) => `${t.datasetId}/${t.subset}`;

/** Creates the training slice; the worker starts on the first action that needs it. */
export function createTrainingSlice(deps: TrainingSliceDeps = {}): SliceCreator<TrainingSlice> {
  return (set, get) => {
    let port: TrainingPort | null = null;
    let runsLoad: Promise<void> | null = null;
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
          progress = { epoch: m.point.epoch, batchInEpoch: m.batchInEpoch, batchesPerEpoch: m.batchesPerEpoch, imagesPerSecond: m.imagesPerSecond, elapsedMs: m.elapsedMs, feed: m.feed };
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
      // The run's record follows each epoch, so a reload keeps its curves so far.
      const current = T().currentRunId;
      if (current && events.some((m) => m.type === 'epoch')) void keepRun(current);
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

    /** Loads the screen's dataset and subset into the worker, unless it holds them already. */
    const ensureData = async () => {
      const t = T();
      const key = dataKeyOf(t);
      if (t.dataStatus === 'ready' && t.dataKey === key) return;
      const sub = SUBSETS.find((s) => s.id === t.subset)!;
      patch({ dataStatus: 'loading', dataProgress: 0, dataError: null, samples: null, counts: null, dataKey: key });
      try {
        const r = await client().load(t.datasetId, datasetFiles(t.datasetId, appUrl('')), {
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
    const runRepo = deps.runs ?? null;
    const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
    const pretrainedFiles = deps.pretrainedFiles ?? fetchShippedModelFiles;

    /** Writes a run; a failure becomes the Runs panel's notice, never an exception (the run goes on in this tab). */
    const keep = async (r: RunRecord) => {
      set((s) => ({ training: { ...s.training, runs: s.training.runs.some((x) => x.id === r.id) ? s.training.runs.map((x) => (x.id === r.id ? r : x)) : [r, ...s.training.runs] } }));
      if (!runRepo) return;
      try {
        await runRepo.put(r);
      } catch (e) {
        patch({ runsNotice: `The run '${r.name}' could not be saved (${errorText(e)}); it is kept in this tab only.` });
      }
    };
    const runById = (id: string | null) => (id ? T().runs.find((r) => r.id === id) ?? null : null);
    /** Updates a run's record from the screen's state (its curves and progress, which are that run's) and fields given. */
    const keepRun = (id: string, p: Partial<RunRecord> = {}) => {
      const r = runById(id);
      if (!r) return Promise.resolve();
      const t = T();
      return keep({ ...r, batches: t.batches, epochs: t.epochs, imagesPerSecond: t.progress?.imagesPerSecond ?? r.imagesPerSecond, backend: t.backend?.backend ?? r.backend, updatedAt: Date.now(), ...p });
    };
    /** Trained networks of this tab's runs when there is no database (so Predict and export still work). */
    const inMemory = new Map<string, TrainedModel>();

    /** The run the screen describes now, or why it cannot run (memory, a network that cannot take the data). */
    const configNow = (): { ok: true; config: TrainConfig; network: RunRecord['network'] } | { ok: false; problems: string[] } => {
      const t = T();
      const net = trainNetworkOf(t);
      if (!net) return { ok: false, problems: [`Unknown network '${t.modelId}'.`] };
      const plan = planTraining(net, t.datasetId, t.hyper.batchSize, t.hyper.optimizer, budget, t.adaptAccepted);
      if (!plan.ok) return plan;
      const sub = SUBSETS.find((s) => s.id === t.subset)!;
      return {
        ok: true,
        network: { key: t.modelId, name: plan.name, changes: [...(t.custom?.key === t.modelId ? (t.custom.changes ?? []) : []), ...plan.changes.map((c) => `${c.node}: ${c.before} -> ${c.after}`)] },
        config: {
          modelId: t.modelId,
          modelName: plan.name,
          spec: plan.spec,
          datasetId: t.datasetId,
          adaptation: plan.adaptation,
          ...t.hyper,
          ...(sub.trainLimit ? { trainLimit: sub.trainLimit, testLimit: sub.testLimit } : {}),
          seed: t.seed ?? newSeed(),
          ...(isAugmenting(t.augment) ? { augment: { settings: t.augment, where: 'worker' as const } } : {}),
        },
      };
    };

    /** A new run record for a config, named after its network and data ("LeNet-5 · MNIST #3"), counting the runs kept and any made with it. */
    const newRun = (config: TrainConfig, network: RunRecord['network'], status: RunRecord['status'], madeBefore: readonly RunRecord[] = []): RunRecord => {
      const id = newId();
      const same = [...T().runs, ...madeBefore].filter((r) => r.network.name === network.name && runDataName(r.config) === runDataName(config)).length;
      const at = Date.now();
      return {
        id,
        name: `${network.name} · ${runDataName(config)} #${same + 1}`,
        createdAt: at,
        updatedAt: at,
        network,
        config: { ...config, runId: id },
        backend: null,
        status,
        message: null,
        batches: [],
        epochs: [],
        result: null,
        imagesPerSecond: null,
        hasModel: false,
      };
    };

    /** Queues runs as records (named one by one: #1, #2 count the runs before) in one update, then starts the first. */
    const enqueue = async (items: { config: TrainConfig; network: RunRecord['network']; group?: string }[]) => {
      const made: RunRecord[] = [];
      for (const { config, network, group } of items) made.push({ ...newRun(config, network, 'queued', made), ...(group ? { group } : {}) });
      patch({ runs: [...made.slice().reverse(), ...T().runs], queue: [...T().queue, ...made.map((r) => r.id)] });
      if (runRepo) for (const r of made) await runRepo.put(r).catch((e) => patch({ runsNotice: `The run '${r.name}' could not be saved (${errorText(e)}); it is kept in this tab only.` }));
      void next();
    };

    /** Starts the next queued run, if any and nothing trains. */
    const next = async () => {
      if (busy()) return;
      const [id, ...rest] = T().queue;
      if (!id) return;
      patch({ queue: rest });
      const r = runById(id);
      if (r) await run(r, false);
      else await next();
    };

    const run = async (record: RunRecord, resume: boolean, note: string | null = null): Promise<void> => {
      const config = record.config;
      // A queued run may be for other data than the screen shows: the screen follows the run it trains.
      const subset = SUBSETS.find((x) => x.trainLimit === config.trainLimit)?.id ?? 'all';
      patch({
        status: 'starting',
        message: note,
        result: null,
        runConfig: config,
        resumeOffer: null,
        currentRunId: record.id,
        datasetId: config.datasetId,
        subset,
        ...(resume ? {} : { batches: [], epochs: [], tensorsPerEpoch: [], progress: null, checkpointNote: null }),
      });
      await keep({ ...record, status: 'training', updatedAt: Date.now() });
      try {
        await ensureBackend();
        // A run on the user's own examples carries its data: no dataset to load.
        if (!config.own) await ensureData();
        const pretrained = config.transfer && config.transfer.regime !== 'scratch' ? await pretrainedFiles(config.transfer.from) : undefined;
        const { id, done } = client().train(config, resume, onEvent, pretrained);
        runId = id;
        patch({ status: 'training' });
        const { result, model, modelError } = await done;
        flush();
        runId = null;
        recoveries = 0;
        const message =
          result.status === 'diverged' ? result.message : result.status === 'stopped' ? `Stopped after ${result.epochsDone} full epoch${result.epochsDone === 1 ? '' : 's'}.` : note;
        // The record and its network are written before the screen unlocks, so a run started next cannot take them.
        let hasModel = false;
        if (model) {
          try {
            if (runRepo) await runRepo.putModel(record.id, model);
            else inMemory.set(record.id, model);
            hasModel = true;
          } catch (e) {
            patch({ runsNotice: `The trained network of '${record.name}' could not be saved (${errorText(e)}).` });
          }
        } else if (modelError) patch({ runsNotice: `The trained network of '${record.name}' could not be read out of the backend (${modelError}); the run's curves and result are kept.` });
        await keepRun(record.id, { status: result.status, result, message, hasModel });
        patch({ status: result.status, result, message });
        if (result.status === 'completed') await checkpoints.clear().catch(() => undefined);
      } catch (e) {
        flush();
        runId = null;
        const err = e as { crashed?: boolean; deviceLost?: boolean };
        if ((err.crashed || err.deviceLost) && recoveries < 2) {
          recoveries++;
          const saved = await checkpoints.summary().catch(() => null);
          const canResume = !!saved && saved.config.runId === config.runId && saved.config.modelId === config.modelId && saved.config.datasetId === config.datasetId;
          const what = err.deviceLost ? 'The GPU device was lost' : 'The training worker crashed';
          const recovery = `${what} (${errorText(e)}). Training went on in a fresh worker on wasm ${canResume ? `from the checkpoint after epoch ${saved!.epoch}` : 'from the start (there was no checkpoint yet)'}.`;
          patch({ backendStatus: 'idle', backendChoice: 'wasm', dataStatus: 'idle' });
          client().restart('Restarting after a failure');
          // The record as it is now (renamed while training, say), not as it was when the run began.
          return run(runById(record.id) ?? record, canResume, recovery);
        }
        const message = `Training failed: ${errorText(e)}`;
        await keepRun(record.id, { status: 'error', message });
        patch({ status: 'error', message });
      }
      await next();
    };

    /** Reads a saved network's spec: the one open on Build as it is now, else from the database. */
    const savedNetwork = async (key: string): Promise<HeldNetwork | string> => {
      const held = await get().readSaved(key.slice('saved:'.length));
      return typeof held === 'string' ? held : { key, ...held };
    };

    return {
      training: DEFAULT_TRAINING,
      setTrainDataset(id) {
        if (id === T().datasetId) return;
        patch({ datasetId: id, adaptAccepted: false });
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
      async setTrainModel(key) {
        if (!key.startsWith('saved:')) {
          patch({ modelId: key, adaptAccepted: false, message: null });
          return;
        }
        const held = await savedNetwork(key);
        if (typeof held === 'string') patch({ message: `Not chosen: ${held}` });
        else patch({ modelId: key, custom: held, adaptAccepted: false, message: null });
      },
      trainDraft() {
        const d = get().builder.draft;
        if (!d) return;
        const note = busy() ? `A run is training: Queue trains '${d.name}' after it.` : null;
        patch({ modelId: `saved:${d.id}`, custom: { key: `saved:${d.id}`, name: d.name, spec: d.spec }, adaptAccepted: false, message: note });
        get().setView('train');
      },
      acceptAdaptation(accept) {
        patch({ adaptAccepted: accept });
      },
      async refreshTrainNetwork() {
        const key = T().modelId;
        if (!key.startsWith('saved:')) return;
        const held = await savedNetwork(key);
        if (typeof held !== 'string' && T().modelId === key && held.spec !== T().custom?.spec) patch({ custom: held, adaptAccepted: false });
      },
      setTrainHyper(h) {
        patch({ hyper: { ...T().hyper, ...h } });
      },
      setTrainAugment(a) {
        const next = parseAugment({ ...T().augment, ...a });
        if (next) patch({ augment: next });
      },
      setTrainSeed(seed) {
        if (seed === null || (Number.isSafeInteger(seed) && seed >= 0)) patch({ seed });
      },
      async setTrainBackend(choice) {
        patch({ backendChoice: choice, backendStatus: 'idle' });
        if (!busy()) await ensureBackend().catch(() => undefined);
      },
      async startTraining() {
        const c = configNow();
        if (!c.ok) {
          if (!busy()) patch({ status: 'idle' });
          patch({ message: `Not started: ${c.problems.join(' ')}` });
          return;
        }
        if (busy()) {
          const queued = newRun(c.config, c.network, 'queued');
          await keep(queued);
          patch({ queue: [...T().queue, queued.id] });
          return;
        }
        await checkpoints.clear().catch(() => undefined);
        await run(newRun(c.config, c.network, 'training'), false);
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
          custom: zooTrainNetwork(c.modelId) ? T().custom : { key: c.modelId, name: c.modelName, spec: c.spec },
          datasetId: c.datasetId,
          subset,
          ...settingsOf(c),
        });
        // The checkpoint continues its own run where the record survived, else a new record (an older checkpoint).
        const record = runById(c.runId ?? null) ?? { ...newRun(c, { key: c.modelId, name: c.modelName, changes: [] }, 'training'), ...(c.runId ? { id: c.runId } : {}) };
        await run({ ...record, config: { ...c, runId: record.id } }, true);
      },
      async dismissCheckpoint() {
        patch({ resumeOffer: null });
        await checkpoints.clear().catch(() => undefined);
      },
      loadRuns() {
        runsLoad ??= (async () => {
          if (!runRepo) {
            patch({ runsStatus: 'ready', runsNotice: 'This browser offers no database here: runs are kept in this tab only.' });
            return;
          }
          patch({ runsStatus: 'loading' });
          try {
            const { runs, damaged } = await runRepo.list();
            // A run the page was closed on is no longer training; its checkpoint (if any) offers to resume it.
            const live = new Set([T().currentRunId, ...T().queue]);
            const stored: RunRecord[] = [];
            for (const r of runs) {
              const lost = (r.status === 'training' || r.status === 'queued') && !live.has(r.id);
              const fixed = lost ? { ...r, status: 'interrupted' as const } : r;
              if (lost) await runRepo.put(fixed).catch(() => undefined);
              stored.push(fixed);
            }
            // This tab's records are newer than their stored copies.
            const mine = T().runs;
            patch({ runs: [...mine, ...stored.filter((r) => !mine.some((m) => m.id === r.id))], runsStatus: 'ready', runsNotice: damaged.length > 0 ? damaged.join(' ') : null });
          } catch (e) {
            patch({ runsStatus: 'ready', runsNotice: `Saved runs cannot be read (${errorText(e)}); new runs are kept in this tab only.` });
          }
        })();
        return runsLoad;
      },
      async renameRun(id, name) {
        const r = runById(id);
        const clean = name.trim().slice(0, 120);
        if (!r || clean === '' || clean === r.name) return;
        await keep({ ...r, name: clean, updatedAt: Date.now() });
      },
      async deleteRun(id) {
        if (id === T().currentRunId && busy()) return;
        patch({
          runs: T().runs.filter((r) => r.id !== id),
          overlay: T().overlay.filter((o) => o !== id),
          queue: T().queue.filter((q) => q !== id),
          ...(T().currentRunId === id ? { currentRunId: null } : {}),
        });
        inMemory.delete(id);
        await get().forgetRunModel(id);
        // Its checkpoint would offer to resume a run that is gone.
        const saved = await checkpoints.summary().catch(() => null);
        if (saved?.config.runId === id) await checkpoints.clear().catch(() => undefined);
        try {
          await runRepo?.delete(id);
        } catch (e) {
          patch({ runsNotice: `The run could not be deleted from storage (${errorText(e)}).` });
        }
      },
      duplicateRun(id) {
        const r = runById(id);
        if (!r) return;
        const c = r.config;
        if (repeatsAsItWas(c)) {
          // A transfer run is its backbone, task (or examples), regime and seed; a Depth grid's run is its step
          // budget and group. The Train screen holds none of those, so the run is queued again as it was, and starts
          // from the same weights on the same sample.
          const { runId: _old, ...again } = c;
          void enqueue([{ config: again, network: r.network, ...(r.group ? { group: r.group } : {}) }]);
          patch({
            message: c.transfer
              ? `'${r.name}' is queued again with the same backbone, data, settings and seed ${c.seed ?? ''}.`
              : `'${r.name}' is queued again as it was: the same network, data, settings, ${c.maxSteps!.toLocaleString('en-US')} steps and seed ${c.seed ?? ''}.`,
          });
          return;
        }
        const key = zooTrainNetwork(r.network.key) && r.network.changes.length === 0 ? r.network.key : `run:${r.id}`;
        patch({
          modelId: key,
          custom: key === r.network.key ? T().custom : { key, name: r.network.name, spec: c.spec, changes: r.network.changes },
          adaptAccepted: false,
          seed: c.seed ?? null,
          datasetId: c.datasetId,
          subset: SUBSETS.find((s) => s.trainLimit === c.trainLimit)?.id ?? 'all',
          ...settingsOf(c),
          message: `The settings of '${r.name}' are on the screen, its seed ${c.seed ?? '(none recorded)'} included: change what you want to compare, then Start.`,
        });
        void get().loadTrainData();
      },
      toggleOverlay(id) {
        const o = T().overlay;
        patch({ overlay: o.includes(id) ? o.filter((x) => x !== id) : [...o, id] });
      },
      setOverlayX(x) {
        patch({ overlayX: x });
      },
      async queueRuns(plans) {
        // Every run is checked before any is queued: a grid runs whole or not at all.
        const configs: { q: QueuedRun; config: TrainConfig }[] = [];
        for (const q of plans) {
          const sub = SUBSETS.find((x) => x.id === q.subset);
          if (!sub || !(q.datasetId in DATASETS)) return `${q.network.name} cannot run: unknown data ${q.datasetId}/${q.subset}.`;
          if (q.maxSteps !== undefined && !(Number.isSafeInteger(q.maxSteps) && q.maxSteps > 0)) return `${q.network.name} cannot run: the step budget must be a whole number above 0.`;
          if (!(Number.isSafeInteger(q.seed) && q.seed >= 0)) return `${q.network.name} cannot run: the seed must be a whole number from 0.`;
          const plan = planTraining({ name: q.network.name, spec: q.spec }, q.datasetId, q.hyper.batchSize, q.hyper.optimizer, budget, true);
          if (!plan.ok) return `${q.network.name} cannot run: ${plan.problems.join(' ')}`;
          configs.push({
            q,
            config: {
              modelId: q.network.key,
              modelName: q.network.name,
              spec: plan.spec,
              datasetId: q.datasetId,
              adaptation: plan.adaptation,
              ...q.hyper,
              ...(sub.trainLimit ? { trainLimit: sub.trainLimit, testLimit: sub.testLimit } : {}),
              seed: q.seed,
              ...(q.maxSteps !== undefined ? { maxSteps: q.maxSteps } : {}),
            },
          });
        }
        await enqueue(configs.map(({ q, config }) => ({ config, network: q.network, ...(q.group ? { group: q.group } : {}) })));
        return null;
      },
      async queueTransferRuns(runs, group) {
        const planned = [];
        for (const r of runs) {
          const p = planTransfer(r.transfer, r.recipe, budget, r.own);
          if (!p.ok) return p.problem;
          planned.push({ config: p.config, network: p.network, group });
        }
        await enqueue(planned);
        return null;
      },
      async cancelQueued() {
        const ids = T().queue;
        patch({ queue: [] });
        for (const id of ids) {
          const r = runById(id);
          if (r) await keep({ ...r, status: 'stopped', message: 'Cancelled before it started.', updatedAt: Date.now() });
        }
      },
      async runModel(id) {
        const held = inMemory.get(id);
        if (held) return held;
        if (!runRepo) return null;
        try {
          return (await runRepo.getModel(id)) ?? null;
        } catch {
          return null;
        }
      },
    };
  };
}
