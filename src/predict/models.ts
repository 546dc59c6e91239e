/**
 * What the answer needs to know of a model, from either side: a shipped model (its zoo network's MACs from the
 * engine) or the user's model.json (the engine's reading of its topology, and which pipeline its input calls for).
 * Shared by the Predict screen, `npm run predict` and the benchmark.
 */
import { analyze } from '../models/analyze';
import { importKerasModel } from '../models/import/keras';
import { zooSpec } from '../models/zoo';
import type { ModelRef } from './answer';
import type { NetworkSpec } from '../models/spec';
import { classNames, type ShippedModel } from './catalog';

/** A shipped model's network: its zoo network with as many outputs as the model has classes. */
export function shippedSpec(m: ShippedModel): NetworkSpec {
  const spec = zooSpec(m.zooId)!;
  const classes = classNames(m).length;
  return { ...spec, nodes: spec.nodes.map((n) => (n.id === spec.outputs[0] && n.kind === 'dense' ? { ...n, units: classes } : n)) };
}

const macsById = new Map<string, number>();

/** MACs of one forward pass of a shipped model's network (analysed once, then remembered). */
export function shippedMacs(m: ShippedModel): number {
  let macs = macsById.get(m.id);
  if (macs === undefined) {
    macs = analyze(shippedSpec(m)).totals.macs;
    macsById.set(m.id, macs);
  }
  return macs;
}

/** The ModelRef of a shipped model loaded with this input shape. */
export function shippedRef(m: ShippedModel, inputShape: readonly (number | null)[]): ModelRef {
  return { key: m.id, name: m.name, inputShape, macs: shippedMacs(m), labels: [...classNames(m)], pipeline: 'digit' };
}

/** Small one-channel inputs take MNIST-style digits (padded 28x28); anything else takes photos, resized. */
export function pipelineFor(inputShape: readonly (number | null)[]): 'digit' | 'photo' {
  const [h, w, c] = inputShape;
  return inputShape.length === 3 && c === 1 && (h ?? 28) <= 64 && (w ?? 28) <= 64 ? 'digit' : 'photo';
}

/** The engine's figures for a model.json's topology, or why it could not read it. */
export type EngineFigures = { params: number; macs: number; layers: number } | { error: string };

export function engineFigures(modelJson: string): EngineFigures {
  try {
    const r = importKerasModel(JSON.parse(modelJson));
    if (!r.ok) return { error: r.error };
    const a = analyze(r.spec);
    return { params: a.totals.params, macs: a.totals.macs, layers: a.layers.length };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
