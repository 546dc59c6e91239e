/**
 * Edits of the network being built, as pure functions spec -> spec (never mutating, never throwing), so undo is
 * a stack of specs and every edit is tested in Node. Outputs follow the graph: every layer nothing consumes.
 */
import { LAYER_KINDS, pad, SCHEMA_VERSION, type LayerKind, type LayerSpec, type NetworkSpec, type Shape } from '../models';

/** A new, empty network: one MNIST-sized input and no layers. */
export function blankSpec(name = 'Untitled network', shape: Shape = [28, 28, 1]): NetworkSpec {
  return { schemaVersion: SCHEMA_VERSION, name, inputs: [{ id: 'input', shape: [...shape] }], nodes: [], outputs: [] };
}

/**
 * A new network that is valid from the start: the input, a flatten and a 10-way softmax classifier ('output'), so
 * the user adds layers after the input and sees figures, not an error, at every step.
 */
export function starterSpec(name = 'Untitled network', shape: Shape = [28, 28, 1]): NetworkSpec {
  return {
    ...blankSpec(name, shape),
    nodes: [
      { id: 'flatten', kind: 'flatten', inputs: ['input'] },
      { id: 'output', kind: 'dense', inputs: ['flatten'], units: 10, activation: 'softmax' },
    ],
    outputs: ['output'],
  };
}

/** Short id prefixes for new layers: conv1, pool2, dense3 ... */
const PREFIX: Record<LayerKind, string> = {
  conv2d: 'conv',
  depthwiseConv2d: 'dwconv',
  maxPool2d: 'maxpool',
  avgPool2d: 'avgpool',
  globalAvgPool2d: 'gap',
  dense: 'dense',
  flatten: 'flatten',
  dropout: 'dropout',
  batchNorm: 'bn',
  lrn: 'lrn',
  activation: 'act',
  zeroPad2d: 'pad',
  shortcutPad: 'shortcut',
  add: 'add',
  concat: 'concat',
};

/** A layer of a kind with sensible defaults (what the palette drops in). */
export function layerTemplate(kind: LayerKind, id: string, inputs: string[]): LayerSpec {
  switch (kind) {
    case 'conv2d':
      return { id, kind, inputs, filters: 32, kernel: 3, padding: 'same', activation: 'relu' };
    case 'depthwiseConv2d':
      return { id, kind, inputs, kernel: 3, padding: 'same', activation: 'relu' };
    case 'maxPool2d':
    case 'avgPool2d':
      return { id, kind, inputs, pool: 2 };
    case 'dense':
      return { id, kind, inputs, units: 10 };
    case 'dropout':
      return { id, kind, inputs, rate: 0.5 };
    case 'batchNorm':
      return { id, kind, inputs };
    case 'lrn':
      return { id, kind, inputs, size: 5, alpha: 1e-4, beta: 0.75, k: 2 };
    case 'activation':
      return { id, kind, inputs, fn: 'relu' };
    case 'zeroPad2d':
      return { id, kind, inputs, padding: pad(1) };
    case 'shortcutPad':
      return { id, kind, inputs, channels: 64 };
    case 'globalAvgPool2d':
    case 'flatten':
    case 'add':
    case 'concat':
      return { id, kind, inputs };
  }
}

/** True for a known layer kind (palette drops carry it as text). */
export function isLayerKind(v: unknown): v is LayerKind {
  return typeof v === 'string' && (LAYER_KINDS as readonly string[]).includes(v);
}

function allIds(spec: NetworkSpec): Set<string> {
  return new Set([...spec.inputs.map((i) => i.id), ...spec.nodes.map((n) => n.id)]);
}

