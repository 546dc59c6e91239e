/**
 * Loading TF.js layers models from model.json text and weight files, and predicting with them. Used by the
 * prediction worker in the browser and by `npm run predict` and the tests in Node. Every way a model can be wrong
 * (JSON that does not parse, a graph model, missing or short weight files, layers TF.js does not know, more than
 * one input, an input that does not match) ends as a ModelLoadError whose message names the file and the problem.
 */
import * as tf from '@tensorflow/tfjs';
import '../models/tfjs/customLayers';
import { insideOf } from './inside';
import type { InsideOptions, InsideResult, LoadedModelInfo, Prediction } from './predictProtocol';

export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype?: string };
}
interface ManifestGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface ParsedModelJson {
  modelTopology: object;
  manifest: ManifestGroup[];
  /** Weight file names as the manifest writes them (paths relative to model.json), in order. */
  paths: string[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2, bool: 1 };

/** Bytes the manifest says its weights occupy (quantised weights at their stored size). */
export function manifestBytes(manifest: ManifestGroup[]): number {
  let n = 0;
  for (const g of manifest) {
    for (const w of g.weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      n += size * (BYTES[w.quantization?.dtype ?? w.dtype] ?? 4);
    }
  }
  return n;
}

/** Parses and checks a model.json; throws ModelLoadError naming `fileName` and what is wrong. */
export function parseModelJson(text: string, fileName: string): ParsedModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelLoadError(`${fileName} is not valid JSON (${e instanceof Error ? e.message : String(e)}); a TF.js model.json is one JSON object.`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ModelLoadError(`${fileName} is JSON but not an object; a TF.js model.json is one object with "modelTopology" and "weightsManifest".`);
  const o = raw as Record<string, unknown>;
  if (o.format === 'graph-model' || (o.modelTopology && typeof o.modelTopology === 'object' && 'node' in (o.modelTopology as object))) {
    throw new ModelLoadError(`${fileName} is a TF.js graph model (converted from a SavedModel); ConvAtlas runs layers models (Keras), whose "modelTopology" holds a "model_config".`);
  }
  if (!o.modelTopology || typeof o.modelTopology !== 'object') throw new ModelLoadError(`${fileName} has no "modelTopology", so it is not a TF.js layers model.json.`);
  const manifest = o.weightsManifest;
  if (!Array.isArray(manifest)) throw new ModelLoadError(`${fileName} has no "weightsManifest", so there is no way to find its weights.`);
  const groups: ManifestGroup[] = [];
  for (const [i, g] of manifest.entries()) {
    const ok =
      g !== null &&
      typeof g === 'object' &&
      Array.isArray(g.paths) &&
      g.paths.every((p: unknown) => typeof p === 'string') &&
      Array.isArray(g.weights) &&
      g.weights.every((w: unknown) => w !== null && typeof w === 'object' && typeof (w as WeightEntry).name === 'string' && Array.isArray((w as WeightEntry).shape) && (w as WeightEntry).shape.every((d) => Number.isInteger(d) && d >= 0));
    if (!ok) throw new ModelLoadError(`${fileName}: weightsManifest entry ${i + 1} is malformed (each needs "paths": [file names] and "weights": [{name, shape, dtype}]).`);
    groups.push(g as ManifestGroup);
  }
  return { modelTopology: o.modelTopology, manifest: groups, paths: groups.flatMap((g) => g.paths) };
}

/** The file name part of a manifest path ("group1-shard1of2.bin" from "./group1-shard1of2.bin"). */
export function baseName(p: string): string {
  const last = p.split(/[\\/]/).pop() ?? p;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Concatenates the weight files in manifest order; throws when one is missing or the sizes disagree. */
export function assembleWeights(parsed: ParsedModelJson, files: ReadonlyMap<string, ArrayBuffer>, fileName: string): ArrayBuffer {
  const names = parsed.paths.map(baseName);
  const missing = names.filter((n) => !files.has(n));
  if (missing.length > 0) {
    throw new ModelLoadError(
      `${fileName} needs ${names.length} weight file${names.length === 1 ? '' : 's'} (${names.join(', ')}); missing: ${missing.join(', ')}. Pick the weight files together with model.json.`,
    );
  }
  const parts = names.map((n) => files.get(n)!);
  const have = parts.reduce((a, b) => a + b.byteLength, 0);
  const need = manifestBytes(parsed.manifest);
  if (have !== need) {
    throw new ModelLoadError(`The weight files hold ${have.toLocaleString('en-US')} bytes but ${fileName} describes ${need.toLocaleString('en-US')} bytes of weights: they belong to another model or are damaged.`);
  }
  return tf.io.concatenateArrayBuffers(parts);
}

/** Builds the model from model.json text and its weight files (by file name). */
export async function modelFromFiles(modelJson: string, fileName: string, files: ReadonlyMap<string, ArrayBuffer>): Promise<tf.LayersModel> {
  const parsed = parseModelJson(modelJson, fileName);
  const weightData = assembleWeights(parsed, files, fileName);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.manifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[], weightData }));
  } catch (e) {
    throw new ModelLoadError(`TF.js could not build ${fileName}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (model.inputs.length !== 1 || model.outputs.length < 1) {
    const n = model.inputs.length;
    model.dispose();
    throw new ModelLoadError(`${fileName} has ${n} inputs; ConvAtlas predicts with single-input image models.`);
  }
  return model;
}

/** Fetches a model.json and the weight files its manifest names (relative to it). */
export async function fetchModelFiles(url: string, fetchFn: typeof fetch = fetch): Promise<{ modelJson: string; fileName: string; files: Map<string, ArrayBuffer> }> {
  const get = async (u: string) => {
    let r: Response;
    try {
      r = await fetchFn(u);
    } catch (e) {
      throw new ModelLoadError(`Could not fetch ${u}: ${e instanceof Error ? e.message : String(e)} (is the address right, and does the server allow cross-origin requests?)`);
    }
    if (!r.ok) throw new ModelLoadError(`${u} answered HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}.`);
    return r;
  };
  const modelJson = await (await get(url)).text();
  const fileName = baseName(new URL(url, 'http://x/').pathname) || url;
  if (/^\s*</.test(modelJson)) throw new ModelLoadError(`${url} answered with a web page, not a model.json: is the address right?`);
  const parsed = parseModelJson(modelJson, fileName);
  const files = new Map<string, ArrayBuffer>();
  for (const p of parsed.paths) files.set(baseName(p), await (await get(new URL(p, new URL(url, globalThis.location?.href ?? 'http://localhost/')).href)).arrayBuffer());
  return { modelJson, fileName, files };
}

function lastActivation(model: tf.LayersModel): string | null {
  const layer = model.outputs[0]!.sourceLayer;
  const cfg = layer.getConfig() as { activation?: unknown };
  if (layer.getClassName() === 'Softmax') return 'softmax';
  return typeof cfg.activation === 'string' ? cfg.activation : null;
}

/**
 * Where a model's scores before softmax (its logits) can be read: its output where it ends in raw scores, the input
 * of a last Softmax (or softmax Activation) layer, the last softmax Dense layer's input times its kernel plus bias;
 * null where softmax sits inside some other layer.
 */
type ScoreSource = { kind: 'output' } | { kind: 'input'; model: tf.LayersModel } | { kind: 'dense'; model: tf.LayersModel; layer: tf.layers.Layer } | null;

function scoreSource(model: tf.LayersModel, softmax: boolean): ScoreSource {
  if (!softmax) return { kind: 'output' };
  const layer = model.outputs[0]!.sourceLayer;
  const name = layer.getClassName();
  if (name !== 'Softmax' && name !== 'Activation' && name !== 'Dense') return null;
  let input: tf.SymbolicTensor | tf.SymbolicTensor[];
  try {
    input = layer.input;
  } catch {
    return null; // a layer used in more than one place has no single input
  }
  if (Array.isArray(input)) return null;
  let before: tf.LayersModel;
  try {
    before = tf.model({ inputs: model.inputs, outputs: input });
  } catch {
    return null; // e.g. a softmax applied straight to the input
  }
  return name === 'Dense' ? { kind: 'dense', model: before, layer } : { kind: 'input', model: before };
}

/** Models by key, and batched prediction with them. */
export class Predictor {
  // `scores` shares the model's layers (it owns no weights): disposing `model` is enough.
  private readonly models = new Map<string, { model: tf.LayersModel; softmax: boolean; scores: ScoreSource }>();

  async load(key: string, modelJson: string, fileName: string, files: ReadonlyMap<string, ArrayBuffer>): Promise<LoadedModelInfo> {
    const t0 = performance.now();
    const model = await modelFromFiles(modelJson, fileName, files);
    const out = model.outputs[0]!.shape;
    if (out.length !== 2 || out[1] === null) {
      model.dispose();
      throw new ModelLoadError(`${fileName} ends in an output of shape [${out.join(', ')}]; ConvAtlas needs class scores, shape [batch, classes].`);
    }
    this.unload(key);
    const softmax = lastActivation(model) === 'softmax';
    this.models.set(key, { model, softmax, scores: scoreSource(model, softmax) });
    let weightBytes = 0;
    for (const f of files.values()) weightBytes += f.byteLength;
    return {
      key,
      inputShape: model.inputs[0]!.shape.slice(1),
      outputUnits: out[1]!,
      params: model.countParams(),
      weightBytes,
      modelJson,
      softmaxOutput: softmax,
      loadMs: performance.now() - t0,
    };
  }

  has(key: string): boolean {
    return this.models.has(key);
  }

  /** The loaded model under `key`, checked against `count` inputs of `shape`; ModelLoadError when they do not fit. */
  private fitting(key: string, input: Float32Array, count: number, shape: readonly [number, number, number]) {
    const m = this.models.get(key);
    if (!m) throw new ModelLoadError(`No model is loaded as '${key}'.`);
    const want = m.model.inputs[0]!.shape.slice(1);
    const fits = want.length === 3 && want.every((d, i) => d === null || d === shape[i]);
    if (!fits) throw new ModelLoadError(`The model takes inputs of shape ${want.map((d) => d ?? '?').join('x')}; it was given ${shape.join('x')}.`);
    if (input.length !== count * shape[0] * shape[1] * shape[2]) throw new ModelLoadError(`The input holds ${input.length} values, not ${count} x ${shape.join('x')}.`);
    return m;
  }

  /**
   * Probabilities for `count` inputs of `shape` (NHWC data), softmax applied when the model ends without one, and the
   * scores before softmax where they can be read (the energy score of out-of-distribution checks needs them).
   */
  async predict(key: string, input: Float32Array, count: number, shape: readonly [number, number, number]): Promise<Prediction> {
    const m = this.fitting(key, input, count, shape);
    const t0 = performance.now();
    const [probs, logits] = tf.tidy(() => {
      const x = tf.tensor4d(input, [count, ...shape]);
      const first = (out: tf.Tensor | tf.Tensor[]) => (Array.isArray(out) ? out[0]! : out);
      const s = m.scores;
      if (s?.kind === 'dense') {
        const [kernel, bias] = s.layer.getWeights();
        const z = tf.matMul(first(s.model.predict(x)).reshape([count, -1]), kernel!);
        const l = bias ? tf.add(z, bias) : z;
        return [tf.softmax(l), l];
      }
      if (s?.kind === 'input') {
        const l = first(s.model.predict(x));
        return [tf.softmax(l), l];
      }
      const out = first(m.model.predict(x));
      return m.softmax ? [out] : [tf.softmax(out), out];
    });
    const data = (await probs!.data()) as Float32Array;
    const scores = logits ? new Float32Array((await logits.data()) as Float32Array) : null;
    const classes = probs!.shape[1]!;
    probs!.dispose();
    logits?.dispose();
    return { probs: new Float32Array(data), logits: scores, count, classes, ms: performance.now() - t0 };
  }

  /** What the model computes inside for one input: every layer's output, filters, Grad-CAM, a worked-out value. */
  async inside(key: string, input: Float32Array, shape: readonly [number, number, number], options: InsideOptions): Promise<InsideResult> {
    return insideOf(this.fitting(key, input, 1, shape).model, key, input, shape, options);
  }

  unload(key: string) {
    this.models.get(key)?.model.dispose();
    this.models.delete(key);
  }

  dispose() {
    for (const k of [...this.models.keys()]) this.unload(k);
  }
}
