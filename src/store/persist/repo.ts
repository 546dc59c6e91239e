/**
 * Saved networks in IndexedDB (through the small `idb` wrapper): one record per network, plus a `meta` store
 * remembering which one was open. Every stored spec is validated again when read, so a damaged record is
 * reported and skipped, never opened.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NetworkSpec } from '../../models';

/** A saved network: the spec plus what the library lists. */
export interface SavedNetwork {
  id: string;
  name: string;
  spec: NetworkSpec;
  createdAt: number;
  updatedAt: number;
}

/** What the library lists without loading every spec's layers into the UI. */
export interface SavedMeta {
  id: string;
  name: string;
  layers: number;
  updatedAt: number;
}

interface AtlasDb extends DBSchema {
  networks: { key: string; value: SavedNetwork; indexes: { updatedAt: number } };
  meta: { key: string; value: { key: string; value: string } };
}

/** The storage the builder needs: IndexedDB in the app and, through fake-indexeddb, in Node tests. */
export interface NetworkRepo {
  list(): Promise<SavedMeta[]>;
  get(id: string): Promise<SavedNetwork | { error: string } | undefined>;
  put(doc: SavedNetwork): Promise<void>;
  delete(id: string): Promise<void>;
  getLastOpen(): Promise<string | undefined>;
  setLastOpen(id: string | null): Promise<void>;
}

export const DB_NAME = 'convatlas';
const DB_VERSION = 1;

/** Opens (creating or upgrading) the database lazily, on first use; a failed open is retried on the next call. */
export function openNetworkRepo(name = DB_NAME): NetworkRepo {
  let dbp: Promise<IDBPDatabase<AtlasDb>> | null = null;
  const db = () => {
    if (!dbp) {
      dbp = openDB<AtlasDb>(name, DB_VERSION, {
        upgrade(d) {
          const s = d.createObjectStore('networks', { keyPath: 'id' });
          s.createIndex('updatedAt', 'updatedAt');
          d.createObjectStore('meta', { keyPath: 'key' });
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
      const all = await (await db()).getAllFromIndex('networks', 'updatedAt');
      return all
        .reverse()
        .map((d) => ({ id: String(d.id), name: typeof d.name === 'string' ? d.name : 'Untitled', layers: Array.isArray(d.spec?.nodes) ? d.spec.nodes.length : 0, updatedAt: Number(d.updatedAt) || 0 }));
    },
    async get(id) {
      const d = await (await db()).get('networks', id);
      if (!d) return undefined;
      const { parseSpec } = await import('../../models/schema');
      const r = parseSpec(d.spec);
      if (!r.ok) return { error: `The saved network '${String(d.name).slice(0, 60)}' is damaged and was not opened: ${r.error}` };
      return { ...d, spec: r.spec };
    },
    async put(doc) {
      await (await db()).put('networks', doc);
    },
    async delete(id) {
      await (await db()).delete('networks', id);
    },
    async getLastOpen() {
      return (await (await db()).get('meta', 'lastOpen'))?.value;
    },
    async setLastOpen(id) {
      const d = await db();
      if (id === null) await d.delete('meta', 'lastOpen');
      else await d.put('meta', { key: 'lastOpen', value: id });
    },
  };
}
