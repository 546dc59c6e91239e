/**
 * The one place that turns a NetworkSpec into a tf.LayersModel. Each spec node becomes one TF.js layer, or a
 * short chain (explicit padding -> convolution; add -> activation); `layerNames` maps a node to the last one.
 */
import * as tf from '@tensorflow/tfjs';
import { analyze, type NetworkAnalysis } from '../analyze';
import { pair, type LayerSpec, type NetworkSpec, type Padding } from '../spec';
import { axisOut } from '../layers/util';
import { TrainingBatchNorm } from './batchNorm';
import { GroupedConv2D, LocalResponseNorm, PaddedPool2D, ShortcutPad } from './customLayers';

export interface BuildOptions {
  /**
   * 'zeros' skips random initialisation: for reading shapes and counts of large networks quickly.
   * 'default' uses TF.js's initialisers (Glorot uniform kernels), for training.
   */
  init?: 'default' | 'zeros';
  /**
   * Seeds the Glorot-uniform kernel initialisers (layer k gets seed + k), so a training run starts from the same
   * weights every time (`npm run pretrain`). Unseeded when absent.
   */
  seed?: number;
}

export interface BuiltModel {
  model: tf.LayersModel;
  /** Spec node (or input) id -> name of the TF.js layer whose output is that node's output. */
  layerNames: Map<string, string>;
  analysis: NetworkAnalysis;
}

/** A spec that cannot become a TF.js model, with the reasons (engine errors, or limits of TF.js). */
export class BuildError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'BuildError';
  }
}

/** Problems that stop a valid spec from running on TF.js (its ops, not the user's mistakes). */
export function tfjsLimitations(spec: NetworkSpec): string[] {
  const out: string[] = [];
  for (const n of spec.nodes) {
    if (n.kind === 'conv2d' || n.kind === 'depthwiseConv2d') {
      const s = pair(n.stride ?? 1);
      const d = pair(n.dilation ?? 1);
      if (Math.max(...s) > 1 && Math.max(...d) > 1) {
        out.push(`${n.kind === 'conv2d' ? 'conv' : 'depthwise conv'} '${n.id}': TF.js cannot combine a stride and a dilation above 1 in one convolution; use one or the other`);
      }
      // TF.js 4.22's DepthwiseConv2D layer passes no dilation to its op (nor to its output shape): it would build a
      // network other than the one drawn.
      if (n.kind === 'depthwiseConv2d' && Math.max(...d) > 1) {
        out.push(`depthwise conv '${n.id}': TF.js's depthwise convolution layer ignores dilation, so this network cannot be built there; use dilation 1, or export it to PyTorch`);
      }
    }
  }
  return out;
}

