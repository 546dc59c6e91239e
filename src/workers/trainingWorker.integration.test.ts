/**
 * The real training worker entry (training.worker.ts: its message switch, data loading, runs, pause/stop) behind
 * the real TrainingClient, driven through the store, in-process: a fake worker scope passes structured clones both
 * ways, and fetch reads the app's files from disk. Only `new Worker` is missing.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store/createAppStore';
import { openRunRepo } from '../store/persist/runs';
import { TrainingClient, type WorkerLike } from './client';
import { startWasmInNode } from './nodeBackend';
import type { FromWorker, ToWorker } from './protocol';

const GiB = 1024 ** 3;
const realFetch = globalThis.fetch;

/** A Worker whose other end is the worker module's `self`, both in this thread; messages are structured clones. */
function bridge(): WorkerLike {
  const scope = globalThis as unknown as { onmessage: ((e: { data: ToWorker }) => void) | null; postMessage: (m: FromWorker, transfer?: Transferable[]) => void };
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(m, transfer = []) {
      const data = structuredClone(m, { transfer });
      setTimeout(() => scope.onmessage?.({ data }), 0);
    },
    terminate() {},
  };
  scope.postMessage = (m, transfer = []) => {
    const data = structuredClone(m, { transfer });
    setTimeout(() => w.onmessage?.({ data } as MessageEvent<FromWorker>), 0);
  };
  return w;
}

describe('the training worker entry through the client and the store (in-process)', () => {
  let worker: WorkerLike;
  beforeAll(async () => {
    await startWasmInNode();
    // The app's assets ('/node_modules/...', '/src/...') are read from the checkout.
    globalThis.fetch = (async (url: string | URL) => {
      const path = String(url).replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
      try {
        return new Response(readFileSync(join(process.cwd(), decodeURIComponent(path))));
      } catch {
        return new Response('not found', { status: 404 });
      }
    }) as typeof fetch;
    worker = bridge();
    // The worker module talks to `self`; here that is this thread's global. Its path is a variable so that the
    // Node-side type check does not pull worker-only (lib webworker) code in; tsconfig.worker.json checks it.
    (globalThis as { self?: unknown }).self = globalThis;
    // Node 20 has no navigator: the backend probes find no GPU, as in a browser without one.
    if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { hardwareConcurrency: 1 }, configurable: true });
    const entry = './training.worker.ts';
    await import(/* @vite-ignore */ entry);
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  const store = () => createAppStore({ trainingPort: () => new TrainingClient(() => worker), memoryBudget: 2 * GiB, runs: openRunRepo(`worker-entry-${Math.random()}`) });

  it('loads MNIST in the worker, trains, pauses (no batch across a real wait), resumes, stops, and keeps the run', async () => {
    const s = store();
    s.getState().setTrainSubset('1000');
    await s.getState().setTrainBackend('wasm');
    expect(s.getState().training.backendError ?? '').toBe('');
    expect(s.getState().training.backend?.backend).toBe('wasm');
    await s.getState().loadTrainData();
    expect(s.getState().training.counts).toEqual({ train: 1000, test: 500 });
    s.getState().setTrainHyper({ epochs: 20, batchSize: 32 });
    const before = tf.memory().numTensors;
    const done = s.getState().startTraining();
    await vi.waitFor(() => expect(s.getState().training.batches.length).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 5 });
    await s.getState().pauseTraining();
    await vi.waitFor(() => expect(s.getState().training.status).toBe('paused'), { interval: 5 });
    await new Promise((r) => setTimeout(r, 100));
    const paused = s.getState().training.batches.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(s.getState().training.batches.length).toBe(paused);
    await s.getState().resumeTraining();
    await vi.waitFor(() => expect(s.getState().training.batches.length).toBeGreaterThan(paused), { timeout: 30_000, interval: 5 });
    await s.getState().stopTraining();
    await done;
    const t = s.getState().training;
    expect(t.status).toBe('stopped');
    expect(t.batches.length).toBeLessThan(20 * 29);
    expect(t.result!.test!.count).toBe(500);
    const [run] = t.runs;
    expect(run!.status).toBe('stopped');
    expect(run!.hasModel).toBe(true);
    expect((await s.getState().runModel(run!.id))!.weights.byteLength).toBe(61_706 * 4);
    // The worker disposed the trainer: the backend (shared with this thread here) holds what it held before.
    expect(tf.memory().numTensors).toBe(before);
  });
});
