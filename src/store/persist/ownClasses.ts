/**
 * The user's own classes in IndexedDB, so that a reload keeps what they drew, dropped and photographed: one record,
 * the classes with their examples (the 28x28 images, a few KiB each). A stored value that is not such a list is
 * reported, not shown half.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { OwnClass } from '../ownClassesSlice';

/** The storage the own-classes slice needs (IndexedDB in the app, fake-indexeddb in Node tests). */
export interface OwnClassesRepo {
  /** The kept classes, null when none were kept, or an error sentence when the record is damaged. */
  load(): Promise<OwnClass[] | null | { error: string }>;
  save(classes: OwnClass[]): Promise<void>;
}

const isBytes = (v: unknown) => v instanceof Uint8Array && v.length === 784;

/** Whether a stored value is a list of classes with examples the panel can show. */
export function isOwnClassList(v: unknown): v is OwnClass[] {
  return (
    Array.isArray(v) &&
    v.every(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        typeof c.id === 'string' &&
        typeof c.name === 'string' &&
        Array.isArray(c.examples) &&
        c.examples.every((e: unknown) => {
          const x = e as Record<string, unknown> | null;
          return !!x && typeof x.id === 'string' && (x.source === 'pad' || x.source === 'file' || x.source === 'camera') && isBytes(x.mnist) && isBytes(x.fashion);
        }),
    )
  );
}

/** Opens (creating) the database lazily; a failed open is retried on the next call. */
export function openOwnClassesRepo(name = 'convatlas-own-classes'): OwnClassesRepo {
  let dbp: Promise<IDBPDatabase> | null = null;
  const db = () => {
    dbp ??= openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore('classes');
      },
    });
    dbp.catch(() => (dbp = null));
    return dbp;
  };
  return {
    async load() {
      const v: unknown = await (await db()).get('classes', 'all');
      if (v === undefined) return null;
      return isOwnClassList(v) ? v : { error: 'Your saved classes are damaged and could not be read; the panel starts afresh.' };
    },
    async save(classes) {
      await (await db()).put('classes', classes, 'all');
    },
  };
}
