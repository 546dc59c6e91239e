/**
 * The augmented-batch stream between a producer (the augmentation worker) and the training loop, over one
 * MessagePort: the consumer starts each epoch with its batches' image indices, the producer makes them in order and
 * sends each as a transferred Float32Array, at most `capacity` ahead of what training has taken (credits: one back
 * per batch taken). Pause costs nothing (the producer stops at the bound); stop closes the stream. The messages are
 * plain data, so the same code runs over a worker's port in the browser and a MessageChannel in Node.
 */
import type { InputAdaptation, Shape3 } from '../adapt';
import { type AugmentContext, augmentBatch, type AugmentSettings, fieldBank } from './pipeline';
import { colourPca } from './pca';

/** Consumer to producer. */
export type ToProducer =
  | { type: 'epoch'; epoch: number; sizes: number[]; indices: Uint32Array }
  | { type: 'credit'; epoch: number }
  | { type: 'close' };

/** Producer to consumer: batch `batch` of `epoch`, and the milliseconds it took to make. */
export type FromProducer = { type: 'batch'; epoch: number; batch: number; images: number; x: Float32Array; ms: number } | { type: 'error'; message: string };

/** What a producer needs once: the training images and how to augment them. */
export interface ProducerSetup {
  images: Uint8Array;
  shape: Shape3;
  /** Images in `images` (the training set the statistics are computed over). */
  count: number;
  adaptation: InputAdaptation;
  settings: AugmentSettings;
  seed: number;
  /** Batches made ahead of training at most. */
  capacity: number;
}

/** The port surface both the DOM's and Node's MessagePort have. */
export interface PortLike {
  postMessage(m: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  close(): void;
}

/**
 * What a run computes once: the training set's colour axes when PCA colour is on (one pass over every pixel), and
 * the bank of elastic fields when warping is on.
 */
export function contextFor(setup: Pick<ProducerSetup, 'images' | 'shape' | 'count' | 'settings' | 'seed'>): AugmentContext {
  const [h, w, c] = setup.shape;
  const s = setup.settings;
  return { pca: s.pcaColour > 0 ? colourPca(setup.images, c, setup.count, h * w * c) : null, fields: s.warpAlpha > 0 ? fieldBank(setup.seed, h, w, s.warpSigma) : null };
}

/** Serves batches on `port` until it is closed; returns a function that stops serving. */
export function serveBatches(port: PortLike, setup: ProducerSetup): () => void {
  const ctx = contextFor(setup);
  let epoch = -1;
  let sizes: number[] = [];
  let starts: number[] = [];
  let indices: Uint32Array = new Uint32Array(0);
  let next = 0;
  let credits = 0;
  let scheduled = false;
  let closed = false;
  // One batch per task, so credits, a new epoch or a close get in between batches.
  const tick = new MessageChannel();
  const produce = () => {
    scheduled = false;
    if (closed || credits <= 0 || next >= sizes.length) return;
    const b = next++;
    credits--;
    const t0 = performance.now();
    try {
      const x = augmentBatch(setup.images, setup.shape, indices.subarray(starts[b]!, starts[b]! + sizes[b]!), setup.adaptation, setup.settings, { seed: setup.seed, epoch, batch: b }, ctx);
      port.postMessage({ type: 'batch', epoch, batch: b, images: sizes[b]!, x, ms: performance.now() - t0 } satisfies FromProducer, [x.buffer]);
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromProducer);
      return;
    }
    schedule();
  };
  const schedule = () => {
    if (scheduled || closed || credits <= 0 || next >= sizes.length) return;
    scheduled = true;
    tick.port2.postMessage(0);
  };
  tick.port1.onmessage = produce;
  const stop = () => {
    closed = true;
    tick.port1.close();
    port.close();
  };
  port.onmessage = (e: MessageEvent<ToProducer>) => {
    const m = e.data;
    if (m.type === 'close') return stop();
    if (m.type === 'epoch') {
      epoch = m.epoch;
      sizes = m.sizes;
      starts = [];
      let at = 0;
      for (const s of sizes) {
        starts.push(at);
        at += s;
      }
      indices = m.indices;
      next = 0;
      credits = setup.capacity;
    } else if (m.epoch === epoch) credits++;
    schedule();
  };
  return stop;
}

