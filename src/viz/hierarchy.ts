/**
 * Collapsible groups derived from a network's node ids (torchvision/Keras naming: `layer1.0.conv1` sits in block
 * `layer1.0` of stage `layer1`; `inception3a.branch2.1.conv` in module `inception3a`; `aux1.fc1` in head `aux1`),
 * and the graph that shows when some groups are collapsed. Pure; no DOM, no d3.
 */
import type { LayerAnalysis, NetworkAnalysis } from '../models';

/** A set of nodes sharing a dotted id prefix; it collapses to one node. */
export interface Group {
  /** Group key: `g:` + the prefix, so it never collides with a node id. */
  key: string;
  /** The shared prefix, e.g. "layer1.0". */
  name: string;
  /** Key of the enclosing group, or null at the top level. */
  parent: string | null;
  depth: number;
  /** Every node id inside, at any depth, in topological order. */
  members: string[];
  /** Direct sub-groups, in order of their first member. */
  children: string[];
}

export interface Hierarchy {
  groups: Map<string, Group>;
  /** Group keys from the outermost to the innermost, per node id (empty for top-level nodes). */
  ancestors: Map<string, string[]>;
  /** Top-level group keys in order. */
  roots: string[];
}

/** Prefix key of a group. */
export const groupKey = (name: string) => `g:${name}`;

/**
 * Derives the groups: every dotted prefix shared by at least two nodes is a group, nested by prefix.
 * A prefix holding a single node (`branch3x3.reduce`) is no group: collapsing it would hide nothing.
 */
export function deriveHierarchy(ids: readonly string[]): Hierarchy {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const parts = id.split('.');
    for (let i = 1; i < parts.length; i++) {
      const p = parts.slice(0, i).join('.');
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
  }
  const groups = new Map<string, Group>();
  const ancestors = new Map<string, string[]>();
  const roots: string[] = [];
  for (const id of ids) {
    const parts = id.split('.');
    const chain: string[] = [];
    for (let i = 1; i < parts.length; i++) {
      const name = parts.slice(0, i).join('.');
      if ((counts.get(name) ?? 0) < 2) continue;
      const key = groupKey(name);
      let g = groups.get(key);
      if (!g) {
        const parent = chain[chain.length - 1] ?? null;
        g = { key, name, parent, depth: chain.length, members: [], children: [] };
        groups.set(key, g);
        if (parent) groups.get(parent)!.children.push(key);
        else roots.push(key);
      }
      g.members.push(id);
      chain.push(key);
    }
    ancestors.set(id, chain);
  }
  return { groups, ancestors, roots };
}

/** Groups expanded by default: all of them for a small network, none (top-level view) past `maxNodes` nodes. */
export function defaultExpanded(h: Hierarchy, nodeCount: number, maxNodes = 40): Set<string> {
  return nodeCount <= maxNodes ? new Set(h.groups.keys()) : new Set();
}

/** A node of the visible graph: one layer, or a collapsed group standing for its members. */
export type VisibleNode =
  | { type: 'layer'; key: string; layer: LayerAnalysis }
  | {
      type: 'group';
      key: string;
      group: Group;
      params: number;
      macs: number;
      activationBytes: number;
      /** Members with their own errors. */
      errorCount: number;
      /** Member nodes whose output leaves the group, last one first: it gives the group's output shape. */
      exits: string[];
      /** How the collapsed node counts its contents: "3 blocks", "4 branches", "8 layers". */
      parts: number;
      unit: 'blocks' | 'branches' | 'layers';
    };

export type EdgeRole = 'main' | 'shortcut' | 'side';

/** An edge of the visible graph, carrying the shape of the tensor it moves. */
export interface VisibleEdge {
  key: string;
  from: string;
  to: string;
  /** The layer whose output travels along this edge. */
  source: string;
  shape: number[] | null;
  role: EdgeRole;
}

export interface VisibleGraph {
  nodes: VisibleNode[];
  edges: VisibleEdge[];
  /** Visible key per layer id. */
  repOf: Map<string, string>;
}

/** Sub-blocks when a group is made only of them (a ResNet stage), branches when they meet in one merge (an Inception module), else layers. */
function partsOf(g: Group, h: Hierarchy, byId: Map<string, LayerAnalysis>): { parts: number; unit: 'blocks' | 'branches' | 'layers' } {
  const direct = g.members.filter((m) => (h.ancestors.get(m) ?? []).at(-1) === g.key);
  if (g.children.length > 0 && direct.length === 0) return { parts: g.children.length, unit: 'blocks' };
  const merge = direct.length === 1 ? byId.get(direct[0]!) : undefined;
  if (g.children.length > 1 && merge && (merge.kind === 'concat' || merge.kind === 'add')) return { parts: g.children.length, unit: 'branches' };
  return { parts: g.members.length, unit: 'layers' };
}

