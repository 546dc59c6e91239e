/** Creates the training worker and its client; Vite bundles the module worker from this URL. */
import { PredictClient, TrainingClient, type WorkerLike } from './client';
import type { PredictFromWorker, PredictToWorker } from './predictProtocol';
import { LayoutClient } from './layoutClient';
import type { LayoutFromWorker, LayoutToWorker } from './layoutProtocol';

/** A client owning a fresh module worker (started on its first request). */
export function createTrainingClient(): TrainingClient {
  return new TrainingClient(() => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-training' }) as unknown as WorkerLike);
}

/** A client owning a fresh prediction worker (its own TF.js backend and models). */
export function createPredictClient(): PredictClient {
  return new PredictClient(() => new Worker(new URL('./predict.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-predict' }) as unknown as WorkerLike<PredictToWorker, PredictFromWorker>);
}

/** A client owning a fresh layout worker (the architecture diagram's dagre layout, off the main thread). */
export function createLayoutClient(): LayoutClient {
  return new LayoutClient(() => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-layout' }) as unknown as WorkerLike<LayoutToWorker, LayoutFromWorker>);
}

export { PredictClient, TrainingClient, WorkerError } from './client';
export type * from './predictProtocol';
export type * from './protocol';
export { checkpointSummary, clearCheckpoint, type CheckpointSummary } from './checkpoints';
