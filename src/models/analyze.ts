/**
 * Whole-network analysis, a pure function of the spec: per-layer shapes, parameters, MACs and memory,
 * network totals, and every user mistake as a value (never an exception).
 */
import { layerDef, type IssueCode, type LayerProblem } from './layers';
import { fmtShape, isPosInt, product, show } from './layers/util';
import type { LayerKind, LayerSpec, NetworkSpec, Shape } from './spec';
import { formatBytes, formatCount } from './format';
import { applyField, describeField, inputTrace, type FieldTrace, type ReceptiveField } from './receptiveField';

export type Severity = 'error' | 'warning';

/** One thing wrong with the network, attached to a node where there is one. */
export interface AnalysisIssue {
  severity: Severity;
  code: IssueCode;
  /** The node (or input) at fault; null for problems of the network as a whole. */
  nodeId: string | null;
  /** Full sentence naming the node: "conv 'c5': a 5x5 kernel does not fit the 3x3 input; use padding 'same' or a smaller kernel". */
  message: string;
  fix?: string;
}

/** Analysis of one node (or input). Figures are zero when the shape is unknown. */
export interface LayerAnalysis {
  id: string;
  /** 'unknown' when the spec names a kind the engine does not know (an error says so). */
  kind: LayerKind | 'input' | 'unknown';
  /** Ids of the nodes feeding this one. */
  inputs: string[];
  /** Output shape without the batch dimension; null when it cannot be computed. */
  outputShape: Shape | null;
  trainableParams: number;
  nonTrainableParams: number;
  /** Learnable parameters (counted in trainableParams) of a layer marked `trainable: false`: training leaves them. */
  frozenParams: number;
  params: number;
  /** Multiply-accumulates per image (FLOPs = 2 x MACs); convolutions and dense layers only. */
  macs: number;
  /** Values this layer outputs per image (0 for views such as flatten; fused activations are not counted twice). */
  activationElements: number;
  activationBytes: number;
  weightBytes: number;
  /**
   * Which input pixels each output value depends on (size, jump and start per axis), or that it reads the whole
   * input; null without an output shape or an image input.
   */
  receptiveField: ReceptiveField | null;
  /** This node's own errors. */
  errors: AnalysisIssue[];
  /** Upstream nodes with errors that keep this node from being analysed. */
  blockedBy: string[];
  /** False when no path leads from this node to an output: it is not part of the built model or the totals. */
  inModel: boolean;
}

export interface NetworkTotals {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** The part of trainableParams in frozen layers: no gradients, no optimizer state. */
  frozenParams: number;
  macs: number;
  /** Sum of every layer's output (including the input image), per image. */
  activationElements: number;
  activationBytes: number;
  weightBytes: number;
  /** Number of conv and dense layers on the longest input-to-output path (how papers count depth). */
  depth: number;
  layers: number;
}

export interface NetworkAnalysis {
  name: string;
  /** Inputs first, then nodes in a topological order (nodes in a cycle last). */
  layers: LayerAnalysis[];
  /** Every issue: node errors, then network-level ones, then warnings. */
  issues: AnalysisIssue[];
  errorCount: number;
  totals: NetworkTotals;
  outputs: string[];
  bytesPerValue: number;
}

export interface AnalyzeOptions {
  /** 4 for float32 (default), 2 for float16, 1 for int8. */
  bytesPerValue?: number;
}

function label(kind: unknown): string {
  return layerDef(kind)?.label ?? (typeof kind === 'string' ? kind : 'layer');
}

function issue(nodeId: string | null, who: string, p: LayerProblem, severity: Severity = 'error'): AnalysisIssue {
  const suffix = p.fix ? `; ${p.fix}` : '';
  return { severity, code: p.code, nodeId, message: `${who}: ${p.message}${suffix}`, ...(p.fix ? { fix: p.fix } : {}) };
}