/** Longest path (in layers) from an input, per node: an add's deepest input is its main path, the others shortcuts. */
function depths(a: NetworkAnalysis): Map<string, number> {
  const d = new Map<string, number>();
  for (const l of a.layers) d.set(l.id, 1 + Math.max(0, ...l.inputs.map((s) => d.get(s) ?? 0)));
  return d;
}

/** Nodes on some path to the first output: edges leaving this set feed side outputs (GoogLeNet's auxiliary heads). */
function mainSet(a: NetworkAnalysis): Set<string> {
  const byId = new Map(a.layers.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const first = a.outputs[0];
  const stack = first !== undefined && byId.has(first) ? [first] : a.layers.map((l) => l.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const s of byId.get(id)?.inputs ?? []) if (byId.has(s)) stack.push(s);
  }
  return seen;
}

/** Classifies every edge of the full graph by its target: 'shortcut', 'side' or 'main'. */
export function edgeRoles(a: NetworkAnalysis): Map<string, EdgeRole> {
  const d = depths(a);
  const main = mainSet(a);
  const roles = new Map<string, EdgeRole>();
  for (const l of a.layers) {
    const deepest = l.inputs.reduce<string | null>((best, s) => (best === null || (d.get(s) ?? 0) > (d.get(best) ?? 0) ? s : best), null);
    for (const s of l.inputs) {
      let role: EdgeRole = 'main';
      if (!main.has(l.id)) role = 'side';
      else if (l.kind === 'add' && s !== deepest) role = 'shortcut';
      roles.set(`${s}->${l.id}`, role);
    }
  }
  return roles;
}

/** The graph to draw with the groups not in `expanded` collapsed; edges inside a collapsed group disappear. */
export function visibleGraph(a: NetworkAnalysis, h: Hierarchy, expanded: ReadonlySet<string>): VisibleGraph {
  const repOf = new Map<string, string>();
  for (const l of a.layers) {
    const chain = h.ancestors.get(l.id) ?? [];
    repOf.set(l.id, chain.find((k) => !expanded.has(k)) ?? l.id);
  }
  const byId = new Map(a.layers.map((l) => [l.id, l]));
  const nodes: VisibleNode[] = [];
  const placed = new Set<string>();
  const consumers = new Map<string, string[]>();
  for (const l of a.layers) for (const s of l.inputs) consumers.set(s, [...(consumers.get(s) ?? []), l.id]);
  const outputs = new Set(a.outputs);
  for (const l of a.layers) {
    const rep = repOf.get(l.id)!;
    if (placed.has(rep)) continue;
    placed.add(rep);
    if (rep === l.id) {
      nodes.push({ type: 'layer', key: l.id, layer: l });
      continue;
    }
    const group = h.groups.get(rep)!;
    const members = group.members.map((m) => byId.get(m)!).filter(Boolean);
    const exits = members
      .filter((m) => outputs.has(m.id) || (consumers.get(m.id) ?? []).some((c) => repOf.get(c) !== rep))
      .map((m) => m.id)
      .reverse();
    const sum = (f: (m: LayerAnalysis) => number) => members.reduce((acc, m) => acc + (m.inModel ? f(m) : 0), 0);
    nodes.push({
      type: 'group',
      key: rep,
      group,
      params: sum((m) => m.params),
      macs: sum((m) => m.macs),
      activationBytes: sum((m) => m.activationBytes),
      errorCount: members.filter((m) => m.errors.length > 0).length,
      exits,
      ...partsOf(group, h, byId),
    });
  }
  const roles = edgeRoles(a);
  const edges: VisibleEdge[] = [];
  const seen = new Set<string>();
  for (const l of a.layers) {
    const to = repOf.get(l.id)!;
    for (const s of l.inputs) {
      const from = repOf.get(s);
      if (from === undefined || from === to) continue;
      const key = `${s}|${from}->${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ key, from, to, source: s, shape: byId.get(s)?.outputShape ?? null, role: roles.get(`${s}->${l.id}`) ?? 'main' });
    }
  }
  return { nodes, edges, repOf };
}

/** Keys of a group and all groups above it: expanding these makes a layer visible. */
export function groupsToReveal(h: Hierarchy, layerId: string): string[] {
  return h.ancestors.get(layerId) ?? [];
}

/** Expands the next level down: every collapsed group whose enclosing groups are all expanded. */
export function expandOneLevel(h: Hierarchy, expanded: ReadonlySet<string>): Set<string> {
  const next = new Set(expanded);
  for (const g of h.groups.values()) {
    if (expanded.has(g.key)) continue;
    const chain = h.ancestors.get(g.members[0]!) ?? [];
    if (chain.slice(0, g.depth).every((k) => expanded.has(k))) next.add(g.key);
  }
  return next;
}
