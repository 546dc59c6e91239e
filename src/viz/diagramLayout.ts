/**
 * Layout of the architecture diagram: the visible graph (groups collapsed or not) placed by dagre, top to bottom or
 * left to right, with each edge's route and its tensor-shape label. Pure: analysis + expanded groups in, positions out.
 */
import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import { formatCount, formatShape, layerDef, type LayerSpec, type NetworkAnalysis, type NetworkSpec } from '../models';
import { layerCaption } from './caption';
import { visibleGraph, type EdgeRole, type Hierarchy, type VisibleGraph, type VisibleNode } from './hierarchy';

export const NODE_W = 196;
export const NODE_H = 60;

/** Which way the graph flows: top to bottom, or left to right (the course's drawings of LeNet-5 and VGG). */
export type Direction = 'TB' | 'LR';

/** Options of a layout: the spec gives each node its caption (kernel, filters, stride); TB by default. */
export interface LayoutOptions {
  spec?: NetworkSpec | null;
  direction?: Direction;
}

/** What a node box shows. */
export type NodeTone = 'conv' | 'dense' | 'pool' | 'norm' | 'merge' | 'input' | 'other' | 'group' | 'error';

export interface PlacedNode {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** First line: the layer id or group name. */
  title: string;
  /** Second line: what the layer is ("5x5 conv, 16 filters"), or what a group holds ("3 blocks · 1.2 M params"). */
  subtitle: string;
  /** Third line: how (stride, padding, activation); a group's output shape. */
  detail: string;
  /** A layer's parameters, drawn at the right of the first line ("156 params"); empty for groups and views. */
  figure: string;
  tone: NodeTone;
  isGroup: boolean;
  /** An output of the network (the main one or a side output). */
  output: 'main' | 'side' | null;
  /** The layer's own error message, or "n layers with errors" for a group. */
  error: string | null;
  /** Accessible name read by screen readers. */
  label: string;
  source: VisibleNode;
}

export interface PlacedEdge {
  key: string;
  from: string;
  to: string;
  points: { x: number; y: number }[];
  label: string;
  labelX: number;
  labelY: number;
  role: EdgeRole;
}

export interface DiagramLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  /** Outlines of the expanded groups (dagre clusters), outermost first. */
  outlines: GroupOutline[];
  /** Successors and predecessors per visible key, for keyboard moves. */
  next: Map<string, string[]>;
  prev: Map<string, string[]>;
  direction: Direction;
}

/** Colour family of a layer kind. */
export function toneOf(kind: string): NodeTone {
  if (kind === 'conv2d' || kind === 'depthwiseConv2d') return 'conv';
  if (kind === 'dense') return 'dense';
  if (kind === 'maxPool2d' || kind === 'avgPool2d' || kind === 'globalAvgPool2d') return 'pool';
  if (kind === 'batchNorm' || kind === 'lrn') return 'norm';
  if (kind === 'add' || kind === 'concat') return 'merge';
  if (kind === 'input') return 'input';
  return 'other';
}

/** A name without the prefix of the open group around it ("layer2.0.conv1" inside layer2.0 -> "conv1"; a bare index keeps its full name). */
export function shortName(name: string, parent: string | null): string {
  if (!parent || !name.startsWith(`${parent}.`)) return name;
  const rest = name.slice(parent.length + 1);
  // A bare index ("1" of layer2.1) says nothing on its own: keep the full name.
  return /^\d+$/.test(rest) ? name : rest;
}

