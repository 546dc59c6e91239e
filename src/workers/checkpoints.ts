/**
 * Checkpoints in IndexedDB (one per app, the latest run's): written by the worker after each epoch, read by the
 * app after a reload to offer to resume. Weights are stored as Float32Arrays (structured clone, no JSON).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { TrainConfig } from './protocol';
import type { Checkpoint } from '../training/trainer';

const DB = 'convatlas-training';
const STORE = 'checkpoints';
const KEY = 'latest';

let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  });
  return db;
}

/** Saves a checkpoint as the latest one (replacing the previous run's). */
export async function saveCheckpoint(c: Checkpoint): Promise<void> {
  await (await open()).put(STORE, c, KEY);
}

/** The latest checkpoint, or null when there is none or it cannot be read. */
export async function loadCheckpoint(): Promise<Checkpoint | null> {
  try {
    const c = (await (await open()).get(STORE, KEY)) as Checkpoint | undefined;
    return c && typeof c.epoch === 'number' && Array.isArray(c.weights) ? c : null;
  } catch {
    return null;
  }
}

/** A short description of the latest checkpoint for the resume offer, without its weights. */
export interface CheckpointSummary {
  config: TrainConfig;
  epoch: number;
  epochs: number;
  step: number;
  savedAt: number;
}

/** Reads the latest checkpoint's summary, or null. */
export async function checkpointSummary(): Promise<CheckpointSummary | null> {
  const c = await loadCheckpoint();
  if (!c) return null;
  return { config: c.config, epoch: c.epoch, epochs: c.config.epochs, step: c.step, savedAt: c.savedAt };
}

/** Forgets the latest checkpoint (the user declined to resume, or the run completed). */
export async function clearCheckpoint(): Promise<void> {
  await (await open()).delete(STORE, KEY);
}
