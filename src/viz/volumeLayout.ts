/**
 * The volume view's layout: the course's way of drawing LeNet-5, AlexNet and VGG-16, each tensor of the main path a
 * box sized by its height, width and channels (log-scaled, so 3 and 512 channels both show), the operations between
 * two tensors written on the arrow ("3x3 conv, 64 filters x2"). Pure: analysis in, boxes out.
 */
import { formatShape, type LayerSpec, type NetworkAnalysis, type NetworkSpec } from '../models';
import { layerCaption } from './caption';
import { edgeRoles, type Hierarchy } from './hierarchy';

/** One tensor drawn as a box: `front` is the H x C face, `depth` the oblique W edge (0 for a vector, drawn as a bar). */
export interface VolumeBox {
  /** The layer whose output this is. */
  id: string;
  shape: number[];
  label: string;
  x: number;
  /** Bottom of the front face, shared by every box (they stand on one line). */
  baseY: number;
  frontW: number;
  frontH: number;
  /** Length of the oblique edge (W), drawn at 45 degrees. */
  depth: number;
}

/** The operations between two boxes, on one arrow. */
export interface VolumeStep {
  fromX: number;
  toX: number;
  y: number;
  /** One line per kind of operation, repeats counted ("3x3 conv, 64 filters x2"). */
  lines: string[];
}

/** The whole drawing. */
export interface VolumeLayout {
  boxes: VolumeBox[];
  steps: VolumeStep[];
  width: number;
  height: number;
}

/** Operations a box's arrow leaves unnamed: they keep the shape and go with the layer before them. */
const QUIET = new Set(['batchNorm', 'activation', 'dropout', 'lrn']);
const LOG = (n: number) => Math.log2(Math.max(1, n));
const GAP_MIN = 54;
const CHAR_W = 6.2;

/** Sizes of a box for a tensor shape, in px. */
export function volumeSize(shape: number[]): { frontW: number; frontH: number; depth: number } {
  if (shape.length === 3) {
    const [h, w, c] = shape as [number, number, number];
    return { frontW: 4 + 5 * LOG(c), frontH: 10 + 12 * LOG(h), depth: 3 + 6 * LOG(w) };
  }
  const n = shape.reduce((a, b) => a * b, 1);
  return { frontW: 7, frontH: 10 + 12 * LOG(n), depth: 0 };
}

/** The main path from the input to the first output, one id per tensor, groups as one step each. */
function spine(a: NetworkAnalysis, h: Hierarchy, expanded: ReadonlySet<string>): { id: string; ops: string[] }[] {
  const roles = edgeRoles(a);
  const consumers = new Map<string, string[]>();
  for (const l of a.layers) for (const s of l.inputs) if (roles.get(`${s}->${l.id}`) === 'main') consumers.set(s, [...(consumers.get(s) ?? []), l.id]);
  const byId = new Map(a.layers.map((l) => [l.id, l]));
  const order = new Map(a.layers.map((l, i) => [l.id, i]));
  const out = a.outputs[0];
  // Nodes that reach the first output, so a walk never wanders into a side head.
  const reaches = new Set<string>();
  const stack = out !== undefined ? [out] : [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reaches.has(id)) continue;
    reaches.add(id);
    for (const s of byId.get(id)?.inputs ?? []) stack.push(s);
  }
  const groupOf = (id: string) => (h.ancestors.get(id) ?? []).find((k) => !expanded.has(k)) ?? null;
  const start = a.layers.find((l) => l.kind === 'input');
  if (!start) return [];
  const path: { id: string; ops: string[] }[] = [{ id: start.id, ops: [] }];
  let here = start.id;
  for (let guard = 0; guard < a.layers.length; guard++) {
    const next = (consumers.get(here) ?? []).filter((c) => reaches.has(c));
    if (next.length === 0) break;
    // Where the path branches (an Inception module, a block's shortcut), jump to where the branches meet:
    // the first node, in topological order, that every branch reaches.
    let to = next[0]!;
    if (next.length > 1) {
      const meet = a.layers.slice((order.get(here) ?? 0) + 1).find((l) => l.inputs.length > 1 && reaches.has(l.id));
      to = meet?.id ?? to;
    }
    const g = groupOf(to);
    if (g) {
      // A collapsed group is one step: leave it at its last member on the main path.
      const members = h.groups.get(g)!.members.filter((m) => reaches.has(m));
      const exit = members.at(-1)!;
      path.push({ id: exit, ops: [`${h.groups.get(g)!.name}`] });
      here = exit;
    } else {
      path.push({ id: to, ops: [] });
      here = to;
    }
  }
  return path;
}

