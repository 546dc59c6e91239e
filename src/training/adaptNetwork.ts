/**
 * Fitting a network to a dataset by changing the network, not refusing it: a classifier head with the dataset's
 * number of classes, an input with the images' channels, and an input size the images fit (padded when a little
 * smaller, the network's input shrunk when it is many times larger than the images). Each change is a sentence for
 * the diff the user confirms; the engine re-analyses the result. Pure: no DOM, no store, no TF.js.
 */
import { analyze } from '../models/analyze';
import { withInputShape, type LayerSpec, type NetworkSpec } from '../models/spec';
import type { Shape3 } from '../data/adapt';

/** One change to the spec, for the diff: what it was, what it becomes. */
export interface SpecChange {
  /** The node changed (an input or a layer id). */
  node: string;
  what: string;
  before: string;
  after: string;
}

/** The adapted spec and what changed, or why no adaptation can make the network take the data. */
export type NetworkAdaptation = { ok: true; spec: NetworkSpec; changes: SpecChange[] } | { ok: false; message: string };

/** Sizes tried (smallest first, never below the images') when an input many times larger than the images is shrunk. */
const INPUT_SIZES = [32, 64, 96, 128, 160, 192, 224, 256];

/** Layers that pass their input's meaning through unchanged, walked over to find the classifier head. */
const PASS_THROUGH = new Set<LayerSpec['kind']>(['activation', 'dropout', 'flatten', 'globalAvgPool2d', 'batchNorm']);

const fmt = (s: readonly number[]) => s.join('x');

/** The layer whose units (dense) or filters (1x1 conv classifier, as in SqueezeNet) set the output's class count. */
function headOf(spec: NetworkSpec): Extract<LayerSpec, { kind: 'dense' } | { kind: 'conv2d' }> | null {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  let n = byId.get(spec.outputs[0] ?? '');
  while (n && PASS_THROUGH.has(n.kind)) n = byId.get(n.inputs[0] ?? '');
  return n && (n.kind === 'dense' || n.kind === 'conv2d') ? n : null;
}

const errorsOf = (spec: NetworkSpec) => analyze(spec).issues.filter((i) => i.severity === 'error');

/**
 * Adapts `spec` to images of shape `data` with `classes` classes. An unchanged spec (no changes) when it already
 * fits; a refusal when it has more than one input, no image input, no recognisable head, or no input size works.
 */
export function adaptNetwork(spec: NetworkSpec, data: Shape3, classes: number): NetworkAdaptation {
  if (spec.inputs.length !== 1 || spec.outputs.length !== 1) return { ok: false, message: `The network has ${spec.inputs.length} inputs and ${spec.outputs.length} outputs; training takes one image input and one class output.` };
  const input = spec.inputs[0]!;
  if (input.shape.length !== 3) return { ok: false, message: `The network's input is ${fmt(input.shape)}, not an image (H x W x C).` };
  const existing = errorsOf(spec);
  if (existing.length > 0) return { ok: false, message: `Fix the network's errors first: ${existing[0]!.message}` };
  const changes: SpecChange[] = [];
  let out = spec;

  const [nh, nw, nc] = input.shape as [number, number, number];
  const [dh, dw, dc] = data;
  let [h, w] = [nh, nw];
  // Padding a 28x28 digit into a 32x32 input (LeNet-5) is the paper's own way; into 224x224 it would make every
  // image 64 times larger for nothing, so such an input is shrunk to the smallest size the network still takes.
  const tooSmall = nh < dh || nw < dw;
  const wasteful = nh * nw > 4 * dh * dw;
  if (tooSmall || wasteful) {
    const sizes = [Math.max(dh, dw), ...INPUT_SIZES.filter((s) => s > Math.max(dh, dw))];
    const fits = sizes.find((s) => errorsOf(withInputShape(out, [s, s, dc], input.id)).length === 0 && (tooSmall || s * s < nh * nw));
    // An input that only pads wastefully, with no smaller size every layer takes, keeps its size: padding works.
    if (fits === undefined && tooSmall) return { ok: false, message: `No input size from ${sizes[0]}x${sizes[0]} to ${sizes.at(-1)}x${sizes.at(-1)} keeps every layer's output at least 1x1; the network cannot take ${fmt(data)} images.` };
    if (fits !== undefined) [h, w] = [fits, fits];
  }
  if (h !== nh || w !== nw || nc !== dc) {
    out = withInputShape(out, [h, w, dc], input.id);
    const why =
      nc !== dc && h === nh && w === nw
        ? `the images have ${dc} channel${dc === 1 ? '' : 's'}`
        : tooSmall
          ? `the ${fmt(data)} images are larger than the input`
          : `padding ${dh}x${dw} images to ${nh}x${nw} would multiply the work by ${Math.round((nh * nw) / (h * w))}`;
    changes.push({ node: input.id, what: `input (${why})`, before: fmt(input.shape), after: fmt([h, w, dc]) });
  }

  const outShape = analyze(out).layers.find((l) => l.id === out.outputs[0])?.outputShape ?? null;
  if (!outShape || outShape.length !== 1) return { ok: false, message: `The network ends in a ${outShape ? fmt(outShape) : 'shapeless'} output, not one score per class.` };
  if (outShape[0] !== classes) {
    const head = headOf(out);
    if (!head) return { ok: false, message: `The network has ${outShape[0]} outputs and its last layer is not a dense or convolution layer whose size could be set to ${classes}.` };
    const field = head.kind === 'dense' ? 'units' : 'filters';
    const before = head.kind === 'dense' ? head.units : head.filters;
    out = { ...out, nodes: out.nodes.map((n) => (n.id === head.id ? ({ ...n, [field]: classes } as LayerSpec) : n)) };
    changes.push({ node: head.id, what: `classifier head (the dataset has ${classes} classes)`, before: `${before} ${field}`, after: `${classes} ${field}` });
    // A convolution head flattened over more than 1x1 positions still gives another count: the engine says.
    const now = analyze(out).layers.find((l) => l.id === out.outputs[0])?.outputShape ?? null;
    if (!now || now.length !== 1 || now[0] !== classes) {
      return { ok: false, message: `Setting ${head.id}'s ${field} to ${classes} still leaves ${now ? fmt(now) : 'no'} outputs (its output has more than one position); end the network in a dense layer with ${classes} units, or a global pooling before it.` };
    }
  }
  const left = errorsOf(out);
  if (left.length > 0) return { ok: false, message: `The adapted network still has an error: ${left[0]!.message}` };
  return { ok: true, spec: changes.length > 0 ? { ...out, name: `${spec.name} (adapted)` } : spec, changes };
}