function describe(n: VisibleNode, a: NetworkAnalysis, parent: string | null, specOf: ReadonlyMap<string, LayerSpec>): Omit<PlacedNode, 'x' | 'y' | 'width' | 'height' | 'source' | 'key'> {
  const outputs = a.outputs;
  if (n.type === 'layer') {
    const l = n.layer;
    const kindLabel = l.kind === 'input' ? 'input' : (layerDef(l.kind)?.label ?? String(l.kind));
    const err = l.errors[0]?.message ?? null;
    const params = l.params > 0 ? `${formatCount(l.params)} params` : '';
    const output = outputs[0] === l.id ? 'main' : outputs.includes(l.id) ? 'side' : null;
    const spec = specOf.get(l.id);
    const caption = spec ? layerCaption(spec) : l.kind === 'input' ? { what: `input ${formatShape(l.outputShape)}`, how: '' } : { what: kindLabel, how: '' };
    return {
      title: shortName(l.id, parent),
      subtitle: err ? `${caption.what} · error` : caption.what,
      detail: caption.how,
      figure: params,
      tone: err ? 'error' : toneOf(l.kind),
      isGroup: false,
      output,
      error: err,
      label: `${l.id}, ${caption.what}${caption.how ? `, ${caption.how}` : ''}, output ${formatShape(l.outputShape)}${l.params > 0 ? `, ${formatCount(l.params)} parameters` : ''}${err ? `, error: ${err}` : ''}${output === 'side' ? ', side output' : ''}`,
    };
  }
  const g = n.group;
  const err = n.errorCount > 0 ? `${n.errorCount} layer${n.errorCount === 1 ? '' : 's'} with errors` : null;
  const output = n.group.members.includes(outputs[0] ?? '') ? 'main' : n.group.members.some((m) => outputs.includes(m)) ? 'side' : null;
  const exit = a.layers.find((l) => l.id === n.exits[0]);
  return {
    title: shortName(g.name, parent),
    subtitle: `${n.parts} ${n.unit} · ${formatCount(n.params)} params`,
    detail: exit?.outputShape ? `out ${formatShape(exit.outputShape)}` : '',
    figure: '',
    tone: err ? 'error' : 'group',
    isGroup: true,
    output,
    error: err,
    label: `${g.name}, collapsed group of ${n.group.members.length} layers, ${formatCount(n.params)} parameters${err ? `, ${err}` : ''}${output === 'side' ? ', side output' : ''}; press Enter to expand`,
  };
}

/** Expanded groups whose outline shows (every enclosing group expanded too), outermost first. */
function openClusters(h: Hierarchy, expanded: ReadonlySet<string>): string[] {
  return [...h.groups.values()]
    .filter((g) => expanded.has(g.key) && (h.ancestors.get(g.members[0]!) ?? []).slice(0, g.depth).every((k) => expanded.has(k)))
    .sort((p, q) => p.depth - q.depth)
    .map((g) => g.key);
}

