/**
 * Frozen features in IndexedDB, for the training worker: a transfer run with the frozen regime computes its
 * backbone's output once and keeps it here, keyed by model, cut and exactly which images (Trainer.featureKey), so
 * the next run on the same data (another seed of the head, a kNN head) reads it instead of running the backbone.
 * The most recent MAX_ENTRIES sets are kept; older ones are dropped when a new one is stored.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { FeatureCache } from '../training/transferModels';

const DB = 'convatlas-features';
/** The feature sets by key, and apart from them when each was last used (so a read does not rewrite a set). */
const FEATURES = 'features';
const USED = 'used';
/** Feature sets kept (a train and a test set per model, cut and sample). */
export const MAX_ENTRIES = 16;

let db: Promise<IDBPDatabase> | null = null;
let lastUse = 0;

/** A use time later than every one before it in this worker, so two uses in one millisecond still have an order. */
function stampNow(): number {
  lastUse = Math.max(Date.now(), lastUse + 1);
  return lastUse;
}

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 2, {
    upgrade(d) {
      // Version 1 kept the use time inside each set: it is dropped (a cache), and both stores start empty.
      for (const name of [...d.objectStoreNames]) d.deleteObjectStore(name);
      d.createObjectStore(FEATURES);
      d.createObjectStore(USED);
    },
  });
  db.catch(() => (db = null));
  return db;
}

/** The worker's feature cache: reads and writes fail soft (a run without the cache computes its features). */
export const indexedDbFeatureCache: FeatureCache = {
  async get(key) {
    const d = await open();
    const data = (await d.get(FEATURES, key)) as Float32Array | undefined;
    if (!data) return null;
    await d.put(USED, stampNow(), key);
    return data;
  },
  async put(key, data) {
    const d = await open();
    const tx = d.transaction([FEATURES, USED], 'readwrite');
    await Promise.all([tx.objectStore(FEATURES).put(data, key), tx.objectStore(USED).put(stampNow(), key), tx.done]);
    // Drop all but the MAX_ENTRIES most recently used.
    const used = d.transaction(USED, 'readonly').objectStore(USED);
    const [keys, times] = await Promise.all([used.getAllKeys(), used.getAll()]);
    const old = keys.map((k, i) => ({ k, at: times[i] as number })).sort((a, b) => b.at - a.at).slice(MAX_ENTRIES);
    if (old.length === 0) return;
    const del = d.transaction([FEATURES, USED], 'readwrite');
    await Promise.all([...old.flatMap(({ k }) => [del.objectStore(FEATURES).delete(k), del.objectStore(USED).delete(k)]), del.done]);
  },
};