/** The first free id `base1`, `base2`, ... (or `base` itself when `exact`). */
export function uniqueId(spec: NetworkSpec, base: string, exact = false, taken: Set<string> = allIds(spec)): string {
  if (exact && !taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** Sets outputs to every layer nothing consumes (the network's ends), in list order; an empty network has none. */
export function normalizeOutputs(spec: NetworkSpec): NetworkSpec {
  const used = new Set(spec.nodes.flatMap((n) => n.inputs));
  const outputs = spec.nodes.filter((n) => !used.has(n.id)).map((n) => n.id);
  const same = outputs.length === spec.outputs.length && outputs.every((o, i) => o === spec.outputs[i]);
  return same ? spec : { ...spec, outputs };
}

/** The id new layers attach to when nothing is selected: the last layer, or the first input. */
export function tailId(spec: NetworkSpec): string {
  return spec.nodes[spec.nodes.length - 1]?.id ?? spec.inputs[0]?.id ?? 'input';
}

/**
 * Inserts a chain of new nodes after `after`. 'chain' splices them in (what consumed `after` now consumes the
 * chain's end); 'branch' leaves existing consumers alone, starting a parallel path. `head` must already list
 * `after` among the first new node's inputs.
 */
export function insertAfter(spec: NetworkSpec, after: string | null, newNodes: LayerSpec[], end: string, mode: 'chain' | 'branch' = 'chain'): NetworkSpec {
  if (newNodes.length === 0) return spec;
  const newIds = new Set(newNodes.map((n) => n.id));
  let nodes = spec.nodes;
  if (mode === 'chain' && after !== null) {
    nodes = nodes.map((n) => (n.inputs.includes(after) ? { ...n, inputs: n.inputs.map((i) => (i === after ? end : i)) } : n));
  }
  const idx = after === null ? -1 : nodes.findIndex((n) => n.id === after);
  // Keep list order readable: the new nodes go right after `after` (inputs: at the top; unknown: at the end).
  const at = after === null ? nodes.length : idx >= 0 ? idx + 1 : spec.inputs.some((i) => i.id === after) ? 0 : nodes.length;
  const next = [...nodes.slice(0, at), ...newNodes.filter((n) => newIds.has(n.id)), ...nodes.slice(at)];
  return normalizeOutputs({ ...spec, nodes: next });
}

/** Adds one layer of a kind after `after` (spliced into the chain); a merge takes the other open ends too. */
export function addLayer(spec: NetworkSpec, kind: LayerKind, after: string | null): { spec: NetworkSpec; id: string } {
  const from = after ?? tailId(spec);
  const id = uniqueId(spec, PREFIX[kind]);
  if (kind === 'add' || kind === 'concat') {
    // Merge the selected path with the other open ends (branches that lead nowhere yet).
    const others = spec.outputs.filter((o) => o !== from);
    const node = layerTemplate(kind, id, [from, ...others]);
    const merged = spec.nodes.map((n) => n);
    const at = Math.max(...[from, ...others].map((o) => merged.findIndex((n) => n.id === o)));
    const nodes = [...merged.slice(0, at + 1), node, ...merged.slice(at + 1)];
    return { spec: normalizeOutputs({ ...spec, nodes }), id };
  }
  return { spec: insertAfter(spec, from, [layerTemplate(kind, id, [from])], id), id };
}

/** Adds one layer of a kind fed by `from` without rewiring anything: a new branch. */
export function addBranch(spec: NetworkSpec, kind: LayerKind, from: string): { spec: NetworkSpec; id: string } {
  const id = uniqueId(spec, PREFIX[kind]);
  return { spec: insertAfter(spec, from, [layerTemplate(kind, id, [from])], id, 'branch'), id };
}

/** Deletes a layer; what consumed it is reconnected to its (first) input, so a chain stays a chain. */
export function deleteNode(spec: NetworkSpec, id: string): NetworkSpec {
  const node = spec.nodes.find((n) => n.id === id);
  if (!node) return spec;
  const replacement = node.inputs[0];
  const nodes = spec.nodes
    .filter((n) => n.id !== id)
    .map((n) => {
      if (!n.inputs.includes(id)) return n;
      const inputs = n.inputs.flatMap((i) => (i !== id ? [i] : replacement !== undefined && !n.inputs.includes(replacement) ? [replacement] : []));
      return { ...n, inputs };
    });
  return normalizeOutputs({ ...spec, nodes });
}

/**
 * Moves a layer one step up or down. In a plain chain (a single-input layer fed by a layer it alone consumes)
 * the two swap places in the data flow, e.g. putting batch norm before the ReLU; otherwise only the list order changes.
 */
export function moveNode(spec: NetworkSpec, id: string, dir: -1 | 1): NetworkSpec {
  const i = spec.nodes.findIndex((n) => n.id === id);
  const j = i + dir;
  if (i < 0 || j < 0 || j >= spec.nodes.length) return spec;
  const [upper, lower] = dir === -1 ? [spec.nodes[j]!, spec.nodes[i]!] : [spec.nodes[i]!, spec.nodes[j]!];
  const consumersOfUpper = spec.nodes.filter((n) => n.inputs.includes(upper.id));
  const chained = lower.inputs.length === 1 && lower.inputs[0] === upper.id && upper.inputs.length === 1 && consumersOfUpper.length === 1;
  const nodes = [...spec.nodes];
  if (!chained) {
    nodes[i] = spec.nodes[j]!;
    nodes[j] = spec.nodes[i]!;
    return normalizeOutputs({ ...spec, nodes });
  }
  // upper -> lower becomes lower -> upper: lower takes upper's input, upper takes lower, lower's consumers take upper.
  const src = upper.inputs[0]!;
  const rewired = spec.nodes.map((n) => {
    if (n.id === lower.id) return { ...n, inputs: [src] };
    if (n.id === upper.id) return { ...n, inputs: [lower.id] };
    return n.inputs.includes(lower.id) ? { ...n, inputs: n.inputs.map((x) => (x === lower.id ? upper.id : x)) } : n;
  });
  const a = Math.min(i, j);
  const swapped = [...rewired];
  swapped[a] = rewired[a + 1]!;
  swapped[a + 1] = rewired[a]!;
  return normalizeOutputs({ ...spec, nodes: swapped });
}

/** Replaces one field of a layer (undefined removes it). */
export function updateNode(spec: NetworkSpec, id: string, field: string, value: unknown): NetworkSpec {
  if (field === 'id' || field === 'kind' || field === 'inputs') return spec;
  let changed = false;
  const nodes = spec.nodes.map((n) => {
    if (n.id !== id) return n;
    const cur = (n as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(cur) === JSON.stringify(value)) return n;
    changed = true;
    const next = { ...n } as Record<string, unknown>;
    if (value === undefined) delete next[field];
    else next[field] = value;
    return next as unknown as LayerSpec;
  });
  return changed ? { ...spec, nodes } : spec;
}

/** Sets a layer's inputs (the edges into it): branch and merge by hand. */
export function setInputs(spec: NetworkSpec, id: string, inputs: string[]): NetworkSpec {
  const nodes = spec.nodes.map((n) => (n.id === id ? { ...n, inputs: [...inputs] } : n));
  return normalizeOutputs({ ...spec, nodes });
}

/** Renames a layer and every reference to it; refuses (returns a message) an empty or taken id. */
export function renameNode(spec: NetworkSpec, id: string, next: string): NetworkSpec | string {
  const name = next.trim();
  if (name === id) return spec;
  if (name === '') return 'a layer name cannot be empty';
  if (name.length > 200) return 'a layer name must be at most 200 characters';
  if (allIds(spec).has(name)) return `the name '${name}' is already used by another layer`;
  const nodes = spec.nodes.map((n) => ({ ...n, id: n.id === id ? name : n.id, inputs: n.inputs.map((i) => (i === id ? name : i)) }));
  return normalizeOutputs({ ...spec, nodes });
}

/** Sets the (first) input's shape. */
export function setInputShape(spec: NetworkSpec, shape: Shape): NetworkSpec {
  const cur = spec.inputs[0];
  if (!cur || (cur.shape.length === shape.length && cur.shape.every((d, i) => d === shape[i]))) return spec;
  return { ...spec, inputs: spec.inputs.map((inp, i) => (i === 0 ? { ...inp, shape: [...shape] } : inp)) };
}

/** Renames the network itself. */
export function setName(spec: NetworkSpec, name: string): NetworkSpec {
  const n = name.slice(0, 200);
  return n === spec.name ? spec : { ...spec, name: n };
}