/** How a feed is doing: what the producer made, and how long training waited for it. */
export interface FeedStats {
  /** Batches and images the producer has delivered so far. */
  batches: number;
  images: number;
  /** The producer's own rate: images over the milliseconds it spent making them. */
  producerImagesPerSecond: number;
  /** Milliseconds training spent waiting for a batch (for the in-thread feed: all of its augmentation time). */
  waitedMs: number;
  /** Batches made and not yet taken. */
  queued: number;
}

/** Where the training loop takes its batches from when they are augmented. */
export interface BatchFeed {
  /** Starts an epoch: the image indices of each of its batches, in order. */
  startEpoch(epoch: number, batches: readonly Uint32Array[]): void;
  /** Batch `b` of the current epoch as the network's input (NHWC floats). */
  take(b: number): Promise<Float32Array>;
  stats(): FeedStats;
  close(): void;
}

/** The baseline: each batch augmented in the training loop's own thread, when it is needed. */
export function inThreadFeed(setup: Omit<ProducerSetup, 'capacity'>): BatchFeed {
  const ctx = contextFor(setup);
  let epoch = 0;
  let batches: readonly Uint32Array[] = [];
  const s = { batches: 0, images: 0, ms: 0 };
  return {
    startEpoch(e, b) {
      epoch = e;
      batches = b;
    },
    take(b) {
      const t0 = performance.now();
      const x = augmentBatch(setup.images, setup.shape, batches[b]!, setup.adaptation, setup.settings, { seed: setup.seed, epoch, batch: b }, ctx);
      s.ms += performance.now() - t0;
      s.batches++;
      s.images += batches[b]!.length;
      return Promise.resolve(x);
    },
    stats: () => ({ batches: s.batches, images: s.images, producerImagesPerSecond: (s.images * 1000) / Math.max(1e-6, s.ms), waitedMs: s.ms, queued: 0 }),
    close() {},
  };
}

/** The consumer's end of a producer's port: batches arrive ahead, each taken one sends a credit back. */
export function portFeed(port: PortLike): BatchFeed & { fail(message: string): void } {
  let epoch = -1;
  const ready = new Map<number, Float32Array>();
  let waiting: { batch: number; resolve: (x: Float32Array) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const s = { batches: 0, images: 0, ms: 0, waited: 0 };
  const fail = (message: string) => {
    failure = new Error(`The augmentation worker failed: ${message}`);
    waiting?.reject(failure);
    waiting = null;
  };
  port.onmessage = (e: MessageEvent<FromProducer>) => {
    const m = e.data;
    if (m.type === 'error') return fail(m.message);
    if (m.epoch !== epoch) return;
    s.batches++;
    s.images += m.images;
    s.ms += m.ms;
    if (waiting && waiting.batch === m.batch) {
      const w = waiting;
      waiting = null;
      port.postMessage({ type: 'credit', epoch } satisfies ToProducer);
      w.resolve(m.x);
    } else ready.set(m.batch, m.x);
  };
  return {
    fail,
    startEpoch(e, batches) {
      epoch = e;
      ready.clear();
      const sizes = batches.map((b) => b.length);
      const indices = new Uint32Array(sizes.reduce((a, b) => a + b, 0));
      let at = 0;
      for (const b of batches) {
        indices.set(b, at);
        at += b.length;
      }
      port.postMessage({ type: 'epoch', epoch, sizes, indices } satisfies ToProducer, [indices.buffer]);
    },
    take(b) {
      if (failure) return Promise.reject(failure);
      const x = ready.get(b);
      if (x) {
        ready.delete(b);
        port.postMessage({ type: 'credit', epoch } satisfies ToProducer);
        return Promise.resolve(x);
      }
      const t0 = performance.now();
      return new Promise<Float32Array>((resolve, reject) => {
        waiting = {
          batch: b,
          resolve: (v) => {
            s.waited += performance.now() - t0;
            resolve(v);
          },
          reject,
        };
      });
    },
    stats: () => ({ batches: s.batches, images: s.images, producerImagesPerSecond: (s.images * 1000) / Math.max(1e-6, s.ms), waitedMs: s.waited, queued: ready.size }),
    close() {
      port.postMessage({ type: 'close' } satisfies ToProducer);
      port.close();
    },
  };
}
