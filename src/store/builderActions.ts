/**
 * Every builder command as one typed action in one registry: the palette, the buttons, the keyboard shortcuts
 * and the undo history all go through it (each edit's undo label is its action's label).
 */
import { LAYER_KINDS, LAYERS, type LayerKind } from '../models';
import { BLOCKS, insertBlock, type BlockId } from './builderBlocks';
import type { Shape } from '../models';
import { addBranch, addLayer, deleteNode, moveNode, renameNode, setInputs, setInputShape, setName, tailId, updateNode } from './builderEdits';
import type { AppState } from './types';

/** Every action id the registry holds: a typo in a button's or shortcut's id is a type error. */
export type BuilderActionId = 'undo' | 'redo' | 'delete' | 'move-up' | 'move-down' | 'train' | `add:${LayerKind}` | `branch:${LayerKind}` | `block:${BlockId}`;

export interface BuilderAction {
  /** Stable id: 'undo', 'add:conv2d', 'block:vgg', ... */
  id: BuilderActionId;
  label: string;
  /** Shortcuts in a portable notation: 'Mod+Z' (Ctrl, or Cmd on a Mac), 'Alt+ArrowUp', 'Delete'. */
  keys?: string[];
  /** True when keys work while typing in a text field (undo and redo do; Delete does not). */
  inFields?: boolean;
  enabled(s: AppState): boolean;
  run(s: AppState): void;
}

const hasDraft = (s: AppState) => s.builder.draft !== null;
const hasSelection = (s: AppState) => s.builder.draft !== null && s.builder.selectedId !== null && s.builder.draft.spec.nodes.some((n) => n.id === s.builder.selectedId);
/** Where a new layer goes: after the selected layer (or input), else after the last one. */
const anchor = (s: AppState) => (s.builder.selectedId && s.builder.draft && [...s.builder.draft.spec.nodes, ...s.builder.draft.spec.inputs].some((n) => n.id === s.builder.selectedId) ? s.builder.selectedId : tailId(s.builder.draft!.spec));
const label = (k: LayerKind) => LAYERS[k].label;

function addAction(kind: LayerKind): BuilderAction {
  return {
    id: `add:${kind}`,
    label: `add ${label(kind)}`,
    enabled: hasDraft,
    run(s) {
      let id = '';
      const after = anchor(s);
      if (s.editSpec(`add ${label(kind)}`, (spec) => {
        const r = addLayer(spec, kind, after);
        id = r.id;
        return r.spec;
      })) s.selectLayer(id);
    },
  };
}

function branchAction(kind: LayerKind): BuilderAction {
  return {
    id: `branch:${kind}`,
    label: `branch ${label(kind)}`,
    enabled: hasDraft,
    run(s) {
      let id = '';
      const from = anchor(s);
      if (s.editSpec(`add ${label(kind)} as a branch`, (spec) => {
        const r = addBranch(spec, kind, from);
        id = r.id;
        return r.spec;
      })) s.selectLayer(id);
    },
  };
}

function blockAction(block: BlockId, name: string): BuilderAction {
  return {
    id: `block:${block}`,
    label: `insert ${name}`,
    enabled: hasDraft,
    run(s) {
      const after = anchor(s);
      const shape = s.builder.draftAnalysis?.layers.find((l) => l.id === after)?.outputShape;
      const channels = shape && shape.length === 3 ? shape[2]! : 64;
      let id = '';
      if (s.editSpec(`insert ${name}`, (spec) => {
        const r = insertBlock(spec, block, after, channels);
        id = r.id;
        return r.spec;
      })) s.selectLayer(id);
    },
  };
}

