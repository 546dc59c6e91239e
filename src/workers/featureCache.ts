/**
 * Frozen features in IndexedDB, for the training worker: a transfer run with the frozen regime computes its
 * backbone's output once and keeps it here, keyed by model, cut and exactly which images (Trainer.featureKey), so
 * the next run on the same data (another seed of the head, a kNN head) reads it instead of running the backbone.
 * The most recent MAX_ENTRIES sets are kept; older ones are dropped when a new one is stored.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { FeatureCache } from '../training/transferModels';

const DB = 'convatlas-features';
const STORE = 'features';
/** Feature sets kept (a train and a test set per model, cut and sample). */
export const MAX_ENTRIES = 16;

interface Entry {
  key: string;
  data: Float32Array;
  at: number;
}

let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'key' }).createIndex('at', 'at');
    },
  });
  db.catch(() => (db = null));
  return db;
}

/** The worker's feature cache: reads and writes fail soft (a run without the cache computes its features). */
export const indexedDbFeatureCache: FeatureCache = {
  async get(key) {
    const d = await open();
    const e = (await d.get(STORE, key)) as Entry | undefined;
    if (!e) return null;
    await d.put(STORE, { ...e, at: Date.now() });
    return e.data;
  },
  async put(key, data) {
    const d = await open();
    await d.put(STORE, { key, data, at: Date.now() } satisfies Entry);
    const keys = (await d.getAllKeysFromIndex(STORE, 'at')) as string[];
    // Oldest first: drop all but the newest MAX_ENTRIES.
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) await d.delete(STORE, k);
  },
};
