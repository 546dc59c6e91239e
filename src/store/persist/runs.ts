/**
 * Training runs in IndexedDB: one record per run (its config with the spec, curves, result) in `runs`, and the
 * trained network's files in `models`, so listing runs never reads their weights. Records are checked when read: a
 * damaged one is reported and skipped, never shown half.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseAugment } from '../../data/augment/pipeline';
import { DATASETS } from '../../data/datasets';
import { isTransferConfig, type TransferConfig } from '../../training/transfer';
import { isOwnExamples } from '../../data/tasks';
import type { BatchPoint, EpochPoint, TrainConfig, TrainedModel, TrainResult } from '../../workers/protocol';

/** Where a run stands; 'interrupted' is a run the page was closed on (its checkpoint may resume it). */
export type RunRecordStatus = 'queued' | 'training' | 'completed' | 'stopped' | 'diverged' | 'error' | 'interrupted';

/** Where the run's network came from, and what was changed to fit the data. */
export interface RunNetwork {
  /** The Train screen's key: a zoo id, or 'saved:<id>' for a network from Build. */
  key: string;
  name: string;
  /** The head/input changes the user accepted ("fc: 1000 units -> 10"), empty when none. */
  changes: string[];
}

/** A run as kept: everything needed to list it, overlay its curves, diff its settings and repeat it. */
export interface RunRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  network: RunNetwork;
  /** The exact run: spec (as trained), dataset and subset, hyper-parameters, seed. */
  config: TrainConfig;
  /** The backend it trained on ("wasm"), once known. */
  backend: string | null;
  status: RunRecordStatus;
  message: string | null;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  result: TrainResult | null;
  /** Training images per second over the run (the last progress report), null before the first batch. */
  imagesPerSecond: number | null;
  /** Whether `models` holds its trained network. */
  hasModel: boolean;
  /** The experiment it belongs to ('depth:<time>'), so a screen can draw its runs together. */
  group?: string;
}

/** The storage the training slice needs for runs (IndexedDB in the app, fake-indexeddb in Node tests). */
export interface RunRepo {
  /** Every readable run, newest first, and a message per damaged record skipped. */
  list(): Promise<{ runs: RunRecord[]; damaged: string[] }>;
  put(run: RunRecord): Promise<void>;
  putModel(runId: string, model: TrainedModel): Promise<void>;
  getModel(runId: string): Promise<TrainedModel | undefined>;
  /** Deletes the run and its model. */
  delete(runId: string): Promise<void>;
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { createdAt: number } };
  models: { key: string; value: TrainedModel & { runId: string } };
}

const RUNS_DB = 'convatlas-runs';

const STATUSES: readonly RunRecordStatus[] = ['queued', 'training', 'completed', 'stopped', 'diverged', 'error', 'interrupted'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a stored value is a run the screens can show: every field they read is there and of its type. */
function isRecord(r: unknown): r is RunRecord {
  if (!isObject(r) || typeof r.id !== 'string' || typeof r.name !== 'string' || typeof r.createdAt !== 'number') return false;
  const c = r.config;
  const n = r.network;
  const res = r.result;
  return (
    isObject(c) &&
    typeof c.datasetId === 'string' &&
    c.datasetId in DATASETS &&
    isObject(c.spec) &&
    Array.isArray(c.spec.nodes) &&
    (c.transfer === undefined || (isTransferConfig(c.transfer) && transferFits(c.transfer, c.own, c.spec.nodes))) &&
    (c.own === undefined || isOwnExamples(c.own)) &&
    (c.augment === undefined || (isObject(c.augment) && (c.augment.where === 'worker' || c.augment.where === 'thread') && parseAugment(c.augment.settings) !== null)) &&
    isObject(n) &&
    typeof n.name === 'string' &&
    typeof n.key === 'string' &&
    Array.isArray(n.changes) &&
    STATUSES.includes(r.status as RunRecordStatus) &&
    Array.isArray(r.batches) &&
    r.batches.every((b) => isObject(b) && typeof b.step === 'number' && typeof b.loss === 'number' && typeof b.accuracy === 'number') &&
    Array.isArray(r.epochs) &&
    (res === null || (isObject(res) && (res.test === null || (isObject(res.test) && typeof res.test.accuracy === 'number')))) &&
    typeof r.hasModel === 'boolean' &&
    (r.group === undefined || typeof r.group === 'string')
  );
}

/** A transfer config goes with its run: examples exactly when its task is 'own', a cut the trained spec has. */
function transferFits(t: TransferConfig, own: unknown, nodes: unknown[]): boolean {
  return (t.task === 'own') === (own !== undefined) && (t.cut === undefined || nodes.some((n) => isObject(n) && n.id === t.cut));
}

/** A readable record with its augmentation settings as parseAugment has them (every key, each in its range). */
function withCleanAugment(r: RunRecord): RunRecord {
  const a = r.config.augment;
  return a ? { ...r, config: { ...r.config, augment: { ...a, settings: parseAugment(a.settings)! } } } : r;
}

/** Opens (creating) the runs database lazily; a failed open is retried on the next call. */
export function openRunRepo(name = RUNS_DB): RunRepo {
  let dbp: Promise<IDBPDatabase<RunsDb>> | null = null;
  const db = () => {
    if (!dbp) {
      dbp = openDB<RunsDb>(name, 1, {
        upgrade(d) {
          d.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
          d.createObjectStore('models', { keyPath: 'runId' });
        },
      });
      dbp.catch(() => {
        dbp = null;
      });
    }
    return dbp;
  };
  return {
    async list() {
      const all: unknown[] = await (await db()).getAllFromIndex('runs', 'createdAt');
      const runs: RunRecord[] = [];
      const damaged: string[] = [];
      for (const r of all.reverse()) {
        if (isRecord(r)) runs.push(withCleanAugment(r));
        else damaged.push(`A saved run (${String((r as { id?: unknown })?.id ?? 'no id').slice(0, 40)}) is damaged and was skipped.`);
      }
      return { runs, damaged };
    },
    async put(run) {
      await (await db()).put('runs', run);
    },
    async putModel(runId, model) {
      await (await db()).put('models', { ...model, runId });
    },
    async getModel(runId) {
      const m = await (await db()).get('models', runId);
      if (!m) return undefined;
      const { runId: _drop, ...model } = m;
      void _drop;
      return model;
    },
    async delete(runId) {
      const tx = (await db()).transaction(['runs', 'models'], 'readwrite');
      await Promise.all([tx.objectStore('runs').delete(runId), tx.objectStore('models').delete(runId), tx.done]);
    },
  };
}