function opText(l: LayerSpec | undefined, fallback: string): string {
  return l ? layerCaption(l).what : fallback;
}

/** Counts repeats of consecutive equal lines: ["a", "a", "b"] -> ["a x2", "b"]. */
function squeeze(lines: string[]): string[] {
  const out: { text: string; n: number }[] = [];
  for (const t of lines) {
    const last = out.at(-1);
    if (last && last.text === t) last.n++;
    else out.push({ text: t, n: 1 });
  }
  return out.map((o) => (o.n > 1 ? `${o.text} x${o.n}` : o.text));
}

/**
 * Lays out the volume view. A new box starts where the shape changes; operations that keep the
 * shape (VGG's second 3x3 conv, batch norm, relu) go on the arrow that leads to it, as the course draws them.
 */
export function layoutVolumes(a: NetworkAnalysis, h: Hierarchy, expanded: ReadonlySet<string>, spec: NetworkSpec | null): VolumeLayout {
  const specOf = new Map((spec?.nodes ?? []).map((n) => [n.id, n]));
  const byId = new Map(a.layers.map((l) => [l.id, l]));
  const path = spine(a, h, expanded);
  const tensors: { id: string; shape: number[]; ops: string[] }[] = [];
  let pending: string[] = [];
  for (const [i, p] of path.entries()) {
    const l = byId.get(p.id);
    const shape = l?.outputShape;
    if (!l || !shape) break;
    if (i > 0) {
      if (p.ops.length > 0) pending.push(...p.ops);
      else if (!QUIET.has(l.kind)) pending.push(opText(specOf.get(l.id), l.kind));
    }
    const prev = tensors.at(-1);
    if (!prev || (tensors.length === 1 && pending.length > 0) || formatShape(prev.shape) !== formatShape(shape)) {
      tensors.push({ id: l.id, shape, ops: pending });
    } else {
      // Same shape: the operation joins the arrow into the box before ("[CONV 64] x2" in the course's VGG-16).
      prev.ops.push(...pending);
      prev.id = l.id;
    }
    pending = [];
  }
  const sizes = tensors.map((t) => volumeSize(t.shape));
  const top = Math.max(0, ...sizes.map((s) => s.frontH + s.depth * 0.7));
  const baseY = 28 + top;
  const boxes: VolumeBox[] = [];
  const steps: VolumeStep[] = [];
  let x = 20;
  for (const [i, t] of tensors.entries()) {
    const s = sizes[i]!;
    const label = formatShape(t.shape);
    const lines = squeeze(t.ops);
    if (i > 0) {
      const prevBox = boxes.at(-1)!;
      const textW = Math.max(0, ...lines.map((o) => o.length * CHAR_W));
      // The text is centred on the arrow, so the arrow is at least as long as its longest line.
      const gap = Math.max(GAP_MIN, textW + 16);
      const fromX = prevBox.x + prevBox.frontW + prevBox.depth * 0.7;
      steps.push({ fromX, toX: fromX + gap, y: baseY - Math.min(prevBox.frontH, s.frontH) / 2, lines });
      x = fromX + gap;
    }
    const labelW = label.length * CHAR_W;
    boxes.push({ id: t.id, shape: t.shape, label, x, baseY, ...s });
    x += Math.max(s.frontW + s.depth * 0.7, labelW * 0.6);
  }
  return { boxes, steps, width: x + 40, height: baseY + 40 };
}