/** Lays out the network with the given groups expanded; expanded groups become dagre clusters, so outlines never overlap. */
export function layoutDiagram(a: NetworkAnalysis, h: Hierarchy, expanded: ReadonlySet<string>, options: LayoutOptions = {}): DiagramLayout {
  const direction = options.direction ?? 'TB';
  const specOf = new Map((options.spec?.nodes ?? []).map((n) => [n.id, n]));
  const vg = visibleGraph(a, h, expanded);
  const clusters = openClusters(h, expanded);
  const g = new graphlib.Graph({ multigraph: true, compound: clusters.length > 0 });
  g.setGraph({ rankdir: direction, nodesep: direction === 'TB' ? 28 : 22, ranksep: direction === 'TB' ? 30 : 44, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const open = new Set(clusters);
  const parentName = new Map<string, string>();
  for (const c of clusters) {
    g.setNode(c, {});
    const parent = h.groups.get(c)!.parent;
    if (parent && open.has(parent)) g.setParent(c, parent);
  }
  for (const n of vg.nodes) {
    g.setNode(n.key, { width: NODE_W, height: NODE_H });
    const chain = n.type === 'layer' ? (h.ancestors.get(n.key) ?? []) : (h.ancestors.get(n.group.members[0]!) ?? []).slice(0, n.group.depth);
    const parent = [...chain].reverse().find((k) => open.has(k));
    if (parent) {
      g.setParent(n.key, parent);
      parentName.set(n.key, h.groups.get(parent)!.name);
    }
  }
  for (const e of vg.edges) {
    // The main path pulls harder, so the spine stays straight and shortcuts and side outputs bend around it.
    g.setEdge(e.from, e.to, { width: 74, height: 14, labelpos: 'c', weight: e.role === 'main' ? 4 : 1, minlen: 1 }, e.key);
  }
  dagreLayout(g);
  const outlines: GroupOutline[] = clusters.map((c) => {
    const p = g.node(c);
    return { key: c, name: h.groups.get(c)!.name, x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height };
  });
  const nodes: PlacedNode[] = vg.nodes.map((n) => {
    const p = g.node(n.key);
    return { key: n.key, x: p.x, y: p.y, width: NODE_W, height: NODE_H, source: n, ...describe(n, a, parentName.get(n.key) ?? null, specOf) };
  });
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  const edges: PlacedEdge[] = vg.edges.map((e) => {
    const p = g.edge({ v: e.from, w: e.to, name: e.key });
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    prev.set(e.to, [...(prev.get(e.to) ?? []), e.from]);
    const pts = (p.points ?? []).map((q: { x: number; y: number }) => ({ x: q.x, y: q.y }));
    return { key: e.key, from: e.from, to: e.to, points: pts, label: formatShape(e.shape), labelX: p.x ?? 0, labelY: p.y ?? 0, role: e.role };
  });
  const gr = g.graph();
  return { nodes, edges, outlines, width: gr.width ?? 0, height: gr.height ?? 0, next, prev, direction };
}

/**
 * Neighbour of a node for arrow keys: along the flow (down/up top to bottom, right/left left to right) follow the
 * graph; across it move along the same rank.
 */
export function neighbour(l: DiagramLayout, key: string, dir: 'up' | 'down' | 'left' | 'right'): string | null {
  const here = l.nodes.find((n) => n.key === key);
  if (!here) return null;
  const lr = l.direction === 'LR';
  // "along" is the axis the graph flows on, "across" the other one.
  const along = (n: PlacedNode) => (lr ? n.x : n.y);
  const across = (n: PlacedNode) => (lr ? n.y : n.x);
  const forward = lr ? 'right' : 'down';
  const backward = lr ? 'left' : 'up';
  if (dir === forward || dir === backward) {
    const cands = (dir === forward ? l.next : l.prev).get(key) ?? [];
    const placed = cands.map((k) => l.nodes.find((n) => n.key === k)!).filter(Boolean);
    placed.sort((p, q) => Math.abs(across(p) - across(here)) - Math.abs(across(q) - across(here)));
    return placed[0]?.key ?? null;
  }
  const after = lr ? dir === 'down' : dir === 'right';
  const rank = l.nodes.filter((n) => Math.abs(along(n) - along(here)) < 1 && n.key !== key);
  const side = rank.filter((n) => (after ? across(n) > across(here) : across(n) < across(here)));
  side.sort((p, q) => Math.abs(across(p) - across(here)) - Math.abs(across(q) - across(here)));
  return side[0]?.key ?? null;
}

/** The visible node that shows a layer: the layer itself, or the collapsed group holding it. */
export function visibleKeyOf(l: DiagramLayout, layerId: string): string | null {
  return (l.nodes.find((n) => n.key === layerId) ?? l.nodes.find((n) => n.source.type === 'group' && n.source.group.members.includes(layerId)))?.key ?? null;
}

/** Outline box of an expanded group around its visible parts. */
export interface GroupOutline {
  key: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The layout as JSON for the trip back from the layout worker, without what the page rebuilds itself (each node's
 * source, the neighbour maps): structured cloning ResNet-152's 461-node layout took 70-120 ms on the page, parsing this
 * takes 3-5 ms.
 */
export function serializeLayout(l: DiagramLayout): string {
  return JSON.stringify({ nodes: l.nodes.map(({ source: _source, ...rest }) => rest), edges: l.edges, width: l.width, height: l.height, outlines: l.outlines, direction: l.direction });
}

/** Rebuilds a serialized layout: sources from the visible graph of the same analysis and groups, neighbours from the edges. */
export function restoreLayout(json: string, vg: VisibleGraph): DiagramLayout {
  const raw = JSON.parse(json) as Omit<DiagramLayout, 'next' | 'prev' | 'nodes'> & { nodes: Omit<PlacedNode, 'source'>[] };
  const byKey = new Map(vg.nodes.map((n) => [n.key, n]));
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  for (const e of raw.edges) {
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    prev.set(e.to, [...(prev.get(e.to) ?? []), e.from]);
  }
  const nodes = raw.nodes.map((n) => {
    const source = byKey.get(n.key);
    if (!source) throw new Error(`the layout names a node the network does not have: ${n.key}`);
    return { ...n, source };
  });
  return { ...raw, nodes, next, prev };
}
