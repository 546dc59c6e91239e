/**
 * Migrations of stored and shared specs, by version: MIGRATIONS[v] turns a version-v document into version v+1.
 * A document from a newer app is refused with a message, never guessed at.
 */
import { SCHEMA_VERSION } from '../spec';

type Doc = Record<string, unknown>;

/**
 * Version 0: specs written before the field existed (no `schemaVersion`), which called the node list `layers`
 * and allowed a single `output` string. Version 1 names them `nodes` and `outputs`.
 */
export const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {
  0: (doc) => {
    const { layers, output, ...rest } = doc;
    const out: Doc = { ...rest, schemaVersion: 1 };
    if (out.nodes === undefined && layers !== undefined) out.nodes = layers;
    if (out.outputs === undefined && output !== undefined) out.outputs = typeof output === 'string' ? [output] : output;
    if (out.name === undefined) out.name = 'Imported network';
    return out;
  },
  /** Version 2 lets a layer say `trainable: false` (frozen); every version-1 layer was trainable, so nothing changes. */
  1: (doc) => ({ ...doc, schemaVersion: 2 }),
};

const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Brings a document to SCHEMA_VERSION; never throws. */
export function migrate(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!isDoc(raw)) return { ok: false, error: `Not a valid network: expected a JSON object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}.` };
  const v = raw.schemaVersion;
  if (v === undefined) return migrateFrom(0, raw);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { ok: false, error: `Not a valid network: schemaVersion must be a whole number, got ${JSON.stringify(v)?.slice(0, 40) ?? String(v)}.` };
  if (v > SCHEMA_VERSION) return { ok: false, error: `This network was saved by a newer ConvAtlas (schema version ${v}); this one reads up to version ${SCHEMA_VERSION}.` };
  return migrateFrom(v, raw);
}

function migrateFrom(version: number, raw: Doc): { ok: true; value: unknown } {
  let doc = raw;
  for (let v = version; v < SCHEMA_VERSION; v++) doc = MIGRATIONS[v]!(doc);
  return { ok: true, value: doc };
}
