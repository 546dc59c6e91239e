/**
 * Where each layer of a generated PyTorch module lives: torchvision nests its layers (`layer1[0].conv1`,
 * `features[3]`, `inception3a.branch2[0].conv`) and its released state_dicts are keyed by those paths
 * (`layer1.0.conv1.weight`). A spec whose ids are such dotted paths (the zoo's ResNets, torchvision AlexNet and
 * GoogLeNet), or whose layers carry one as `torchName` (VGG's conv1_1 is `features.0`), gets the same nesting, so `load_state_dict(torchvision_weights, strict=True)` takes them; any other
 * spec gets flat attributes named after its ids, as before. Pure: no Python runs here.
 */
import { identifiers, isPythonName } from './common';

/** A container in the generated module: a torchvision-style `nn.Sequential` (children 0..n) or a named `Block`. */
export interface Container {
  kind: 'sequential' | 'block';
  /** Children in order of first use: a layer id (a leaf) or a nested container, under their segment name. */
  children: Map<string, string | Container>;
}

/** The module layout: each layer's state_dict prefix, how `forward` reaches it, and the tree `__init__` builds. */
export interface ModuleLayout {
  nested: boolean;
  /** Layer id -> state_dict prefix ("layer1.0.conv1", or the flat attribute name). */
  prefix: Map<string, string>;
  /** Layer id -> Python expression from `self` ("self.layer1[0].conv1"). */
  access: Map<string, string>;
  root: Container;
}

const INDEX = /^(0|[1-9][0-9]{0,3})$/;

/** Dotted paths split into segments a module tree can hold (leaves are the ids), or null when any path cannot be nested as it stands. */
function nestedTree(ids: readonly string[], pathOf: (id: string) => string): Container | null {
  const root: Container = { kind: 'block', children: new Map() };
  for (const id of ids) {
    const segs = pathOf(id).split('.');
    if (!segs.every((s, i) => (i > 0 && INDEX.test(s)) || isPythonName(s))) return null;
    let node = root;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      const kind = INDEX.test(s) ? 'sequential' : 'block';
      // A container holds either indexed children (nn.Sequential) or named ones (Block), never both.
      if (node.children.size > 0 && node !== root && (node.kind === 'sequential') !== (kind === 'sequential')) return null;
      if (node !== root) node.kind = kind;
      const at = node.children.get(s);
      if (i === segs.length - 1) {
        if (at !== undefined) return null;
        node.children.set(s, id);
      } else {
        if (typeof at === 'string') return null;
        const next: Container = at ?? { kind: 'block', children: new Map() };
        node.children.set(s, next);
        node = next;
      }
    }
  }
  return root;
}

/**
 * The layout of the layers `ids` (those that hold a module, in the order the network uses them): nested as their
 * dotted paths say (`pathOf`: a layer's torchName, else its id) when every path can be (segments that are Python names, indices only below the top, no id both a
 * layer and a container), flat otherwise.
 */
export function moduleLayout(ids: readonly string[], pathOf: (id: string) => string = (id) => id): ModuleLayout {
  const tree = ids.some((id) => pathOf(id).includes('.')) ? nestedTree(ids, pathOf) : null;
  const prefix = new Map<string, string>();
  const access = new Map<string, string>();
  if (tree) {
    const walk = (c: Container, path: string[], expr: string) => {
      for (const [seg, child] of c.children) {
        const e = c.kind === 'sequential' ? `${expr}[${seg}]` : `${expr}.${seg}`;
        if (typeof child === 'string') {
          prefix.set(child, [...path, seg].join('.'));
          access.set(child, e);
        } else walk(child, [...path, seg], e);
      }
    };
    walk(tree, [], 'self');
    return { nested: true, prefix, access, root: tree };
  }
  const py = identifiers();
  const root: Container = { kind: 'block', children: new Map() };
  for (const id of ids) {
    const name = py(id);
    prefix.set(id, name);
    access.set(id, `self.${name}`);
    root.children.set(name, id);
  }
  return { nested: false, prefix, access, root };
}

/**
 * The `__init__` lines that build the tree, with `ctor(id)` the constructor of each layer: one `self.name = ...`
 * per top-level child; an `nn.Sequential` lists indices 0..n, an index no layer holds being an `nn.Identity()`.
 */
export function initLines(root: Container, ctor: (id: string) => string, indent = '        '): string[] {
  const out: string[] = [];
  const expr = (child: string | Container, pad: string, head: string, tail: string) => {
    if (typeof child === 'string') {
      out.push(`${pad}${head}${ctor(child)}${tail}`);
      return;
    }
    out.push(`${pad}${head}${child.kind === 'sequential' ? 'nn.Sequential(' : 'Block('}`);
    const inner = `${pad}    `;
    if (child.kind === 'sequential') {
      const max = Math.max(...[...child.children.keys()].map(Number));
      for (let i = 0; i <= max; i++) {
        const c = child.children.get(String(i));
        if (c === undefined) out.push(`${inner}nn.Identity(),  # ${i}: no layer with weights or a module here`);
        else expr(c, inner, '', ',');
      }
    } else {
      for (const [seg, c] of child.children) expr(c, inner, `${seg}=`, ',');
    }
    out.push(`${pad})${tail}`);
  };
  for (const [seg, child] of root.children) expr(child, indent, `self.${seg} = `, '');
  return out;
}

/** Whether the tree has a named container (then the file defines `Block`). */
export function usesBlock(root: Container): boolean {
  return [...root.children.values()].some((c) => typeof c !== 'string' && (c.kind === 'block' || usesBlock(c)));
}
