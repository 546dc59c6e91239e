/**
 * Trained TF.js weights as the state_dict of the PyTorch module toPyTorch generates, and as a NumPy .npz that the
 * generated `load_convatlas_weights(model, path)` hands to a strict `model.load_state_dict`.
 * Layouts: convolution kernels HWIO -> OIHW, dense kernels [in, out] -> [out, in], and a vector that comes from
 * flattening an image has its features in TF's HWC order but in PyTorch's CHW order (torch.flatten of NCHW), so
 * the weights that read it (dense kernel rows, batch norm parameters) are permuted to match.
 */
import { zipSync } from 'fflate';
import { analyze } from '../analyze';
import { pair, type LayerSpec, type NetworkSpec } from '../spec';
import type { NamedWeight } from '../weights';
import { pythonNames } from './pytorch';

/** One entry of a PyTorch state_dict: its key ('conv1.weight'), shape, dtype and values in C order. */
export interface StateEntry {
  key: string;
  shape: number[];
  dtype: 'float32' | 'int64';
  data: Float32Array | BigInt64Array;
}

/**
 * For a vector-valued node, order[j] is the TF feature that PyTorch holds at position j; null where both agree
 * (images: channels are in the same order in NHWC and NCHW).
 */
type Order = Int32Array | null;

/** The HWC index of each CHW position of a flattened H x W x C image; null where the two orders agree. */
function chwOrder([h, w, c]: readonly number[]): Order {
  if (c === 1 || h! * w! === 1) return null;
  const order = new Int32Array(h! * w! * c!);
  for (let ci = 0, j = 0; ci < c!; ci++) for (let y = 0; y < h!; y++) for (let x = 0; x < w!; x++) order[j++] = (y * w! + x) * c! + ci;
  return order;
}

function sameOrder(a: Order, b: Order): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** HWIO [kh, kw, cin, cout] -> OIHW [cout, cin, kh, kw]. */
function hwioToOihw(k: Float32Array, kh: number, kw: number, cin: number, cout: number): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = k[((y * kw + x) * cin + i) * cout + o]!;
  return out;
}

/** Dense kernel [fin, units] -> PyTorch weight [units, fin], its input features taken in PyTorch's order. */
function denseWeight(k: Float32Array, fin: number, units: number, order: Order): Float32Array {
  const out = new Float32Array(k.length);
  for (let u = 0; u < units; u++) for (let j = 0; j < fin; j++) out[u * fin + j] = k[(order ? order[j]! : j) * units + u]!;
  return out;
}

function permute(v: Float32Array, order: Order): Float32Array {
  return order ? Float32Array.from(order, (i) => v[i]!) : v;
}

/**
 * Maps a TF.js model's weights (built from `spec` by buildModel; `layerNames` is its spec id -> TF.js layer name)
 * to the state_dict of the module toPyTorch(spec) generates, in the module's order. Layers the module lacks (on no
 * path to an output) are skipped. Throws an Error naming the layer for a weight that is missing, has the wrong
 * shape, or maps to nothing in the module.
 */
