/**
 * Loading a dataset's IDX files over HTTP, off the main thread (the training worker calls this): streamed, with
 * progress, gunzipped with DecompressionStream where needed, and read only as far as a subset needs.
 */
import { DATASETS, type DatasetFiles, type DatasetId } from './datasets';
import { imageSet, parseIdx, type ImageSet } from './idx';

export interface LoadProgress {
  /** Bytes read so far (after decompression) over all files, and the bytes needed in all. */
  loaded: number;
  total: number;
}

export interface LoadedDataset {
  id: DatasetId;
  train: ImageSet;
  test: ImageSet;
}

export interface LoadOptions {
  /** Read at most this many training / test examples (a prefix of each file). */
  trainLimit?: number;
  testLimit?: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  fetcher?: typeof fetch;
}

/**
 * Gunzips a body that starts with the gzip magic bytes; passes it through otherwise (a server that sends a .gz
 * file with `Content-Encoding: gzip` has the browser decompress it already).
 */
async function gunzipIfNeeded(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  const first = await reader.read();
  const head = first.value ?? new Uint8Array(0);
  const whole = new ReadableStream<Uint8Array>({
    start(c) {
      if (head.byteLength > 0) c.enqueue(head);
      if (first.done) c.close();
    },
    async pull(c) {
      const r = await reader.read();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return head[0] === 0x1f && head[1] === 0x8b ? whole.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>) : whole;
}

/** Reads a response body up to `limit` bytes (gunzipping first when asked), reporting each chunk. */
async function readBytes(res: Response, gzip: boolean, limit: number, onChunk: (n: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  if (!res.ok || !res.body) throw new Error(`${res.url || 'dataset file'}: HTTP ${res.status}`);
  const stream = gzip ? await gunzipIfNeeded(res.body) : res.body;
  const reader = stream.getReader();
  const out = new Uint8Array(limit);
  let at = 0;
  try {
    while (at < limit) {
      if (signal?.aborted) throw new DOMException('Loading was cancelled', 'AbortError');
      const { done, value } = await reader.read();
      if (done) break;
      const n = Math.min(value.byteLength, limit - at);
      out.set(value.subarray(0, n), at);
      at += n;
      onChunk(n);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, at);
}

/** Loads a dataset (or a prefix of it) from its four file URLs and checks every header. */
export async function loadDataset(id: DatasetId, files: DatasetFiles, opts: LoadOptions = {}): Promise<LoadedDataset> {
  const info = DATASETS[id];
  const per = info.shape[0] * info.shape[1] * info.shape[2];
  const nTrain = Math.min(info.trainCount, opts.trainLimit ?? info.trainCount);
  const nTest = Math.min(info.testCount, opts.testLimit ?? info.testCount);
  const parts = [
    { url: files.trainImages, bytes: 16 + nTrain * per, what: `${info.name} training images` },
    { url: files.trainLabels, bytes: 8 + nTrain, what: `${info.name} training labels` },
    { url: files.testImages, bytes: 16 + nTest * per, what: `${info.name} test images` },
    { url: files.testLabels, bytes: 8 + nTest, what: `${info.name} test labels` },
  ];
  const total = parts.reduce((s, p) => s + p.bytes, 0);
  let loaded = 0;
  const f = opts.fetcher ?? fetch;
  const raw = await Promise.all(
    parts.map(async (p) => {
      const res = await f(p.url, opts.signal ? { signal: opts.signal } : {});
      const bytes = await readBytes(res, info.gzip, p.bytes, (n) => {
        loaded += n;
        opts.onProgress?.({ loaded, total });
      }, opts.signal);
      return truncatedIdx(bytes, p.what);
    }),
  );
  opts.onProgress?.({ loaded: total, total });
  const [ti, tl, vi, vl] = raw as [ReturnType<typeof parseIdx>, ReturnType<typeof parseIdx>, ReturnType<typeof parseIdx>, ReturnType<typeof parseIdx>];
  return { id, train: imageSet(ti, tl, info.classes.length), test: imageSet(vi, vl, info.classes.length) };
}

/** Parses an IDX prefix: the header's first dimension is cut to the examples actually read. */
export function truncatedIdx(bytes: Uint8Array, what: string): ReturnType<typeof parseIdx> {
  if (bytes.byteLength < 8) throw new Error(`${what}: the file is empty or not an IDX file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = view.getUint8(3);
  const header = 4 + 4 * rank;
  if (rank === 0 || rank > 4 || bytes.byteLength < header) throw new Error(`${what}: not an IDX file`);
  let per = 1;
  for (let i = 1; i < rank; i++) per *= view.getUint32(4 + 4 * i);
  const n = Math.min(view.getUint32(4), Math.floor((bytes.byteLength - header) / per));
  const copy = bytes.slice(0, header + n * per);
  new DataView(copy.buffer).setUint32(4, n);
  return parseIdx(copy, what);
}
