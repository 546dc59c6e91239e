/**
 * The one class that owns the training worker (DESIGN.md rule 4): a promise per request, events per request
 * through a callback, cancel through an AbortSignal, errors (and a crashed worker) as rejections.
 */
import type { BackendChoice, BackendReport, FromWorker, StepProfile, ToWorker, TrainConfig, TrainedModel, TrainResult } from './protocol';
import type { DatasetFiles, DatasetId } from '../data/datasets';
import type { InsideOptions, InsideResult, LoadedModelInfo, ModelSource, Prediction, PredictFromWorker, PredictToWorker } from './predictProtocol';
import type { ModelFiles } from '../training/transferModels';

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

/** The shape every worker message shares. */
interface Msg {
  type: string;
  requestId: number;
}

interface Pending<From> {
  final: string;
  resolve(m: From): void;
  reject(e: Error): void;
  onEvent?: (m: From) => void;
}

/** Anything that behaves like a Worker (a real one in the app). */
export interface WorkerLike<To = ToWorker, From = FromWorker> {
  postMessage(m: To, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<From>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

/**
 * Owns one worker speaking a request/response protocol: a promise per request (settled by the message type named
 * as its final answer, or by an `error` message), other messages of the request to a callback, cancel through
 * an AbortSignal, and a crashed worker as rejections of everything pending. The next request starts a fresh worker.
 */
export class WorkerClient<To extends Msg, From extends Msg> {
  private worker: WorkerLike<To, From> | null = null;
  protected nextId = 1;
  private readonly pending = new Map<number, Pending<From>>();

  constructor(
    private readonly create: () => WorkerLike<To, From>,
    private readonly what: string,
    private readonly cancelMessage: (requestId: number, target: number) => To,
  ) {}

  private get w(): WorkerLike<To, From> {
    if (this.worker) return this.worker;
    const w = this.create();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.crash(`The ${this.what} crashed: ${e.message || 'unknown error'}`);
    };
    this.worker = w;
    return w;
  }

  private receive(m: From) {
    const p = this.pending.get(m.requestId);
    if (!p) return;
    if (m.type === 'error') {
      this.pending.delete(m.requestId);
      const e = m as unknown as { message: string; deviceLost?: boolean };
      p.reject(new WorkerError(e.message, e.deviceLost ?? false));
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
  restart(reason = `The ${this.what} was restarted`) {
    this.crash(reason);
  }

  protected request<F extends From['type']>(msg: To, final: F, onEvent?: (m: From) => void, signal?: AbortSignal, transfer: Transferable[] = []) {
    return new Promise<Extract<From, { type: F }>>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('Cancelled', 'AbortError'));
      const id = msg.requestId;
      this.pending.set(id, { final, resolve: resolve as (m: From) => void, reject, ...(onEvent ? { onEvent } : {}) });
      signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.delete(id)) return;
          this.worker?.postMessage(this.cancelMessage(this.nextId++, id));
          reject(new DOMException('Cancelled', 'AbortError'));
        },
        { once: true },
      );
      this.w.postMessage(msg, transfer);
    });
  }

  dispose() {
    this.crash(`The ${this.what} was closed`);
  }
}

export class TrainingClient extends WorkerClient<ToWorker, FromWorker> {
  constructor(create: () => WorkerLike) {
    super(create, 'training worker', (requestId, target) => ({ type: 'cancel', requestId, target }));
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

  /**
   * Trains; `onEvent` gets batches, epochs, pause changes; resolves with the result and the trained network's files
   * (null when no step ran, or with the reason when they could not be read). Returns the request id too.
   */
  train(config: TrainConfig, resume: boolean, onEvent: (m: FromWorker) => void, pretrained?: ModelFiles): { id: number; done: Promise<{ result: TrainResult; model: TrainedModel | null; modelError: string | null }> } {
    const id = this.nextId++;
    const done = this.request({ type: 'train', requestId: id, config, resume, ...(pretrained ? { pretrained } : {}) }, 'trained', onEvent).then((m) => ({ result: m.result, model: m.model, modelError: m.modelError }));
    return { id, done };
  }

  /** Profiles one training step of a fresh network for the config (after two warm-up steps). */
  async profile(config: TrainConfig): Promise<StepProfile> {
    return (await this.request({ type: 'profile', requestId: this.nextId++, config }, 'profiled')).profile;
  }

  /** Pauses, resumes or stops a training request between batches. */
  async control(target: number, action: 'pause' | 'resume' | 'stop'): Promise<void> {
    await this.request({ type: 'control', requestId: this.nextId++, target, action }, 'ok');
  }
}

/** The prediction worker's client: backend, models by key, predictions. */
export class PredictClient extends WorkerClient<PredictToWorker, PredictFromWorker> {
  constructor(create: () => WorkerLike<PredictToWorker, PredictFromWorker>) {
    super(create, 'prediction worker', (requestId, target) => ({ type: 'cancel', requestId, target }));
  }

  async init(backend: BackendChoice): Promise<BackendReport> {
    return (await this.request({ type: 'init', requestId: this.nextId++, backend }, 'backend')).report;
  }

  /** Loads (or replaces) the model under `key`; weight buffers of a files source are transferred. */
  async loadModel(key: string, source: ModelSource, signal?: AbortSignal): Promise<LoadedModelInfo> {
    const transfer = source.kind === 'files' ? source.weights.map((w) => w.data) : [];
    return (await this.request({ type: 'loadModel', requestId: this.nextId++, key, source }, 'modelLoaded', undefined, signal, transfer)).info;
  }

  /** Probabilities for `count` prepared inputs (the input buffer is transferred: do not reuse it). */
  async predict(key: string, input: Float32Array, count: number, shape: [number, number, number], signal?: AbortSignal): Promise<Prediction> {
    return (await this.request({ type: 'predict', requestId: this.nextId++, key, input, count, shape }, 'predicted', undefined, signal, [input.buffer])).prediction;
  }

  /** The inside view of one prepared input (transferred: do not reuse it); its values come back transferred. */
  async inside(key: string, input: Float32Array, shape: [number, number, number], options: InsideOptions, signal?: AbortSignal): Promise<InsideResult> {
    return (await this.request({ type: 'inside', requestId: this.nextId++, key, input, shape, options }, 'insideResult', undefined, signal, [input.buffer])).inside;
  }

  async unloadModel(key: string): Promise<void> {
    await this.request({ type: 'unloadModel', requestId: this.nextId++, key }, 'ok');
  }
}
