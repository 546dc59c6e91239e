/**
 * The training loop, independent of how it is driven (the worker entry in the browser, tests and the benchmark in
 * Node): per-batch loss and accuracy, pause/resume/stop between batches, a NaN guard that restores the last
 * weights that gave a finite loss, validation per epoch, test accuracy with a confusion matrix, and checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { toFloatBatch, adaptedShape } from '../data/adapt';
import type { BatchFeed, FeedStats } from '../data/augment/stream';
import type { ImageSet } from '../data/idx';
import { FusedAdam } from '../models/tfjs/adam';
import { buildModel } from '../models/tfjs/build';
import { isSoftmaxLayer, type NetworkSpec } from '../models/spec';
import type { BatchPoint, EpochPoint, StepProfile, TestResult, TrainConfig, TrainResult } from '../workers/protocol';
import { profileStep } from './stepProfile';
import { stratifiedSplit } from '../data/tasks';
import { FEATURE_CACHE_LIMIT, type FeatureReport } from './transfer';
import { computeFeatures, copyPretrained, knnClassify, splitAt, type FeatureCache, type SplitModel } from './transferModels';
import type { NamedWeight } from '../models/weights';

/** Everything needed to continue a run: weights, optimizer state and step, and the curves so far. */
export interface Checkpoint {
  config: TrainConfig;
  /** Epochs finished. */
  epoch: number;
  step: number;
  weights: { name: string; shape: number[]; data: Float32Array }[];
  optimizer: { name: string; shape: number[]; data: Float32Array }[];
  batches: BatchPoint[];
  epochs: EpochPoint[];
  savedAt: number;
}

/** What a run reports as it goes: each batch, each epoch, each checkpoint, and the end of training. */
export interface TrainHooks {
  onBatch?(p: BatchPoint, batchInEpoch: number, batchesPerEpoch: number, imagesPerSecond: number, elapsedMs: number, feed: FeedStats | null): void;
  onEpoch?(p: EpochPoint, numTensors: number): void | Promise<void>;
  onCheckpoint?(c: Checkpoint): Promise<void>;
  /** When training ends (finished, stopped or diverged), before the test set is evaluated: the final weights. */
  onTrained?(): Promise<void>;
}

/** Pause, resume and stop, checked between batches. */
export class TrainControl {
  private paused = false;
  private wake: (() => void) | null = null;
  private onStop: () => void = () => undefined;
  /** Resolves when stop() is called: what a wait on something else (an augmented batch) races against. */
  readonly whenStopped = new Promise<void>((resolve) => (this.onStop = resolve));
  stopped = false;
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
    this.wake?.();
    this.wake = null;
  }
  stop() {
    this.stopped = true;
    this.onStop();
    this.resume();
  }
  get isPaused() {
    return this.paused;
  }
  /** Called when the loop stops at the gate because it is paused (tests and logs). */
  onWait: (() => void) | null = null;
  /** Resolves at once unless paused; then when resumed or stopped. */
  gate(): Promise<void> {
    if (!this.paused || this.stopped) return Promise.resolve();
    const waiting = new Promise<void>((r) => (this.wake = r));
    this.onWait?.();
    return waiting;
  }
}

/** Lets queued messages (pause, stop) through between batches; a resolved promise alone would not. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

function makeOptimizer(c: TrainConfig): tf.Optimizer {
  switch (c.optimizer) {
    case 'sgd':
      return tf.train.sgd(c.learningRate);
    case 'momentum':
      return tf.train.momentum(c.learningRate, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate);
    case 'adam':
      return new FusedAdam(c.learningRate);
  }
}

/** Whether the network's last layer already applies softmax (then the loss takes log-probabilities, else logits). */
export function outputIsSoftmax(spec: NetworkSpec): boolean {
  return isSoftmaxLayer(spec.nodes.find((n) => n.id === spec.outputs[0]));
}

/** A seeded permutation (xorshift), so a resumed run shuffles epoch k the same way. */
export function shuffled(n: number, seed: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx;
}

