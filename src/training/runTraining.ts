/**
 * One training run from description to events: a config and a batch source (the loaded images) in, the protocol's
 * events out (resumed, batch, epoch, trained with the network's files). The worker posts these events; tests and
 * the CLI receive them in-process. No DOM, no store.
 */
import { type BatchFeed, inThreadFeed, type ProducerSetup } from '../data/augment/stream';
import type { ImageSet } from '../data/idx';
import { ownData, taskData } from '../data/tasks';
import { serializeModel } from '../models/tfjs/export';
import type { FromWorker, TrainConfig, TrainedModel } from '../workers/protocol';
import { type Checkpoint, type TrainControl, Trainer, type TrainStart } from './trainer';

/** The images a run trains and tests on, and (in the browser) a second worker that augments its batches. */
export interface BatchSource {
  train: ImageSet;
  test: ImageSet;
  classes: number;
  /** Starts a producer of augmented batches off this thread; absent (Node), augmentation runs in the loop's thread. */
  augmenter?: (setup: ProducerSetup) => BatchFeed;
}

/** The images a config trains on from the dataset loaded: a transfer run's task sample, else all of it. */
export function configData(config: TrainConfig, train: ImageSet, test: ImageSet, classes: number): { train: ImageSet; test: ImageSet; classes: number } {
  const t = config.transfer;
  if (config.own) return ownData(config.own, config.seed ?? 0);
  // A transfer run trains on its task's classes, N labelled images of each drawn with the run's seed.
  return t && t.task !== 'own' ? taskData(train, test, t.task, t.perClass, config.seed ?? 0) : { train, test, classes };
}

/** Batches per run the augmentation worker may make ahead of training. */
export const AUGMENT_QUEUE = 4;

/** The feed a config asks for: none without augmentation, else the augmentation worker or the loop's own thread. */
export function feedFor(config: TrainConfig, source: BatchSource): BatchFeed | null {
  const a = config.augment;
  if (!a) return null;
  const setup = { images: source.train.images, shape: source.train.shape, count: source.train.count, adaptation: config.adaptation, settings: a.settings, seed: config.seed ?? 0, capacity: AUGMENT_QUEUE };
  return a.where === 'worker' && source.augmenter ? source.augmenter(setup) : inThreadFeed(setup);
}

/** Where checkpoints go (IndexedDB in the worker). */
export interface CheckpointStore {
  load(): Promise<Checkpoint | null>;
  save(c: Checkpoint): Promise<void>;
}

/** The events of one run, addressed to a request; the transfer list holds buffers that may move, not copy. */
export type RunEmit = (m: FromWorker, transfer?: Transferable[]) => void;

/** The trainer's network as TF.js files, marked trained, with the spec-id to layer-name map the PyTorch export needs. */
async function trainedModel(trainer: Trainer): Promise<TrainedModel> {
  const c = trainer.config;
  const files = await serializeModel(trainer.model, 'model', { trained: true, dataset: c.datasetId, steps: trainer.step, ...(c.runId ? { run: c.runId } : {}) });
  return { modelJson: files.modelJson, weights: files.weights, weightsFileName: files.weightsFileName, layerNames: Object.fromEntries(trainer.layerNames) };
}

/**
 * Trains `config` on `source` (continuing the stored checkpoint when `resume`), checkpointing after each epoch;
 * emits every event under `requestId` and ends with 'trained'. Throws what the trainer throws; the trainer is
 * disposed either way.
 */
export async function runTraining(
  requestId: number,
  config: TrainConfig,
  resume: boolean,
  source: BatchSource,
  control: TrainControl,
  emit: RunEmit,
  checkpoints: CheckpointStore,
  start: TrainStart = {},
): Promise<void> {
  const trainer = new Trainer(config, source.train, source.test, source.classes, start);
  let feed: BatchFeed | null = null;
  try {
    await trainer.prepare();
    const t = config.transfer;
    if (t?.head === 'knn') {
      // Nothing trains: the head is the training images' features themselves.
      const result = { status: 'completed' as const, message: null, epochsDone: 0, test: trainer.knnTest(t.k ?? 5), ...(trainer.featureReport ? { features: trainer.featureReport } : {}) };
      // A kNN head is its training images' features, not a network: no files, and that is no error.
      emit({ type: 'trained', requestId, result, model: null, modelError: null });
      return;
    }
    feed = feedFor(config, source);
    if (resume) {
      const c = await checkpoints.load();
      if (!c) throw new Error('There is no checkpoint to resume from');
      await trainer.restore(c);
      emit({ type: 'resumed', requestId, epoch: c.epoch, step: c.step, batches: c.batches, epochs: c.epochs });
    }
    let checkpointError: string | null = null;
    let model: TrainedModel | null = null;
    let modelError: string | null = null;
    const result = await trainer.run(control, {
      onBatch: (point, batchInEpoch, batchesPerEpoch, imagesPerSecond, elapsedMs, feedStats) => emit({ type: 'batch', requestId, point, batchInEpoch, batchesPerEpoch, imagesPerSecond, elapsedMs, feed: feedStats }),
      onCheckpoint: async (c) => {
        checkpointError = null;
        try {
          await checkpoints.save(c);
        } catch (e) {
          checkpointError = e instanceof Error ? e.message : String(e);
        }
      },
      onEpoch: (point, numTensors) => emit({ type: 'epoch', requestId, point, numTensors, checkpointSaved: checkpointError === null, checkpointError }),
      onTrained: async () => {
        if (trainer.step === 0) return;
        // A network that cannot be read out still leaves the run's result and curves.
        try {
          model = await trainedModel(trainer);
        } catch (e) {
          modelError = e instanceof Error ? e.message : String(e);
        }
      },
    }, feed);
    const files = model as TrainedModel | null;
    emit({ type: 'trained', requestId, result, model: files, modelError }, files ? [files.weights] : []);
  } finally {
    feed?.close();
    trainer.dispose();
  }
}