/** Makes TF.js-legal, unique layer names from spec ids (TF.js names match /^[A-Za-z0-9][-A-Za-z0-9._/]*$/). */
function namer() {
  const used = new Set<string>();
  return (id: string, suffix = '') => {
    let base = (id + suffix).replace(/[^-A-Za-z0-9._/]/g, '_');
    if (!/^[A-Za-z0-9]/.test(base)) base = `L${base}`;
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
}

function tfPadding(p: Padding | undefined): 'valid' | 'same' | null {
  return p === undefined || p === 'valid' ? 'valid' : p === 'same' ? 'same' : null;
}

/**
 * Builds the TF.js model of a spec. Throws BuildError when the engine reports errors or TF.js cannot run it;
 * check `analyze(spec).errorCount` first to show the user the engine's messages instead.
 */
export function buildModel(spec: NetworkSpec, options: BuildOptions = {}): BuiltModel {
  const analysis = analyze(spec);
  const errors = analysis.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  const limits = tfjsLimitations(spec);
  if (errors.length > 0 || limits.length > 0) throw new BuildError([...errors, ...limits]);
  const shapeOf = new Map(analysis.layers.map((l) => [l.id, l.outputShape!]));
  const name = namer();
  const zeros = options.init === 'zeros';
  let seeded = 0;
  const glorot = () => (options.seed === undefined ? {} : { kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + seeded++ }) });
  const kernelInit = () => (zeros ? { kernelInitializer: 'zeros' as const } : glorot());
  const tensors = new Map<string, tf.SymbolicTensor>();
  const layerNames = new Map<string, string>();
  const inputs = spec.inputs.map((i) => {
    const t = tf.input({ shape: i.shape, name: name(i.id) });
    tensors.set(i.id, t);
    layerNames.set(i.id, t.sourceLayer.name);
    return t;
  });
  const inModel = new Set(analysis.layers.filter((l) => l.inModel).map((l) => l.id));
  const nodeById = new Map(spec.nodes.map((n) => [n.id, n]));
  for (const l of analysis.layers) {
    if (l.kind === 'input' || !inModel.has(l.id)) continue;
    const node = nodeById.get(l.id)!;
    const ins = node.inputs.map((i) => tensors.get(i)!);
    const inShape = shapeOf.get(node.inputs[0]!)!;
    const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
    // Explicit padding the TF.js layer cannot express becomes a ZeroPadding2D in front of it.
    const padFirst = (n: LayerSpec & { padding?: Padding }) => {
      const p = n.padding;
      if (p === undefined || typeof p === 'string') return ins[0]!;
      return apply(tf.layers.zeroPadding2d({ padding: [[p.top, p.bottom], [p.left, p.right]], name: name(n.id, '/pad') }), ins[0]!);
    };
    let out: tf.SymbolicTensor;
    switch (node.kind) {
      case 'conv2d': {
        const x = padFirst(node);
        const common = {
          filters: node.filters,
          kernelSize: pair(node.kernel),
          strides: pair(node.stride ?? 1),
          dilationRate: pair(node.dilation ?? 1),
          padding: tfPadding(node.padding) ?? 'valid',
          useBias: node.bias !== false,
          activation: node.activation ?? 'linear',
          name: name(node.id),
        };
        out =
          (node.groups ?? 1) > 1
            ? apply(new GroupedConv2D({ ...common, groups: node.groups!, ...(zeros ? { kernelInitializer: 'zeros' } : {}) }), x)
            : apply(tf.layers.conv2d({ ...common, ...kernelInit() }), x);
        break;
      }
      case 'depthwiseConv2d': {
        const x = padFirst(node);
        out = apply(
          tf.layers.depthwiseConv2d({
            kernelSize: pair(node.kernel),
            depthMultiplier: node.depthMultiplier ?? 1,
            strides: pair(node.stride ?? 1),
            dilationRate: pair(node.dilation ?? 1),
            padding: tfPadding(node.padding) ?? 'valid',
            useBias: node.bias !== false,
            activation: node.activation ?? 'linear',
            name: name(node.id),
            ...(zeros ? { depthwiseInitializer: 'zeros' as const } : options.seed === undefined ? {} : { depthwiseInitializer: tf.initializers.glorotUniform({ seed: options.seed + seeded++ }) }),
          }),
          x,
        );
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const simple = tfPadding(node.padding);
        const poolSize = pair(node.pool);
        const strides = pair(node.stride ?? node.pool);
        if (simple === 'same' || (simple === 'valid' && !node.ceil)) {
          // 'same' padding already rounds up (ceil(n / stride)), so ceil mode changes nothing there.
          const args = { poolSize, strides, padding: simple, name: name(node.id) };
          out = apply(node.kind === 'maxPool2d' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args), ins[0]!);
        } else {
          const p = node.padding && typeof node.padding === 'object' ? node.padding : { top: 0, bottom: 0, left: 0, right: 0 };
          const outSize: [number, number] = [
            axisOut(inShape[0]!, poolSize[0], strides[0], 1, p.top, p.bottom, node.ceil),
            axisOut(inShape[1]!, poolSize[1], strides[1], 1, p.left, p.right, node.ceil),
          ];
          out = apply(
            new PaddedPool2D({ mode: node.kind === 'maxPool2d' ? 'max' : 'avg', poolSize, strides, pads: [p.top, p.bottom, p.left, p.right], outSize, name: name(node.id) }),
            ins[0]!,
          );
        }
        break;
      }
      case 'globalAvgPool2d':
        out = apply(tf.layers.globalAveragePooling2d({ name: name(node.id) }), ins[0]!);
        break;
      case 'dense':
        out = apply(
          tf.layers.dense({ units: node.units, useBias: node.bias !== false, activation: node.activation ?? 'linear', name: name(node.id), ...kernelInit() }),
          ins[0]!,
        );
        break;
      case 'flatten':
        out = apply(tf.layers.flatten({ name: name(node.id) }), ins[0]!);
        break;
      case 'dropout':
        out = apply(tf.layers.dropout({ rate: node.rate, name: name(node.id) }), ins[0]!);
        break;
      case 'batchNorm':
        out = apply(new TrainingBatchNorm({ axis: -1, epsilon: node.epsilon ?? 1e-3, momentum: node.momentum ?? 0.99, name: name(node.id) }), ins[0]!);
        break;
      case 'lrn':
        out = apply(new LocalResponseNorm({ size: node.size, alpha: node.alpha, beta: node.beta, k: node.k, name: name(node.id) }), ins[0]!);
        break;
      case 'activation':
        out = apply(tf.layers.activation({ activation: node.fn, name: name(node.id) }), ins[0]!);
        break;
      case 'zeroPad2d': {
        const p = node.padding;
        out = apply(tf.layers.zeroPadding2d({ padding: [[p.top, p.bottom], [p.left, p.right]], name: name(node.id) }), ins[0]!);
        break;
      }
      case 'shortcutPad':
        out = apply(new ShortcutPad({ stride: node.stride ?? 2, channels: node.channels, name: name(node.id) }), ins[0]!);
        break;
      case 'add': {
        const act = node.activation ?? 'linear';
        out = apply(tf.layers.add({ name: name(node.id, act === 'linear' ? '' : '/sum') }), ins);
        if (act !== 'linear') out = apply(tf.layers.activation({ activation: act, name: name(node.id) }), out);
        break;
      }
      case 'concat':
        out = apply(tf.layers.concatenate({ axis: -1, name: name(node.id) }), ins);
        break;
    }
    tensors.set(node.id, out);
    layerNames.set(node.id, out.sourceLayer.name);
  }
  const model = tf.model({ inputs, outputs: spec.outputs.map((o) => tensors.get(o)!), name: name(spec.name) });
  // A frozen node's weights stay out of model.trainableWeights: no gradients, no optimizer state.
  for (const n of spec.nodes) if (n.trainable === false && layerNames.has(n.id)) model.getLayer(layerNames.get(n.id)!).trainable = false;
  return { model, layerNames, analysis };
}

/** Trainable and non-trainable parameter counts as TF.js sees them. */
export function tfjsParamCounts(model: tf.LayersModel): { total: number; trainable: number; nonTrainable: number } {
  const size = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  return { total: model.countParams(), trainable: size(model.trainableWeights), nonTrainable: size(model.nonTrainableWeights) };
}

/** Output shape (without batch) of the TF.js layer that carries a spec node's output. */
export function tfjsOutputShape(built: BuiltModel, nodeId: string): number[] {
  const layer = built.model.getLayer(built.layerNames.get(nodeId)!);
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1) as number[];
}