/** What a transfer run starts from: the pretrained weights, and where frozen features are cached between runs. */
export interface TrainStart {
  pretrained?: readonly NamedWeight[];
  featureCache?: FeatureCache;
}

/** FNV-1a over some byte arrays, as 8 hex digits: a cache key for data that has no name. */
export function contentHash(...parts: Uint8Array[]): string {
  let h = 0x811c9dc5;
  for (const p of parts) for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p[i]!, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** One training run of a spec on a dataset. Dispose it when done. */
export class Trainer {
  readonly model: tf.LayersModel;
  /** Spec node id -> TF.js layer name, for exporting the weights under the spec's names. */
  readonly layerNames: Map<string, string>;
  private readonly optimizer: tf.Optimizer;
  private readonly softmaxOut: boolean;
  private readonly good: tf.Variable[];
  private readonly shape: [number, number, number];
  private readonly classes: number;
  readonly trainIdx: Uint32Array;
  readonly valIdx: Uint32Array;
  /** A transfer run's frozen backbone and trained part (frozen and partial regimes), else null. */
  readonly split: SplitModel | null;
  /** The frozen features of every training and test image, once prepare() has made or loaded them. */
  private features: { train: Float32Array; test: Float32Array } | null = null;
  /** How the frozen features were had, once prepare() ran (transfer runs with a cut). */
  featureReport: FeatureReport | null = null;
  /** Training and validation images read in this session (the frozen features' saving is counted from them). */
  private imagesRead = 0;
  epoch = 0;
  step = 0;
  batches: BatchPoint[] = [];
  epochs: EpochPoint[] = [];

  constructor(
    readonly config: TrainConfig,
    private readonly train: ImageSet,
    private readonly test: ImageSet,
    classes: number,
    private readonly start: TrainStart = {},
  ) {
    this.classes = classes;
    this.shape = adaptedShape(train.shape, config.adaptation);
    const built = buildModel(config.spec, config.seed === undefined ? {} : { seed: config.seed });
    this.model = built.model;
    this.layerNames = built.layerNames;
    this.optimizer = makeOptimizer(config);
    this.softmaxOut = outputIsSoftmax(config.spec);
    const t = config.transfer;
    if (t && t.regime !== 'scratch') {
      if (!start.pretrained) throw new Error(`The pretrained weights of ${t.from} were not given to the trainer`);
      if (copyPretrained(this.model, start.pretrained).length === 0) throw new Error(`None of ${t.from}'s weights fit ${config.modelName}`);
    }
    this.split = t?.cut && (t.regime === 'frozen' || t.regime === 'partial') ? splitAt(this.model, this.layerNames.get(t.cut)!) : null;
    this.good = this.model.weights.map((w) => tf.variable(w.read(), false));
    const fraction = Math.min(0.5, Math.max(0, config.validationSplit));
    if (t) {
      // A transfer run's few examples per class are split by class, so every class is validated.
      const s = stratifiedSplit(train.labels, train.count, classes, fraction, config.seed ?? 0);
      this.valIdx = s.val;
      this.trainIdx = s.train;
    } else {
      const nVal = Math.floor(train.count * fraction);
      const all = shuffled(train.count, 1);
      this.valIdx = all.slice(train.count - nVal);
      this.trainIdx = all.slice(0, train.count - nVal);
    }
  }

  /** The key frozen features of one part ('train' or 'test') are cached under: model, cut and exactly which images. */
  featureKey(part: 'train' | 'test'): string {
    const c = this.config;
    const t = c.transfer!;
    // Own examples are named by their content: the same counts drawn again are other images.
    const own = c.own ? `/examples ${contentHash(c.own.images, c.own.labels)}` : '';
    // Own examples' test set is a seeded quarter of them: its key has the seed too.
    const test = `limit ${c.testLimit ?? 'all'}${own}${c.own ? `/seed ${c.seed ?? 0}` : ''}`;
    const data = part === 'train' ? `${t.perClass ?? 'all'}-per-class/seed ${c.seed ?? 0}/limit ${c.trainLimit ?? 'all'}${own}` : test;
    return `${t.from}|${t.cut}|${t.task}|${part}|${data}`;
  }

  /**
   * Makes the frozen features of a transfer run that caches them (the frozen regime, by default): loads them from
   * the cache, or computes them once (one forward pass of the backbone over the training and test images), keeps
   * them for the run and stores them in the cache when there is one. With `cache: false` or over
   * FEATURE_CACHE_LIMIT, the backbone runs every batch instead.
   */
  async prepare(): Promise<void> {
    const t = this.config.transfer;
    if (!this.split || !t || t.regime !== 'frozen' || t.cache === false) return;
    const f = this.split.featureSize;
    const bytes = (this.train.count + this.test.count) * f * 4;
    const images = this.train.count + this.test.count;
    if (bytes > FEATURE_CACHE_LIMIT) {
      this.featureReport = { source: 'per batch', images, featureSize: f, bytes, computeMs: 0, why: `${(bytes / 2 ** 20).toFixed(0)} MiB of features is over the ${FEATURE_CACHE_LIMIT / 2 ** 20} MiB cache limit` };
      return;
    }
    const cache = this.start.featureCache;
    const keys = [this.featureKey('train'), this.featureKey('test')] as const;
    const held = cache ? await Promise.all(keys.map((k) => cache.get(k).catch(() => null))) : [null, null];
    if (held[0]?.length === this.train.count * f && held[1]?.length === this.test.count * f) {
      this.features = { train: held[0], test: held[1] };
      this.featureReport = { source: 'cache', images, featureSize: f, bytes, computeMs: 0, why: null };
      return;
    }
    const t0 = performance.now();
    const all = (n: number) => new Uint32Array(n).map((_, i) => i);
    const train = computeFeatures(this.split.backbone, this.train, all(this.train.count), this.config.adaptation, this.shape, f);
    const test = computeFeatures(this.split.backbone, this.test, all(this.test.count), this.config.adaptation, this.shape, f);
    this.features = { train, test };
    this.featureReport = { source: 'computed', images, featureSize: f, bytes, computeMs: performance.now() - t0, why: null };
    // A cache that cannot take them (quota) leaves the run as it is: the features are in memory.
    if (cache) await Promise.all([cache.put(keys[0], train), cache.put(keys[1], test)]).catch(() => undefined);
  }

  /** Rows `idx` of a feature matrix with `size` values per row. */
  private rows(features: Float32Array, idx: Uint32Array, size: number): Float32Array {
    const out = new Float32Array(idx.length * size);
    for (let i = 0; i < idx.length; i++) out.set(features.subarray(idx[i]! * size, (idx[i]! + 1) * size), i * size);
    return out;
  }

  /** The model the trained input goes through: the part after the cut, or the whole network. */
  private get trained(): tf.LayersModel {
    return this.split?.head ?? this.model;
  }

  /**
   * Test accuracy of a k-nearest-neighbour head on the frozen features (the kNN head of a frozen transfer run):
   * each test image takes the class most of its k nearest training images (Euclidean, in feature space) have.
   */
  knnTest(k: number): TestResult | null {
    if (!this.features || !this.split) throw new Error('A kNN head needs the frozen features: a frozen transfer run with the cache on');
    if (this.test.count === 0) return null;
    const f = this.split.featureSize;
    const train = this.rows(this.features.train, this.trainIdx, f);
    const labels = Array.from(this.trainIdx, (i) => this.train.labels[i]!);
    const pred = knnClassify(train, labels, this.features.test, f, k, this.classes);
    const confusion = new Array<number>(this.classes * this.classes).fill(0);
    let hits = 0;
    for (let i = 0; i < this.test.count; i++) {
      const truth = this.test.labels[i]!;
      if (pred[i] === truth) hits++;
      confusion[truth * this.classes + pred[i]!]! += 1;
    }
    return { accuracy: hits / this.test.count, loss: NaN, count: this.test.count, confusion };
  }

  /** Cross-entropy; on probabilities it adds an epsilon rather than clipping, since clipping would hide a NaN. */
  private loss(out: tf.Tensor, ys: tf.Tensor): tf.Scalar {
    return this.softmaxOut
      ? (tf.neg(tf.mean(tf.sum(tf.mul(ys, tf.log(tf.add(out, 1e-7))), -1))) as tf.Scalar)
      : tf.losses.softmaxCrossEntropy(ys, out);
  }

  /**
   * What the trained part reads for the images at `idx` (or `images`, their augmented data), and their labels: the
   * cached features (no image is converted), the frozen backbone's output (run as at inference), or the images.
   */
  private batchTensors(set: ImageSet, idx: Uint32Array, images?: Float32Array) {
    const labels = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) labels[i] = set.labels[idx[i]!]!;
    const s = this.split;
    const cached = set === this.train ? this.features?.train : set === this.test ? this.features?.test : undefined;
    return tf.tidy(() => {
      let input: tf.Tensor;
      if (s && cached) input = tf.tensor(this.rows(cached, idx, s.featureSize), [idx.length, ...s.featureShape]);
      else {
        const xs = tf.tensor4d(images ?? toFloatBatch(set.images, set.shape, idx, this.config.adaptation), [idx.length, ...this.shape]);
        input = s ? (s.backbone.apply(xs, { training: false }) as tf.Tensor) : xs;
      }
      return { input, labels: tf.tensor1d(labels, 'int32') };
    });
  }

  /**
   * One optimizer step on the training images at `idx` (or on `images`, their augmented tensor data, when given);
   * returns null (weights restored to the last finite-loss ones) when the loss is not finite.
   */
  async trainBatch(idx: Uint32Array, images?: Float32Array): Promise<{ loss: number; accuracy: number } | null> {
    const { input, labels } = this.batchTensors(this.train, idx, images);
    const ys = tf.tidy(() => tf.oneHot(labels, this.classes).toFloat());
    const hit: { correct: tf.Scalar | null } = { correct: null };
    const vars = this.trained.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const out = this.trained.apply(input, { training: true }) as tf.Tensor;
      hit.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(out, -1), labels), 'float32')) as tf.Scalar);
      return this.loss(out, ys);
    }, vars);
    // Weights the step started from can hold an infinity while the loss stays finite (a -Inf bias before a ReLU
    // gives zeros): their sum is finite only when every weight is, so such a step counts as diverged too.
    // Not on WebGPU: there (software adapter, Chromium 156) these extra reductions over the weights made the e2e
    // test read impossible losses (negative, or 0) in 1 of 3 runs; left for the WebGPU kernels issue.
    const weightSum = tf.getBackend() === 'webgpu' ? null : tf.tidy(() => tf.addN(this.model.weights.map((w) => tf.sum(w.read()))) as tf.Scalar);
    const [loss] = await value.data();
    const [hits] = await hit.correct!.data();
    const sum = weightSum ? (await weightSum.data())[0]! : 0;
    const finite = Number.isFinite(loss) && Number.isFinite(sum);
    if (finite) {
      this.model.weights.forEach((w, i) => this.good[i]!.assign(w.read()));
      this.optimizer.applyGradients(grads);
    } else {
      tf.tidy(() => this.model.weights.forEach((w, i) => w.write(this.good[i]!.clone())));
    }
    tf.dispose([input, labels, ys, value, hit.correct!, ...(weightSum ? [weightSum] : []), ...Object.values(grads)]);
    return finite ? { loss: loss!, accuracy: hits! / idx.length } : null;
  }

  /**
   * Where one training step's time goes: two warm-up steps (XNNPACK operators, shader compiles, the JIT), then one
   * step under the profiler, on the first batches of the training set. The weights move as in training: profile a
   * fresh trainer, not a run's.
   */
  async profileOneStep(): Promise<StepProfile> {
    const b = this.config.batchSize;
    const idx = (k: number) => this.trainIdx.subarray(k * b, Math.min(this.trainIdx.length, (k + 1) * b));
    for (let k = 0; k < 2; k++) await this.trainBatch(idx(k));
    return profileStep(() => this.trainBatch(idx(2)), idx(2).length);
  }

  /** Loss, accuracy and (when asked) a confusion matrix over a set, in batches, inside tidy. */
  evaluate(set: ImageSet, idx: Uint32Array, withConfusion = false): TestResult {
    const k = this.classes;
    const confusion = new Array<number>(withConfusion ? k * k : 0).fill(0);
    let lossSum = 0;
    let hits = 0;
    const chunk = 256;
    for (let s = 0; s < idx.length; s += chunk) {
      const part = idx.subarray(s, Math.min(idx.length, s + chunk));
      const { input, labels } = this.batchTensors(set, part);
      const [l, pred] = tf.tidy(() => {
        const out = this.trained.apply(input, { training: false }) as tf.Tensor;
        const ys = tf.oneHot(labels, k).toFloat();
        return [this.loss(out, ys).mul(part.length).dataSync()[0]!, tf.argMax(out, -1).dataSync() as Int32Array] as const;
      });
      const truth = labels.dataSync();
      tf.dispose([input, labels]);
      lossSum += l;
      for (let i = 0; i < part.length; i++) {
        if (pred[i] === truth[i]) hits++;
        if (withConfusion) confusion[truth[i]! * k + pred[i]!]! += 1;
      }
    }
    const n = Math.max(1, idx.length);
    return { accuracy: hits / n, loss: lossSum / n, count: idx.length, confusion };
  }

  /** Changes the learning rate from the next batch on (a schedule such as `npm run pretrain`'s per-epoch rates). */
  setLearningRate(lr: number) {
    (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
  }

  /**
   * Runs the remaining epochs; resolves when they end, when stopped, or when the loss stops being finite. With a
   * feed, training batches (same images, same order) come augmented from it.
   */
  async run(control: TrainControl, hooks: TrainHooks = {}, feed: BatchFeed | null = null): Promise<TrainResult> {
    const c = this.config;
    const perEpoch = Math.min(Math.ceil(this.trainIdx.length / c.batchSize), c.maxBatchesPerEpoch ?? Infinity);
    // Training time excludes pauses and continues from the checkpoint's, so curves against time stay comparable.
    const before = this.batches.findLast((b) => b.ms !== undefined)?.ms ?? 0;
    let t0 = performance.now();
    let images = 0;
    while (this.epoch < c.epochs) {
      const order = shuffled(this.trainIdx.length, this.epoch + 2).map((i) => this.trainIdx[i]!);
      const batchIdx = (b: number) => order.subarray(b * c.batchSize, Math.min(order.length, (b + 1) * c.batchSize));
      const stepsLeft = c.maxSteps === undefined ? perEpoch : Math.min(perEpoch, c.maxSteps - this.step);
      feed?.startEpoch(this.epoch, Array.from({ length: Math.max(1, stepsLeft) }, (_, b) => batchIdx(b)));
      for (let b = 0; b < perEpoch; b++) {
        await yieldToEvents();
        const waitFrom = performance.now();
        await control.gate();
        t0 += performance.now() - waitFrom;
        if (control.stopped) return this.finish('stopped', null, hooks);
        const idx = batchIdx(b);
        // Stop does not wait for a batch the augmentation worker has not made (or never will).
        const augmented = feed ? await Promise.race([feed.take(b), control.whenStopped.then(() => null)]) : undefined;
        if (control.stopped) return this.finish('stopped', null, hooks);
        const r = await this.trainBatch(idx, augmented ?? undefined);
        if (!r) {
          return this.finish(
            'diverged',
            `The loss became ${'NaN or infinite'} at epoch ${this.epoch + 1}, batch ${b + 1} (learning rate ${c.learningRate}). Training stopped and the last weights with a finite loss were kept; try a learning rate 10x lower.`,
            hooks,
          );
        }
        this.step++;
        images += idx.length;
        this.imagesRead += idx.length;
        const elapsed = performance.now() - t0;
        const point: BatchPoint = { step: this.step, epoch: this.epoch, loss: r.loss, accuracy: r.accuracy, ms: before + elapsed };
        this.batches.push(point);
        hooks.onBatch?.(point, b + 1, perEpoch, (images * 1000) / Math.max(1, elapsed), elapsed, feed?.stats() ?? null);
        // A step budget (the depth experiment) ends the run mid-epoch; that epoch is still validated.
        if (c.maxSteps !== undefined && this.step >= c.maxSteps) break;
      }
      const val = this.valIdx.length > 0 ? this.evaluate(this.train, this.valIdx) : null;
      this.imagesRead += this.valIdx.length;
      this.epoch++;
      const ep: EpochPoint = { step: this.step, epoch: this.epoch, valLoss: val?.loss ?? NaN, valAccuracy: val?.accuracy ?? NaN };
      this.epochs.push(ep);
      if (hooks.onCheckpoint) await hooks.onCheckpoint(await this.checkpoint());
      await hooks.onEpoch?.(ep, tf.memory().numTensors);
      if (c.maxSteps !== undefined && this.step >= c.maxSteps) break;
    }
    return this.finish('completed', null, hooks);
  }

  /**
   * The run's result with the test set's accuracy and confusion matrix. The final weights go to `onTrained` first:
   * on WebGPU in a worker, an async read after the synchronous test evaluation fails (Chromium 156 with SwiftShader: "A valid
   * external Instance reference no longer exists"), so the weights are read while that still works.
   */
  private async finish(status: TrainResult['status'], message: string | null, hooks: TrainHooks): Promise<TrainResult> {
    await hooks.onTrained?.();
    const all = new Uint32Array(this.test.count).map((_, i) => i);
    const test = this.test.count > 0 ? this.evaluate(this.test, all, true) : null;
    const f = this.featureReport;
    // Counted over this session (a resumed run counts from its resume); a run stopped early may have saved none.
    const features = f && f.source !== 'per batch' ? { ...f, passesSaved: Math.max(0, this.imagesRead + this.test.count - (f.source === 'computed' ? this.train.count + this.test.count : 0)) } : f;
    return { status, message, epochsDone: this.epoch, test, ...(features ? { features } : {}) };
  }

  /** Copies weights and optimizer state out of the backend. */
  async checkpoint(): Promise<Checkpoint> {
    const weights = await Promise.all(this.model.weights.map(async (w) => ({ name: w.name, shape: w.shape as number[], data: (await w.read().data()) as Float32Array })));
    const ow = await this.optimizer.getWeights();
    const optimizer = await Promise.all(ow.map(async (t) => ({ name: t.name, shape: t.tensor.shape, data: new Float32Array(await t.tensor.data()) })));
    // getWeights() returns a fresh iterations scalar; the accumulators are the optimizer's own variables.
    const iter = ow.find((t) => t.name === 'iter');
    if (iter) iter.tensor.dispose();
    return { config: this.config, epoch: this.epoch, step: this.step, weights, optimizer, batches: [...this.batches], epochs: [...this.epochs], savedAt: Date.now() };
  }

  /** Continues from a checkpoint of the same network: weights, optimizer state, step and curves. */
  async restore(c: Checkpoint): Promise<void> {
    const ws = this.model.weights;
    if (c.weights.length !== ws.length) throw new Error(`The checkpoint holds ${c.weights.length} weight tensors, the network has ${ws.length}`);
    ws.forEach((w, i) => {
      const saved = c.weights[i]!;
      if (saved.shape.join() !== (w.shape as number[]).join()) throw new Error(`Checkpoint weight ${saved.name} has shape ${saved.shape.join('x')}, the network's is ${w.shape.join('x')}`);
      tf.tidy(() => void w.write(tf.tensor(saved.data, saved.shape)));
    });
    if (c.optimizer.length > 0) {
      const named = c.optimizer.map((o) => ({ name: o.name, tensor: tf.tensor(o.data, o.shape) }));
      await this.optimizer.setWeights(named);
      // The optimizer's variables hold their own references to the data.
      tf.dispose(named.map((n) => n.tensor));
    }
    this.epoch = c.epoch;
    this.step = c.step;
    this.batches = [...c.batches];
    this.epochs = [...c.epochs];
  }

  dispose() {
    // The trained part applies the network's own layers a second time: it holds them too.
    this.split?.head.dispose();
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose(this.good);
  }
}
