/**
 * Reads the topology of a TF.js / Keras layers-format `model.json` (what `tensorflowjs_converter` and
 * `model.save()` write) into a NetworkSpec, so users analyse models they already have. Weights are not read.
 * Every layer kind the engine lacks is reported by name; nothing from the file is executed.
 */
import { analyze } from '../analyze';
import { parseSpec } from '../schema';
import { SCHEMA_VERSION, type LayerSpec, type NetworkSpec } from '../spec';
import { convertLayer, type KLayer } from './kerasLayers';

export type ImportResult = { ok: true; spec: NetworkSpec; notes: string[] } | { ok: false; error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/** Most layers a model.json may list before the import refuses it. */
const MAX_LAYERS = 5000;

/** True when a parsed JSON value looks like a Keras/TF.js layers model (so callers can pick this importer). */
export function isKerasModelJson(v: unknown): boolean {
  if (!isObj(v)) return false;
  return own(v, 'modelTopology') !== undefined || own(v, 'format') === 'layers-model' || typeof own(v, 'class_name') === 'string' || isObj(own(v, 'model_config'));
}

/** The {class_name, config} of the model inside the several wrappers Keras and TF.js use. */
function findModel(v: Obj): Obj | string {
  let cur: unknown = v;
  for (let i = 0; i < 4 && isObj(cur); i++) {
    if (typeof own(cur, 'class_name') === 'string' && own(cur, 'config') !== undefined) return cur;
    const next = own(cur, 'modelTopology') ?? own(cur, 'model_config');
    if (next === undefined) break;
    cur = next;
  }
  if (own(v, 'format') !== undefined && own(v, 'format') !== 'layers-model') {
    return `this model.json is in the '${String(own(v, 'format')).slice(0, 40)}' format; only the layers format (Keras models) has a topology to read`;
  }
  return 'no model topology found; expected a layers-format model.json with modelTopology {class_name, config}';
}

/** Converts a parsed model.json (or a bare Keras model config) into a validated spec. Never throws. */
export function importKerasModel(raw: unknown): ImportResult {
  try {
    return importOrFail(raw);
  } catch (e) {
    // Hostile shapes the checks did not foresee: a message, never a crash.
    return { ok: false, error: `Cannot read this model.json: ${e instanceof Error ? e.message.slice(0, 160) : 'unexpected structure'}.` };
  }
}

function importOrFail(raw: unknown): ImportResult {
  if (!isObj(raw)) return { ok: false, error: 'Cannot read this model.json: expected a JSON object.' };
  const model = findModel(raw);
  if (typeof model === 'string') return { ok: false, error: `Cannot read this model.json: ${model}.` };
  const cls = String(own(model, 'class_name'));
  const config = own(model, 'config');
  const layerList = Array.isArray(config) ? config : isObj(config) ? own(config, 'layers') : undefined;
  if (!Array.isArray(layerList)) return { ok: false, error: `Cannot read this model.json: the ${cls.slice(0, 40)} model has no list of layers.` };
  if (layerList.length > MAX_LAYERS) return { ok: false, error: `Cannot read this model.json: it lists ${layerList.length.toLocaleString('en-US')} layers, over the ${MAX_LAYERS.toLocaleString('en-US')} limit.` };
  const name = isObj(config) && typeof own(config, 'name') === 'string' ? (own(config, 'name') as string).slice(0, 200) : 'Imported Keras model';
  let graph: Graph | string;
  if (cls === 'Sequential') graph = sequentialGraph(layerList);
  else if (cls === 'Functional' || cls === 'Model') graph = functionalGraph(layerList, config as Obj);
  else return { ok: false, error: `Cannot read this model.json: unsupported model class '${cls.slice(0, 40)}'; expected Sequential, Functional or Model.` };
  if (typeof graph === 'string') return { ok: false, error: `Cannot read this model.json: ${graph}.` };

  const nodes: LayerSpec[] = [];
  const unsupported: string[] = [];
  const notes: string[] = [];
  const alias = new Map<string, string>();
  const wantOut = new Map<string, [number, number]>();
  const resolve = (id: string) => alias.get(id) ?? id;
  for (const l of graph.layers) {
    const r = convertLayer(l, l.inputs.map(resolve));
    if (r.kind === 'unsupported') {
      unsupported.push(`'${l.name.slice(0, 60)}' (${l.className.slice(0, 40)}${r.why ? `: ${r.why}` : ''})`);
      continue;
    }
    if (r.kind === 'identity') {
      alias.set(l.name, resolve(l.inputs[0] ?? ''));
      if (r.note) notes.push(r.note);
      continue;
    }
    nodes.push(...r.nodes);
    if (r.note) notes.push(r.note);
    if (r.outSize) wantOut.set(r.nodes[0]!.id, r.outSize);
  }
  if (unsupported.length > 0) {
    const n = unsupported.length;
    return { ok: false, error: `${n} layer${n === 1 ? ' is' : 's are'} not supported: ${unsupported.slice(0, 8).join(', ')}${n > 8 ? ` and ${n - 8} more` : ''}.` };
  }
  let spec: NetworkSpec = { schemaVersion: SCHEMA_VERSION, name, inputs: graph.inputs, nodes, outputs: graph.outputs.map(resolve) };
  if (wantOut.size > 0) spec = withCeilModes(spec, wantOut);
  const checked = parseSpec(spec);
  return checked.ok ? { ok: true, spec: checked.spec, notes } : { ok: false, error: checked.error };
}

/** Turns on ceil mode for the padded pools whose stored output size needs it (one analysis; order-independent). */
function withCeilModes(spec: NetworkSpec, want: Map<string, [number, number]>): NetworkSpec {
  let cur = spec;
  // Each pass fixes the pools whose inputs are known; a chain of them settles within a few passes.
  for (let pass = 0; pass < 8; pass++) {
    const a = analyze(cur);
    const flip = new Set(
      a.layers.filter((l) => want.has(l.id) && l.outputShape && (l.outputShape[0] !== want.get(l.id)![0] || l.outputShape[1] !== want.get(l.id)![1])).map((l) => l.id),
    );
    if (flip.size === 0) return cur;
    cur = { ...cur, nodes: cur.nodes.map((n) => (flip.has(n.id) && (n.kind === 'maxPool2d' || n.kind === 'avgPool2d') && !n.ceil ? { ...n, ceil: true } : n)) };
  }
  return cur;
}

interface Graph {
  inputs: NetworkSpec['inputs'];
  layers: KLayer[];
  outputs: string[];
}

function layerName(l: Obj, i: number): string {
  const c = own(l, 'config');
  const n = own(l, 'name') ?? (isObj(c) ? own(c, 'name') : undefined);
  return typeof n === 'string' && n.length > 0 ? n.slice(0, 200) : `layer_${i}`;
}

/** The [H, W, C] (or [N]) of a batch_input_shape / batch_shape, without the batch axis. */
function inputShapeOf(cfg: Obj): number[] | string {
  const s = own(cfg, 'batch_input_shape') ?? own(cfg, 'batch_shape');
  const shape = Array.isArray(s) ? s.slice(1) : Array.isArray(own(cfg, 'input_shape')) ? (own(cfg, 'input_shape') as unknown[]) : undefined;
  if (!shape) return 'the input layer has no batch_input_shape';
  if (!shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) return `the input shape ${JSON.stringify(shape).slice(0, 60)} has unknown or invalid sizes; give every axis a size`;
  if (shape.length !== 3 && shape.length !== 1) return `the input shape ${JSON.stringify(shape).slice(0, 60)} is not H x W x C or a vector`;
  if (shape.length === 3 && own(cfg, 'data_format') === 'channels_first') return 'channels_first inputs are not supported; use channels_last';
  return shape as number[];
}

function toLayer(l: unknown, i: number, inputs: string[]): KLayer | string {
  if (!isObj(l)) return `layer #${i} is not an object`;
  const cfg = own(l, 'config');
  return { name: layerName(l, i), className: typeof own(l, 'class_name') === 'string' ? (own(l, 'class_name') as string) : 'unknown', config: isObj(cfg) ? cfg : {}, inputs };
}

function sequentialGraph(list: unknown[]): Graph | string {
  const layers: KLayer[] = [];
  const inputs: NetworkSpec['inputs'] = [];
  let prev = '';
  for (let i = 0; i < list.length; i++) {
    const k = toLayer(list[i], i, prev ? [prev] : []);
    if (typeof k === 'string') return k;
    if (inputs.length === 0) {
      const shape = inputShapeOf(k.config);
      if (typeof shape === 'string') return `${shape} (layer '${k.name}')`;
      const inputId = k.className === 'InputLayer' ? k.name : 'input';
      inputs.push({ id: inputId, shape });
      prev = inputId;
      if (k.className === 'InputLayer') continue;
      k.inputs = [inputId];
    }
    layers.push(k);
    prev = k.name;
  }
  if (inputs.length === 0) return 'the model has no layers';
  return { inputs, layers, outputs: [prev] };
}

/** Names of the layers feeding a functional layer, from Keras 2 (nested lists) or Keras 3 (args with keras_history). */
function inboundNames(inbound: unknown): string[] | string {
  if (inbound === undefined || (Array.isArray(inbound) && inbound.length === 0)) return [];
  if (!Array.isArray(inbound)) return 'inbound_nodes is not a list';
  if (inbound.length > 1) return 'a layer called more than once (shared layers) is not supported';
  const node = inbound[0];
  const names: string[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8 || names.length > 1000) return;
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach((x) => visit(x, depth + 1));
    } else if (isObj(v)) {
      const cfg = own(v, 'config');
      const hist = isObj(cfg) ? own(cfg, 'keras_history') : undefined;
      if (Array.isArray(hist) && typeof hist[0] === 'string') names.push(hist[0]);
      else if (Array.isArray(own(v, 'args'))) visit(own(v, 'args'), depth + 1);
    }
  };
  visit(node, 0);
  return names;
}

function endpoints(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  if (typeof v[0] === 'string') return [v[0]];
  return v.flatMap((x) => (Array.isArray(x) && typeof x[0] === 'string' ? [x[0] as string] : []));
}

function functionalGraph(list: unknown[], config: Obj): Graph | string {
  const inputs: NetworkSpec['inputs'] = [];
  const layers: KLayer[] = [];
  for (let i = 0; i < list.length; i++) {
    const l = list[i];
    if (!isObj(l)) return `layer #${i} is not an object`;
    const from = inboundNames(own(l, 'inbound_nodes'));
    if (typeof from === 'string') return `layer '${layerName(l, i)}': ${from}`;
    const k = toLayer(l, i, from);
    if (typeof k === 'string') return k;
    if (k.className === 'InputLayer') {
      const shape = inputShapeOf(k.config);
      if (typeof shape === 'string') return `${shape} (layer '${k.name}')`;
      inputs.push({ id: k.name, shape });
    } else layers.push(k);
  }
  if (inputs.length === 0) return 'the model has no InputLayer';
  const outputs = endpoints(own(config, 'output_layers'));
  return { inputs, layers, outputs: outputs.length > 0 ? outputs : [layers[layers.length - 1]?.name ?? inputs[0]!.id] };
}