function emptyLayer(id: string, kind: LayerAnalysis['kind'], inputs: string[]): LayerAnalysis {
  return {
    id,
    kind,
    inputs,
    outputShape: null,
    trainableParams: 0,
    nonTrainableParams: 0,
    frozenParams: 0,
    params: 0,
    macs: 0,
    activationElements: 0,
    activationBytes: 0,
    weightBytes: 0,
    receptiveField: null,
    errors: [],
    blockedBy: [],
    inModel: false,
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Activations of one image above this (16 GiB) draw a warning: no browser or single GPU trains such a network. */
export const ABSURD_ACTIVATION_BYTES = 16 * 1024 ** 3;

/**
 * An output that is a vector of class scores but ends in relu or tanh: a classifier's last layer gives logits (no
 * activation; the loss applies softmax) or probabilities (softmax); sigmoid stays quiet (one yes/no per class).
 */
function classifierWarnings(outputs: readonly string[], rawNodes: readonly unknown[], layers: ReadonlyMap<string, LayerAnalysis>): AnalysisIssue[] {
  return outputs.flatMap((id) => {
    const node = rawNodes.find((n): n is Record<string, unknown> => isObj(n) && n.id === id);
    const shape = layers.get(id)?.outputShape;
    const fn = node?.kind === 'activation' ? node.fn : node?.activation;
    if (!node || !shape || shape.length !== 1 || shape[0]! < 2 || (fn !== 'relu' && fn !== 'tanh')) return [];
    const why = fn === 'relu' ? 'relu turns every negative score into 0, so classes tie and their gradients vanish' : 'tanh squeezes every score into -1..1, so the softmax over them stays nearly flat and confident answers are impossible';
    return [{ severity: 'warning' as const, code: 'classifier-activation', nodeId: id, message: `The output '${id}' ends in ${fn}: a classifier's last layer gives logits (no activation; the loss applies softmax) or probabilities (softmax). ${why[0]!.toUpperCase()}${why.slice(1)}.` }];
  });
}

/** Analyses a network spec. Never throws for malformed specs: every problem becomes an issue. */
export function analyze(spec: NetworkSpec, options: AnalyzeOptions = {}): NetworkAnalysis {
  const bpv = options.bytesPerValue ?? 4;
  const netIssues: AnalysisIssue[] = [];
  const warnings: AnalysisIssue[] = [];
  const s = spec as unknown as Record<string, unknown>;
  const rawInputs = Array.isArray(s?.inputs) ? (s.inputs as unknown[]) : [];
  const rawNodes = Array.isArray(s?.nodes) ? (s.nodes as unknown[]) : [];
  const outputs = Array.isArray(s?.outputs) ? (s.outputs as unknown[]).filter((o): o is string => typeof o === 'string') : [];
  const name = typeof s?.name === 'string' ? s.name : 'network';
  if (!Array.isArray(s?.nodes)) netIssues.push({ severity: 'error', code: 'bad-spec', nodeId: null, message: 'the network has no list of nodes' });

  const layers = new Map<string, LayerAnalysis>();
  const order: string[] = [];
  const traces = new Map<string, FieldTrace | null>();

  // Inputs.
  if (rawInputs.length === 0) netIssues.push({ severity: 'error', code: 'no-input', nodeId: null, message: 'the network has no input; add one with a shape such as 224x224x3' });
  rawInputs.forEach((raw, i) => {
    const id = isObj(raw) && typeof raw.id === 'string' && raw.id ? raw.id : `input_${i}`;
    if (layers.has(id)) {
      netIssues.push({ severity: 'error', code: 'duplicate-id', nodeId: id, message: `input '${id}': the id is used twice; rename one` });
      return;
    }
    const la = emptyLayer(id, 'input', []);
    const shape = isObj(raw) ? raw.shape : undefined;
    if (Array.isArray(shape) && (shape.length === 3 || shape.length === 1) && shape.every(isPosInt)) {
      la.outputShape = [...(shape as number[])];
      traces.set(id, inputTrace(id, la.outputShape));
      la.receptiveField = describeField(traces.get(id)!, la.outputShape);
    } else {
      la.errors.push(
        issue(id, `input '${id}'`, {
          code: 'non-positive-size',
          message: `the shape must be H x W x C (or a vector length) of positive whole numbers, got ${show(shape)}`,
          fix: 'use a shape such as 224x224x3',
        }),
      );
    }
    layers.set(id, la);
    order.push(id);
  });

  // Nodes: identity and kind.
  const specs = new Map<string, LayerSpec>();
  rawNodes.forEach((raw, i) => {
    const id = isObj(raw) && typeof raw.id === 'string' && raw.id ? raw.id : `node_${i}`;
    if (layers.has(id)) {
      netIssues.push({ severity: 'error', code: 'duplicate-id', nodeId: id, message: `${label(isObj(raw) ? raw.kind : undefined)} '${id}': the id is used twice; rename one` });
      return;
    }
    const inputs = isObj(raw) && Array.isArray(raw.inputs) ? raw.inputs.filter((x): x is string => typeof x === 'string') : [];
    const kind = isObj(raw) ? raw.kind : undefined;
    const def = layerDef(kind);
    const la = emptyLayer(id, def ? (kind as LayerKind) : 'unknown', inputs);
    if (!isObj(raw)) {
      la.errors.push(issue(id, `node #${i}`, { code: 'bad-spec', message: `is not an object (${show(raw)})` }));
    } else if (!def) {
      la.errors.push(issue(id, `layer '${id}'`, { code: 'unknown-kind', message: `unknown kind ${show(kind)}`, fix: 'use conv2d, dense, maxPool2d, ... (see the palette)' }));
    } else if (!Array.isArray(raw.inputs) || raw.inputs.length !== inputs.length) {
      la.errors.push(issue(id, `${def.label} '${id}'`, { code: 'bad-spec', message: 'inputs must be a list of node ids' }));
    }
    layers.set(id, la);
    specs.set(id, raw as unknown as LayerSpec);
  });

  // Topological order (Kahn), over edges whose source exists.
  const indeg = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const [id, la] of layers) {
    if (la.kind === 'input') continue;
    let d = 0;
    for (const src of new Set(la.inputs)) {
      if (!layers.has(src)) continue;
      d++;
      consumers.set(src, [...(consumers.get(src) ?? []), id]);
    }
    indeg.set(id, d);
  }
  const queue = [...layers.keys()].filter((id) => layers.get(id)!.kind === 'input' || indeg.get(id) === 0);
  const seen = new Set<string>();
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi]!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (layers.get(id)!.kind !== 'input') order.push(id);
    for (const c of consumers.get(id) ?? []) {
      const d = indeg.get(c)! - 1;
      indeg.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  const cyclic = [...layers.keys()].filter((id) => !seen.has(id));
  for (const id of cyclic) {
    const la = layers.get(id)!;
    const path = findCycle(id, layers, new Set(cyclic));
    la.errors.push(
      issue(id, `${label(la.kind)} '${id}'`, {
        code: 'cycle',
        message: path ? `is part of a cycle (${path.join(' -> ')})` : 'depends on a cycle',
        fix: 'remove one of the edges so data flows one way',
      }),
    );
    order.push(id);
  }

  // Shapes and costs, in order.
  for (const id of order) {
    const la = layers.get(id)!;
    if (la.kind === 'input' || cyclic.includes(id) || la.errors.length > 0) continue;
    const sp = specs.get(id)!;
    const def = layerDef(sp.kind)!;
    const who = `${def.label} '${id}'`;
    const missing = la.inputs.filter((src) => !layers.has(src));
    if (missing.length > 0) {
      la.errors.push(issue(id, who, { code: 'dangling-edge', message: `its input '${missing[0]}' does not exist`, fix: 'connect it to an existing layer' }));
      continue;
    }
    const [min, max] = def.arity;
    if (la.inputs.length < min || la.inputs.length > max) {
      const want = min === max ? `${min} input${min === 1 ? '' : 's'}` : `at least ${min} inputs`;
      la.errors.push(issue(id, who, { code: 'arity', message: `takes ${want}, got ${la.inputs.length}`, fix: la.inputs.length < min ? 'connect another branch to it' : 'merge the branches with add or concat first' }));
      continue;
    }
    const problems = def.check(sp);
    if (problems.length > 0) {
      la.errors.push(...problems.map((p) => issue(id, who, p)));
      continue;
    }
    const inShapes: Shape[] = [];
    for (const src of la.inputs) {
      const up = layers.get(src)!;
      if (up.outputShape) inShapes.push(up.outputShape);
      else la.blockedBy.push(...(up.errors.length > 0 || up.blockedBy.length === 0 ? [src] : up.blockedBy).filter((b) => !la.blockedBy.includes(b)));
    }
    if (la.blockedBy.length > 0) continue;
    let r;
    try {
      r = def.infer(sp, inShapes);
    } catch (e) {
      // A malformed field the checks did not anticipate: report it, never crash.
      r = { ok: false as const, problem: { code: 'bad-spec' as const, message: `cannot be analysed (${e instanceof Error ? e.message : String(e)})` } };
    }
    if (!r.ok) {
      la.errors.push(issue(id, who, r.problem));
      continue;
    }
    if (r.shape.some((d) => !(d > 0) || !Number.isFinite(d))) {
      la.errors.push(issue(id, who, { code: 'non-positive-size', message: `its output would be ${fmtShape(r.shape)}`, fix: 'use a smaller kernel or stride, or more padding' }));
      continue;
    }
    la.outputShape = r.shape;
    const c = def.cost(sp, inShapes, r.shape);
    la.trainableParams = c.trainable;
    la.nonTrainableParams = c.nonTrainable;
    la.frozenParams = sp.trainable === false ? c.trainable : 0;
    la.params = c.trainable + c.nonTrainable;
    la.macs = c.macs;
    la.activationElements = def.materializes ? product(r.shape) : 0;
    const trace = applyField(def.field(sp, inShapes), la.inputs.map((src) => traces.get(src) ?? null), inShapes);
    traces.set(id, trace);
    la.receptiveField = describeField(trace, r.shape);
  }
  for (const id of order) {
    const la = layers.get(id)!;
    if (la.kind === 'input' && la.outputShape) la.activationElements = product(la.outputShape);
    la.activationBytes = la.activationElements * bpv;
    la.weightBytes = la.params * bpv;
  }

  // Outputs, and which nodes lead to one.
  if (outputs.length === 0) netIssues.push({ severity: 'error', code: 'no-output', nodeId: null, message: 'the network has no output; mark its last layer as an output' });
  for (const o of outputs) {
    if (!layers.has(o)) netIssues.push({ severity: 'error', code: 'unknown-output', nodeId: null, message: `output '${o}' is not a layer of the network; pick an existing layer as output`, fix: 'pick an existing layer as output' });
  }
  const stack = outputs.filter((o) => layers.has(o));
  while (stack.length > 0) {
    const la = layers.get(stack.pop()!)!;
    if (la.inModel) continue;
    la.inModel = true;
    for (const src of la.inputs) if (layers.has(src)) stack.push(src);
  }
  for (const id of order) {
    const la = layers.get(id)!;
    if (!la.inModel && outputs.length > 0 && la.errors.length === 0) {
      warnings.push({ severity: 'warning', code: 'not-in-model', nodeId: id, message: `${label(la.kind)} '${id}': no path leads from it to an output, so it is not part of the model` });
    }
  }

  const list = order.map((id) => layers.get(id)!);
  const counted = list.filter((l) => l.inModel);
  const sum = (f: (l: LayerAnalysis) => number) => counted.reduce((a, l) => a + f(l), 0);
  const totals: NetworkTotals = {
    params: sum((l) => l.params),
    trainableParams: sum((l) => l.trainableParams),
    nonTrainableParams: sum((l) => l.nonTrainableParams),
    frozenParams: sum((l) => l.frozenParams),
    macs: sum((l) => l.macs),
    activationElements: sum((l) => l.activationElements),
    activationBytes: sum((l) => l.activationBytes),
    weightBytes: sum((l) => l.weightBytes),
    depth: weightedDepth(list, layers),
    layers: counted.filter((l) => l.kind !== 'input').length,
  };
  // Shapes that fit can still be absurd (VGG-16 at 99999x99999x3): say how big, before anyone tries to train it.
  if (totals.activationBytes > ABSURD_ACTIVATION_BYTES) {
    const input = list.find((l) => l.kind === 'input')?.outputShape;
    warnings.push({
      severity: 'warning',
      code: 'absurd-size',
      nodeId: null,
      message: `${input ? `At ${input.join('x')} the` : 'The'} network's activations for one image take ${formatBytes(totals.activationBytes)} and a forward pass ${formatCount(totals.macs)} MACs: more than any browser or GPU holds. Is the input size what you meant?`,
    });
  }
  warnings.push(...classifierWarnings(outputs, rawNodes, layers));
  const nodeErrors = list.flatMap((l) => l.errors);
  const errors = [...nodeErrors, ...netIssues];
  return { name, layers: list, issues: [...errors, ...warnings], errorCount: errors.length, totals, outputs, bytesPerValue: bpv };
}

function findCycle(start: string, layers: Map<string, LayerAnalysis>, within: Set<string>): string[] | null {
  // Walk upstream inside the cyclic set until a node repeats.
  const path: string[] = [start];
  const pos = new Map([[start, 0]]);
  let cur = start;
  for (;;) {
    const next = layers.get(cur)!.inputs.find((src) => within.has(src));
    if (next === undefined) return null;
    if (pos.has(next)) return [...path.slice(pos.get(next)!), next].reverse();
    pos.set(next, path.length);
    path.push(next);
    cur = next;
  }
}

function weightedDepth(list: LayerAnalysis[], layers: Map<string, LayerAnalysis>): number {
  const depth = new Map<string, number>();
  let best = 0;
  for (const l of list) {
    if (!l.inModel) continue;
    const up = Math.max(0, ...l.inputs.map((s) => depth.get(s) ?? 0));
    const own = l.kind === 'conv2d' || l.kind === 'dense' || l.kind === 'depthwiseConv2d' ? 1 : 0;
    depth.set(l.id, up + own);
    if (layers.has(l.id)) best = Math.max(best, up + own);
  }
  return best;
}

export type Optimizer = 'sgd' | 'momentum' | 'rmsprop' | 'adam';

/** Values of optimizer state kept per trainable parameter. */
export const OPTIMIZER_SLOTS: Record<Optimizer, number> = { sgd: 0, momentum: 1, rmsprop: 1, adam: 2 };

export interface TrainingMemory {
  batchSize: number;
  optimizer: Optimizer;
  weights: number;
  gradients: number;
  optimizerState: number;
  /** Every layer's output for the whole batch, kept for the backward pass. */
  activations: number;
  total: number;
}

/**
 * Training-memory estimate in bytes: weights + gradients + optimizer state + stored activations x batch. Frozen
 * layers keep their weights but have neither gradients nor optimizer state.
 */
export function trainingMemory(a: NetworkAnalysis, batchSize: number, optimizer: Optimizer = 'adam'): TrainingMemory {
  const b = a.bytesPerValue;
  const weights = a.totals.params * b;
  const learning = a.totals.trainableParams - a.totals.frozenParams;
  const gradients = learning * b;
  const optimizerState = learning * OPTIMIZER_SLOTS[optimizer] * b;
  const activations = a.totals.activationElements * batchSize * b;
  return { batchSize, optimizer, weights, gradients, optimizerState, activations, total: weights + gradients + optimizerState + activations };
}
