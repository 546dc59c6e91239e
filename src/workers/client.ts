/**
 * The one class that owns the training worker (DESIGN.md rule 4): a promise per request, events per request
 * through a callback, cancel through an AbortSignal, errors (and a crashed worker) as rejections.
 */
import type { BackendChoice, BackendReport, FromWorker, ToWorker, TrainConfig, TrainResult } from './protocol';
import type { DatasetFiles, DatasetId } from '../data/datasets';

/** Messages about a request that are not its final answer (progress, batches, epochs). */
export type WorkerEvent = FromWorker;

/** An Error from the worker; `deviceLost` when the GPU went away, `crashed` when the worker itself died. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly deviceLost = false,
    readonly crashed = false,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

type Final = 'backend' | 'loaded' | 'trained' | 'ok';

interface Pending {
  final: Final;
  resolve(m: FromWorker): void;
  reject(e: Error): void;
  onEvent?: (m: FromWorker) => void;
}

/** Anything that behaves like a Worker (a real one in the app). */
export interface WorkerLike {
  postMessage(m: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export class TrainingClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly create: () => WorkerLike) {}

  private get w(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.create();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.crash(`The training worker crashed: ${e.message || 'unknown error'}`);
    };
    this.worker = w;
    return w;
  }

  private receive(m: FromWorker) {
    const p = this.pending.get(m.requestId);
    if (!p) return;
    if (m.type === 'error') {
      this.pending.delete(m.requestId);
      p.reject(new WorkerError(m.message, m.deviceLost ?? false));
    } else if (m.type === p.final) {
      this.pending.delete(m.requestId);
      p.resolve(m);
    } else p.onEvent?.(m);
  }

  /** Rejects every pending request and drops the worker; the next request starts a fresh one. */
  private crash(message: string) {
    this.worker?.terminate();
    this.worker = null;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new WorkerError(message, false, true));
  }

  /** Kills the worker (e.g. to recover from a hang); pending requests reject. */
  restart(reason = 'The training worker was restarted') {
    this.crash(reason);
  }

  private request<F extends Final>(msg: ToWorker, final: F, onEvent?: (m: FromWorker) => void, signal?: AbortSignal, transfer: Transferable[] = []) {
    return new Promise<Extract<FromWorker, { type: F }>>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('Cancelled', 'AbortError'));
      const id = msg.requestId;
      this.pending.set(id, { final, resolve: resolve as (m: FromWorker) => void, reject, ...(onEvent ? { onEvent } : {}) });
      signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.delete(id)) return;
          this.worker?.postMessage({ type: 'cancel', requestId: this.nextId++, target: id });
          reject(new DOMException('Cancelled', 'AbortError'));
        },
        { once: true },
      );
      this.w.postMessage(msg, transfer);
    });
  }

  /** Starts (or switches) the TF.js backend in the worker; resolves with the choice and why. */
  async init(backend: BackendChoice, signal?: AbortSignal): Promise<BackendReport> {
    return (await this.request({ type: 'init', requestId: this.nextId++, backend }, 'backend', undefined, signal)).report;
  }

  /** Loads a dataset into the worker (parsed there); resolves with counts and a few samples. */
  load(dataset: DatasetId, files: DatasetFiles, opts: { trainLimit?: number; testLimit?: number; sampleCount: number; onProgress?: (loaded: number, total: number) => void; signal?: AbortSignal }) {
    const msg: ToWorker = {
      type: 'load',
      requestId: this.nextId++,
      dataset,
      files,
      sampleCount: opts.sampleCount,
      ...(opts.trainLimit !== undefined ? { trainLimit: opts.trainLimit } : {}),
      ...(opts.testLimit !== undefined ? { testLimit: opts.testLimit } : {}),
    };
    return this.request(msg, 'loaded', (m) => m.type === 'loadProgress' && opts.onProgress?.(m.loaded, m.total), opts.signal);
  }

  /** Trains; `onEvent` gets batches, epochs, pause changes; resolves with the result. Returns the request id too. */
  train(config: TrainConfig, resume: boolean, onEvent: (m: FromWorker) => void, signal?: AbortSignal): { id: number; done: Promise<TrainResult> } {
    const id = this.nextId++;
    const done = this.request({ type: 'train', requestId: id, config, resume }, 'trained', onEvent, signal).then((m) => m.result);
    return { id, done };
  }

  /** Pauses, resumes or stops a training request between batches. */
  async control(target: number, action: 'pause' | 'resume' | 'stop'): Promise<void> {
    await this.request({ type: 'control', requestId: this.nextId++, target, action }, 'ok');
  }

  dispose() {
    this.crash('The training worker was closed');
  }
}
