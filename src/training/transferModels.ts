/**
 * The TF.js side of transfer learning: a pretrained model's weights (read by manifestWeights) copied by name into the
 * network a regime trains; the network split at the cut into a frozen backbone (run as at inference) and the
 * trained part (sharing the same layers, so training it trains the network); the backbone's features for a set of
 * images, computed once and cached; and a k-nearest-neighbour head on such features.
 */
import * as tf from '@tensorflow/tfjs';
import { toFloatBatch, type InputAdaptation } from '../data/adapt';
import type { ImageSet } from '../data/idx';
import type { NamedWeight } from '../models/weights';

/** A TF.js model.json and its (single) weights file, as `npm run pretrain` writes them. */
export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

/**
 * Copies each pretrained weight into the model's weight of the same name and shape (the layers the regime kept);
 * returns the names copied. A weight of the same name but another shape is an error: it would be a silent mismatch.
 */
export function copyPretrained(model: tf.LayersModel, weights: readonly NamedWeight[]): string[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const copied: string[] = [];
  for (const v of model.weights) {
    const w = byName.get(v.originalName);
    if (!w) continue;
    if (w.shape.join() !== v.shape.join()) throw new Error(`Pretrained ${w.name} is ${w.shape.join('x')}, the network's is ${v.shape.join('x')}`);
    tf.tidy(() => void v.write(tf.tensor(w.data, w.shape)));
    copied.push(w.name);
  }
  return copied;
}

/** The network as two models sharing its layers: the frozen backbone up to the cut, and the part trained on its output. */
export interface SplitModel {
  backbone: tf.LayersModel;
  head: tf.LayersModel;
  /** Values per image at the cut: the features' length. */
  featureSize: number;
  featureShape: number[];
}

/**
 * Splits a built network after the layer named `cutLayer`. The head is the same layer objects applied again to a new
 * input of the cut's shape (TF.js shares their weights), so training the head trains the network itself.
 */
export function splitAt(model: tf.LayersModel, cutLayer: string): SplitModel {
  const cutOut = model.getLayer(cutLayer).output as tf.SymbolicTensor;
  const backbone = tf.model({ inputs: model.inputs, outputs: cutOut });
  const featureShape = cutOut.shape.slice(1) as number[];
  const input = tf.input({ shape: featureShape });
  const mapped = new Map<number, tf.SymbolicTensor>([[cutOut.id, input]]);
  const layers = model.layers;
  const after = layers.slice(layers.indexOf(model.getLayer(cutLayer)) + 1);
  // Read every layer's own tensors before applying any: a layer applied twice no longer has one output.
  const wiring = after.map((l) => ({ layer: l, ins: [l.input].flat() as tf.SymbolicTensor[], out: l.output as tf.SymbolicTensor }));
  for (const { layer, ins, out } of wiring) {
    if (!ins.every((t) => mapped.has(t.id))) throw new Error(`${layer.name} reads a layer before the cut ${cutLayer}: the network cannot be cut there`);
    const args = ins.map((t) => mapped.get(t.id)!);
    mapped.set(out.id, layer.apply(args.length === 1 ? args[0]! : args) as tf.SymbolicTensor);
  }
  const out = mapped.get((model.outputs[0] as tf.SymbolicTensor).id);
  if (!out) throw new Error(`The output does not follow from ${cutLayer}`);
  const head = tf.model({ inputs: input, outputs: out });
  return { backbone, head, featureShape, featureSize: featureShape.reduce((a, b) => a * b, 1) };
}

/** The backbone's output (as at inference) for the images of `set` at `idx`, in chunks, flattened per image. */
export function computeFeatures(backbone: tf.LayersModel, set: ImageSet, idx: Uint32Array, adaptation: InputAdaptation, inputShape: [number, number, number], featureSize: number): Float32Array {
  const out = new Float32Array(idx.length * featureSize);
  const chunk = 32;
  for (let s = 0; s < idx.length; s += chunk) {
    const part = idx.subarray(s, Math.min(idx.length, s + chunk));
    const x = toFloatBatch(set.images, set.shape, part, adaptation);
    // Read after tidy returns: reading inside it ran at half the speed (wasm, Node 20).
    const y = tf.tidy(() => backbone.apply(tf.tensor4d(x, [part.length, ...inputShape]), { training: false }) as tf.Tensor);
    out.set(y.dataSync() as Float32Array, s * featureSize);
    y.dispose();
  }
  return out;
}

/** Where computed features are kept between runs (IndexedDB in the worker, a Map in tests), by key. */
export interface FeatureCache {
  get(key: string): Promise<Float32Array | null>;
  put(key: string, features: Float32Array): Promise<void>;
}

/** A FeatureCache in memory (Node, tests). */
export function memoryFeatureCache(): FeatureCache & { keys(): string[] } {
  const m = new Map<string, Float32Array>();
  return {
    get: (k) => Promise.resolve(m.get(k) ?? null),
    put: (k, f) => {
      m.set(k, f);
      return Promise.resolve();
    },
    keys: () => [...m.keys()],
  };
}

/**
 * The class k-nearest neighbours (Euclidean) vote for each query row; of tied classes, the one with the nearest
 * neighbour.
 * `train` is n x d, `query` m x d, row-major.
 */
export function knnClassify(train: Float32Array, labels: ArrayLike<number>, query: Float32Array, d: number, k: number, classes: number): Int32Array {
  const n = labels.length;
  const m = query.length / d;
  const kk = Math.max(1, Math.min(k, n));
  const out = new Int32Array(m);
  const t = tf.tensor2d(train, [n, d]);
  const tNorm = tf.tidy(() => tf.sum(tf.square(t), 1));
  const chunk = Math.max(1, Math.floor(4_000_000 / Math.max(1, n)));
  for (let s = 0; s < m; s += chunk) {
    const rows = Math.min(chunk, m - s);
    const idx = tf.tidy(() => {
      const q = tf.tensor2d(query.subarray(s * d, (s + rows) * d), [rows, d]);
      // Squared distance up to the query's own norm, which does not change its ranking: |t|^2 - 2 q.t
      const dist = tf.sub(tNorm, tf.mul(2, tf.matMul(q, t, false, true)));
      return tf.topk(tf.neg(dist), kk).indices.dataSync() as Int32Array;
    });
    for (let r = 0; r < rows; r++) {
      const votes = new Array<number>(classes).fill(0);
      for (let j = 0; j < kk; j++) votes[labels[idx[r * kk + j]!]!]! += 1;
      const most = Math.max(...votes);
      // Of the classes with the most votes, the one with the nearest neighbour (topk lists nearest first).
      let j = 0;
      while (votes[labels[idx[r * kk + j]!]!] !== most) j++;
      out[s + r] = labels[idx[r * kk + j]!]!;
    }
  }
  tf.dispose([t, tNorm]);
  return out;
}
