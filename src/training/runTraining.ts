/**
 * One training run from description to events: a config and a batch source (the loaded images) in, the protocol's
 * events out (resumed, batch, epoch, trained with the network's files). The worker posts these events; tests and
 * the CLI receive them in-process. No DOM, no store.
 */
import type { ImageSet } from '../data/idx';
import { serializeModel } from '../models/tfjs/export';
import type { FromWorker, TrainConfig, TrainedModel } from '../workers/protocol';
import { type Checkpoint, type TrainControl, Trainer } from './trainer';

/** The images a run trains and tests on (in memory today; cached features or an augmentation stream next). */
export interface BatchSource {
  train: ImageSet;
  test: ImageSet;
  classes: number;
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
export async function runTraining(requestId: number, config: TrainConfig, resume: boolean, source: BatchSource, control: TrainControl, emit: RunEmit, checkpoints: CheckpointStore): Promise<void> {
  const trainer = new Trainer(config, source.train, source.test, source.classes);
  try {
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
      onBatch: (point, batchInEpoch, batchesPerEpoch, imagesPerSecond, elapsedMs) => emit({ type: 'batch', requestId, point, batchInEpoch, batchesPerEpoch, imagesPerSecond, elapsedMs }),
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
    });
    const files = model as TrainedModel | null;
    emit({ type: 'trained', requestId, result, model: files, modelError }, files ? [files.weights] : []);
  } finally {
    trainer.dispose();
  }
}