/** The registry, in menu order. */
export const BUILDER_ACTIONS: readonly BuilderAction[] = [
  { id: 'undo', label: 'undo', keys: ['Mod+Z'], inFields: true, enabled: (s) => s.builder.past.length > 0, run: (s) => s.undo() },
  { id: 'redo', label: 'redo', keys: ['Mod+Shift+Z', 'Mod+Y'], inFields: true, enabled: (s) => s.builder.future.length > 0, run: (s) => s.redo() },
  {
    id: 'delete',
    label: 'delete layer',
    keys: ['Delete'],
    enabled: hasSelection,
    run: (s) => {
      const id = s.builder.selectedId!;
      s.editSpec(`delete '${id}'`, (spec) => deleteNode(spec, id));
    },
  },
  {
    id: 'move-up',
    label: 'move layer up',
    keys: ['Alt+ArrowUp'],
    enabled: hasSelection,
    run: (s) => {
      const id = s.builder.selectedId!;
      s.editSpec(`move '${id}' up`, (spec) => moveNode(spec, id, -1));
    },
  },
  {
    id: 'move-down',
    label: 'move layer down',
    keys: ['Alt+ArrowDown'],
    enabled: hasSelection,
    run: (s) => {
      const id = s.builder.selectedId!;
      s.editSpec(`move '${id}' down`, (spec) => moveNode(spec, id, 1));
    },
  },
  {
    id: 'train',
    label: 'train this network',
    keys: ['Mod+Enter'],
    enabled: (s) => s.builder.draft !== null && (s.builder.draftAnalysis?.errorCount ?? 1) === 0,
    run: (s) => s.trainDraft(),
  },
  ...LAYER_KINDS.map(addAction),
  ...LAYER_KINDS.map(branchAction),
  ...BLOCKS.map((b) => blockAction(b.id, b.label)),
];

/**
 * The builder's edits that carry a value (a name, a shape, a field): typed commands, each with its undo label and
 * the key that merges a burst of them (typing a name) into one undo step. Components send these, never a spec.
 */
export type BuilderEdit =
  | { id: 'rename-network'; name: string }
  | { id: 'set-input-shape'; shape: Shape }
  | { id: 'connect'; node: string; inputs: string[] }
  | { id: 'rename-layer'; node: string; to: string }
  | { id: 'set-field'; node: string; key: string; label: string; value: unknown };

/** How each edit changes the spec (or refuses, with a sentence), its undo label and its coalescing key. */
function editOf(e: BuilderEdit): { label: string; apply: Parameters<AppState['editSpec']>[1]; coalesce?: string } {
  switch (e.id) {
    case 'rename-network':
      return { label: 'rename the network', apply: (s) => setName(s, e.name), coalesce: 'network-name' };
    case 'set-input-shape':
      return { label: 'set the input size', apply: (s) => setInputShape(s, e.shape), coalesce: 'input-shape' };
    case 'connect':
      return { label: `connect '${e.node}'`, apply: (s) => setInputs(s, e.node, e.inputs) };
    case 'rename-layer':
      return { label: `rename '${e.node}'`, apply: (s) => renameNode(s, e.node, e.to) };
    case 'set-field':
      return { label: `set ${e.label} of '${e.node}'`, apply: (s) => updateNode(s, e.node, e.key, e.value), coalesce: `${e.node}.${e.key}` };
  }
}

/** Applies one valued edit to the open network through editSpec (undo step, save); false when refused. */
export function runBuilderEdit(getState: () => AppState, e: BuilderEdit): boolean {
  const s = getState();
  if (!s.builder.draft) return false;
  const { label, apply, coalesce } = editOf(e);
  return s.editSpec(label, apply, coalesce);
}

const byId = new Map(BUILDER_ACTIONS.map((a) => [a.id, a]));

/** Whether a string (a dropped palette item's data, say) names a registry action. */
export function isBuilderActionId(id: string): id is BuilderActionId {
  return byId.has(id as BuilderActionId);
}

/** An action by id. */
export function builderAction(id: BuilderActionId): BuilderAction | undefined {
  return byId.get(id);
}

/** Runs an action by id against the current state if it is enabled; returns whether it ran. */
export function runBuilderAction(getState: () => AppState, id: BuilderActionId): boolean {
  const a = byId.get(id);
  const s = getState();
  if (!a || !a.enabled(s)) return false;
  a.run(s);
  return true;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The portable name of a key press: 'Mod+Shift+Z', 'Alt+ArrowUp', 'Delete'. */
export function keyName(e: KeyLike): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  parts.push(e.key.length === 1 ? e.key.toUpperCase() : e.key === 'Backspace' ? 'Delete' : e.key);
  return parts.join('+');
}

/** The action a key press triggers, if any; `inField` is true while the user types in a text field. */
export function actionForKey(e: KeyLike, inField: boolean): BuilderAction | undefined {
  const name = keyName(e);
  return BUILDER_ACTIONS.find((a) => a.keys?.includes(name) && (!inField || a.inFields));
}
