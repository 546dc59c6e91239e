/**
 * What the command-line tools share about naming a network: a zoo id (with a did-you-mean hint) or a network file (a
 * ConvAtlas spec or a Keras/TF.js layers-format model.json), read through the command's io and validated; and how
 * user text is quoted so that every message stays one line. Pure: file access only through the `read` passed in.
 */
import { zooEntry, ZOO, type NetworkSpec, type ZooEntry } from '../models';
import { importKerasModel, isKerasModelJson } from '../models/import/keras';
import { parseJsonText, parseSpec } from '../models/schema';

/** A mistake in the command line or in a file it names: reported as one stderr line with exit code 2. */
export class UsageError extends Error {}

/** What the output says about the network: a zoo entry, or a file's name and the spec's name. */
export type Named = Pick<ZooEntry, 'id' | 'name'>;

/** A network file, read and validated: the spec, and the parsed model.json when the file is one (it may name weights). */
export interface NetworkFile {
  entry: Named;
  spec: NetworkSpec;
  modelJson: { text: string; value: unknown } | null;
}

/** Reads a network file through `read`; every failure is a UsageError naming the file and what is wrong. */
export function loadNetworkFile(path: string, read: (path: string) => string): NetworkFile {
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    throw new UsageError(`cannot read ${quote(path)}: ${fsReason(e)}`);
  }
  const j = parseJsonText(text);
  if (!j.ok) throw new UsageError(`${quote(path)}: ${oneLine(j.error)}`);
  const keras = isKerasModelJson(j.value);
  const r = keras ? importKerasModel(j.value) : parseSpec(j.value);
  if (!r.ok) throw new UsageError(`${quote(path)}: ${oneLine(r.error)}`);
  const base = path.split(/[\\/]/).pop() ?? path;
  return { entry: { id: base, name: r.spec.name || base }, spec: r.spec, modelJson: keras ? { text, value: j.value } : null };
}

/** A zoo entry by id; an unknown id is a UsageError with the nearest id as a hint, and `listHint` (how to list them). */
export function zooOrThrow(id: string, listHint: string): ZooEntry {
  const found = zooEntry(id);
  if (found) return found;
  const near = closestId(id);
  const hint = near ? ` (did you mean '${near}'?)` : '';
  throw new UsageError(`unknown network ${quote(id)}${hint}; ${listHint}`);
}

/** A file-system error as a few words: 'no such file', 'it is a folder', 'permission denied', or its message. */
export function fsReason(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  const known: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a folder', ENOTDIR: 'a part of the path is a file', EACCES: 'permission denied', EROFS: 'read-only file system', ENOSPC: 'the disk is full' };
  return (code && known[code]) ?? errorLine(e);
}

/** The zoo id nearest to a mistyped one (edit distance at most 2, or a case-only difference). */
function closestId(id: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const z of ZOO) {
    const d = z.id === id.toLowerCase() ? 0 : editDistance(id.toLowerCase(), z.id);
    if (d < bestD) {
      best = z.id;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Quotes user text for a one-line message: control characters escaped, long text cut. */
export function quote(s: string): string {
  const cut = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** An error's message (or the thrown value) on one line. */
export function errorLine(e: unknown): string {
  return oneLine(e instanceof Error ? e.message : String(e));
}

/** Text on one line: line breaks and the spaces around them become one space. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}
