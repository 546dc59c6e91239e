/** Creates the training worker and its client; Vite bundles the module worker from this URL. */
import { PredictClient, TrainingClient, type WorkerLike } from './client';
import type { PredictFromWorker, PredictToWorker } from './predictProtocol';

/** A client owning a fresh module worker (started on its first request). */
export function createTrainingClient(): TrainingClient {
  return new TrainingClient(() => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-training' }) as unknown as WorkerLike);
}

/** A client owning a fresh prediction worker (its own TF.js backend and models). */
export function createPredictClient(): PredictClient {
  return new PredictClient(() => new Worker(new URL('./predict.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-predict' }) as unknown as WorkerLike<PredictToWorker, PredictFromWorker>);
}

export { PredictClient, TrainingClient, WorkerError } from './client';
export type * from './predictProtocol';
export type * from './protocol';
export { checkpointSummary, clearCheckpoint, type CheckpointSummary } from './checkpoints';