export function toStateDict(spec: NetworkSpec, layerNames: ReadonlyMap<string, string> | Record<string, string>, weights: NamedWeight[]): StateEntry[] {
  const analysis = analyze(spec);
  if (analysis.errorCount > 0) throw new Error(`Fix the network's errors before exporting weights (${analysis.errorCount})`);
  const tfNames: ReadonlyMap<string, string> = layerNames instanceof Map ? layerNames : new Map(Object.entries(layerNames));
  const py = pythonNames(spec, analysis);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const used = new Set<string>();
  const shapeOf = new Map(analysis.layers.map((l) => [l.id, l.outputShape!]));
  const nodeById = new Map(spec.nodes.map((n) => [n.id, n]));
  const orders = new Map<string, Order>(spec.inputs.map((i) => [i.id, null]));
  const entries: StateEntry[] = [];

  for (const l of analysis.layers) {
    if (l.kind === 'input' || !l.inModel) continue;
    const n = nodeById.get(l.id)! as LayerSpec;
    const inShape = shapeOf.get(n.inputs[0]!)!;
    const inOrder = orders.get(n.inputs[0]!)!;
    const what = `${n.kind} '${n.id}'`;
    const take = (param: string, shape: number[]): Float32Array => {
      const tfName = tfNames.get(n.id);
      if (tfName === undefined) throw new Error(`${what}: no TF.js layer name for it`);
      const w = byName.get(`${tfName}/${param}`);
      if (!w) throw new Error(`${what}: TF.js weight '${tfName}/${param}' is missing`);
      if (w.shape.join('x') !== shape.join('x') || w.data.length !== shape.reduce((a, c) => a * c, 1)) {
        throw new Error(`${what}: TF.js weight '${w.name}' has shape ${w.shape.join('x')} (${w.data.length} values); the PyTorch module needs ${shape.join('x')}`);
      }
      used.add(w.name);
      return w.data;
    };
    const put = (param: string, shape: number[], data: Float32Array) => entries.push({ key: `${py.get(n.id)!}.${param}`, shape, dtype: 'float32', data });
    const cin = inShape[inShape.length - 1]!;
    let order: Order = null;
    switch (n.kind) {
      case 'conv2d':
      case 'depthwiseConv2d': {
        const [kh, kw] = pair(n.kernel);
        const depthwise = n.kind === 'depthwiseConv2d';
        const mult = depthwise ? (n.depthMultiplier ?? 1) : 1;
        const groups = depthwise ? cin : (n.groups ?? 1);
        const cout = depthwise ? cin * mult : n.filters;
        // A depthwise kernel [kh, kw, cin, mult] is, read flat, HWIO [kh, kw, 1, cin * mult]: channel c * mult + m.
        const k = take(depthwise ? 'depthwise_kernel' : 'kernel', depthwise ? [kh, kw, cin, mult] : [kh, kw, cin / groups, cout]);
        put('weight', [cout, cin / groups, kh, kw], hwioToOihw(k, kh, kw, cin / groups, cout));
        if (n.bias !== false) put('bias', [cout], take('bias', [cout]));
        break;
      }
      case 'dense': {
        const fin = inShape.reduce((a, c) => a * c, 1);
        put('weight', [n.units, fin], denseWeight(take('kernel', [fin, n.units]), fin, n.units, inOrder));
        if (n.bias !== false) put('bias', [n.units], take('bias', [n.units]));
        break;
      }
      case 'batchNorm': {
        order = inOrder;
        for (const [tfParam, param] of [['gamma', 'weight'], ['beta', 'bias'], ['moving_mean', 'running_mean'], ['moving_variance', 'running_var']] as const) {
          put(param, [cin], permute(take(tfParam, [cin]), inOrder));
        }
        entries.push({ key: `${py.get(n.id)!}.num_batches_tracked`, shape: [], dtype: 'int64', data: new BigInt64Array(1) });
        break;
      }
      case 'flatten':
        order = inShape.length === 3 ? chwOrder(inShape) : inOrder;
        break;
      case 'dropout':
      case 'activation':
        order = inOrder;
        break;
      case 'add':
        if (!n.inputs.every((i) => sameOrder(orders.get(i)!, inOrder))) {
          throw new Error(`${what}: its inputs hold their features in different orders in PyTorch (a flattened image meets another vector), so no weights make the two modules agree`);
        }
        order = inOrder;
        break;
      case 'concat':
        if (l.outputShape!.length === 1 && n.inputs.some((i) => orders.get(i) !== null)) {
          const parts: number[] = [];
          for (const i of n.inputs) {
            const o = orders.get(i)!;
            const offset = parts.length;
            for (let j = 0; j < shapeOf.get(i)![0]!; j++) parts.push(offset + (o ? o[j]! : j));
          }
          order = Int32Array.from(parts);
        }
        break;
      // Pooling, padding and LRN see images; global pooling gives channels in the same order: no weights, no order.
    }
    orders.set(n.id, order);
  }

  const skipped = new Set(analysis.layers.filter((l) => l.kind !== 'input' && !l.inModel).flatMap((l) => [l.id, tfNames.get(l.id) ?? l.id]));
  for (const w of weights) {
    if (used.has(w.name) || skipped.has(w.name.slice(0, w.name.lastIndexOf('/')))) continue;
    throw new Error(`TF.js weight '${w.name}' maps to nothing in the PyTorch module`);
  }
  return entries;
}

/** One .npy file (format 1.0): magic, a dict header padded with spaces to a multiple of 64 bytes, then the data. */
function npy(e: StateEntry): Uint8Array {
  const shape = e.shape.length === 1 ? `(${e.shape[0]},)` : `(${e.shape.join(', ')})`;
  const dict = `{'descr': '${e.dtype === 'float32' ? '<f4' : '<i8'}', 'fortran_order': False, 'shape': ${shape}, }`;
  const headerLen = Math.ceil((10 + dict.length + 1) / 64) * 64 - 10;
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  const itemSize = e.dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(10 + headerLen + e.data.length * itemSize);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, headerLen & 0xff, headerLen >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, 10 + headerLen);
  if (e.data instanceof Float32Array) e.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else e.data.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  return out;
}

/** A NumPy .npz (an uncompressed zip of `<key>.npy` files) of state_dict entries, as `np.load` reads it. */
export function npz(entries: StateEntry[]): Uint8Array {
  // A fixed date, so the same weights always give the same bytes.
  return zipSync(Object.fromEntries(entries.map((e) => [`${e.key}.npy`, npy(e)])), { level: 0, mtime: new Date(1980, 0, 1) });
}
