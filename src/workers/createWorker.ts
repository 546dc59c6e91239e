/** Creates the training worker and its client; Vite bundles the module worker from this URL. */
import { TrainingClient, type WorkerLike } from './client';

/** A client owning a fresh module worker (started on its first request). */
export function createTrainingClient(): TrainingClient {
  return new TrainingClient(() => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-training' }) as unknown as WorkerLike);
}

export { TrainingClient, WorkerError } from './client';
export type * from './protocol';
export { checkpointSummary, clearCheckpoint, type CheckpointSummary } from './checkpoints';
