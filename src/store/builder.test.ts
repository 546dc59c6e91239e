// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { analyze, zooSpec, type LayerKind, type NetworkSpec } from '../models';
import { encodeShareHash } from '../models/share';
import { actionForKey, BUILDER_ACTIONS } from './builderActions';
import { BLOCKS, insertBlock } from './builderBlocks';
import { addLayer, blankSpec, deleteNode, moveNode, renameNode, starterSpec, updateNode } from './builderEdits';
import { createAppStore } from './createAppStore';
import { openNetworkRepo } from './persist/repo';
import type { AppStore } from './types';

let dbCount = 0;
const freshDb = () => `test-${++dbCount}-${Math.random()}`;
const settle = async (store: AppStore) => {
  // Wait for the ordered save queue to drain.
  for (let i = 0; i < 50 && store.getState().builder.saveState === 'saving'; i++) await new Promise((r) => setTimeout(r, 5));
};

/** LeNet-5 from a blank network, edit by edit, as the e2e test does through the UI. */
function buildLeNet(store: AppStore) {
  const s = () => store.getState();
  s().runEdit({ id: 'set-input-shape', shape: [32, 32, 1] });
  const add = (kind: LayerKind, fields: Record<string, unknown>) => {
    s().runAction(`add:${kind}`);
    const id = s().builder.selectedId!;
    for (const [k, v] of Object.entries(fields)) s().runEdit({ id: 'set-field', node: id, key: k, label: k, value: v });
    return id;
  };
  add('conv2d', { filters: 6, kernel: 5, padding: 'valid', activation: 'tanh' });
  add('avgPool2d', {});
  add('conv2d', { filters: 16, kernel: 5, padding: 'valid', activation: 'tanh' });
  add('avgPool2d', {});
  add('flatten', {});
  add('dense', { units: 120, activation: 'tanh' });
  add('dense', { units: 84, activation: 'tanh' });
  add('dense', { units: 10 });
}

describe('valued edits through the registry (what fields and names send)', () => {
  it('label each undo step, merge a burst on one field into one step, and refuse a clash with a notice', async () => {
    const store = createAppStore({ repo: openNetworkRepo(freshDb()) });
    await store.getState().startBuilder();
    await store.getState().createNetwork(zooSpec('lenet5')!);
    const s = () => store.getState();
    for (const f of ['1', '12', '120']) expect(s().runEdit({ id: 'set-field', node: 'c5', key: 'units', label: 'units', value: Number(f) })).toBe(true);
    expect(s().builder.past.map((p) => p.label)).toEqual(["set units of 'c5'"]);
    expect(s().runEdit({ id: 'rename-layer', node: 'c5', to: 'f6' })).toBe(false);
    expect(s().builder.notice?.text).toMatch(/f6/);
    expect(s().runEdit({ id: 'rename-network', name: 'Mine' })).toBe(true);
    expect(s().runEdit({ id: 'rename-network', name: 'Mine!' })).toBe(true);
    expect(s().builder.past.map((p) => p.label)).toEqual(["set units of 'c5'", 'rename the network']);
    expect(s().builder.draft!.name).toBe('Mine!');
    s().undo();
    expect(s().builder.draft!.name).toBe(zooSpec('lenet5')!.name);
  });
});

describe('builder edits (pure)', () => {
  it('a new network is valid from the start: input, flatten, a 10-way softmax; a layer added after the input goes before the flatten', () => {
    const spec = starterSpec();
    const a = analyze(spec);
    expect(a.issues).toEqual([]);
    expect(a.totals.params).toBe(28 * 28 * 10 + 10);
    const conv = addLayer(spec, 'conv2d', 'input');
    expect(conv.spec.nodes.map((n) => n.id)).toEqual(['conv1', 'flatten', 'output']);
    expect(analyze(conv.spec).errorCount).toBe(0);
  });

  it('adding after a layer splices it into the chain; outputs follow the ends', () => {
    let s = blankSpec();
    const a = addLayer(s, 'conv2d', null);
    s = a.spec;
    const b = addLayer(s, 'dense', 'input');
    expect(b.spec.nodes.map((n) => [n.id, n.inputs])).toEqual([
      ['dense1', ['input']],
      ['conv1', ['dense1']],
    ]);
    expect(b.spec.outputs).toEqual(['conv1']);
  });

  it('deleting reconnects the chain; moving swaps layers in the data flow', () => {
    const s = zooSpec('lenet5')!;
    const d = deleteNode(s, 's2.sigmoid');
    expect(d.nodes.find((n) => n.id === 'c3')?.inputs).toEqual(['s2']);
    expect(analyze(d).errorCount).toBe(0);
    const m = moveNode(s, 's2.sigmoid', -1);
    expect(m.nodes.map((n) => n.id).slice(0, 3)).toEqual(['c1', 's2.sigmoid', 's2']);
    expect(m.nodes.find((n) => n.id === 's2')?.inputs).toEqual(['s2.sigmoid']);
    expect(m.nodes.find((n) => n.id === 'c3')?.inputs).toEqual(['s2']);
    expect(analyze(m).totals.params).toBe(61_706);
  });

  it('renaming rewires references and refuses a taken name', () => {
    const s = zooSpec('lenet5')!;
    const r = renameNode(s, 'c1', 'conv_a');
    if (typeof r === 'string') throw new Error(r);
    expect(r.nodes.find((n) => n.id === 's2')?.inputs).toEqual(['conv_a']);
    expect(renameNode(s, 'c1', 'c3')).toMatch(/already used/);
  });

  it.each(BLOCKS.map((b) => [b.id]))('block %s fits after any 3-D layer and analyses without errors', (block) => {
    for (const channels of [3, 64, 256]) {
      const base = { ...blankSpec('b', [32, 32, channels]) };
      const r = insertBlock(base, block, 'input', channels);
      const a = analyze(r.spec);
      expect(a.errorCount, a.issues.map((i) => i.message).join('; ')).toBe(0);
      expect(r.spec.outputs).toEqual([r.id]);
    }
  });

  it('blocks have the textbook counts: residual identity at 64 channels, inception reduced at 192', () => {
    const res = insertBlock(blankSpec('r', [56, 56, 64]), 'residual', 'input', 64);
    expect(analyze(res.spec).totals.trainableParams).toBe(2 * 3 * 3 * 64 * 64 + 2 * 2 * 64);
    const inc = insertBlock(blankSpec('i', [28, 28, 192]), 'inception-reduced', 'input', 192);
    const a = analyze(inc.spec);
    expect(a.totals.params).toBe(163_696); // the zoo's inception-reduced (Szegedy et al. 2014, inception 3a)
    expect(a.layers.find((l) => l.id === inc.id)?.outputShape).toEqual([28, 28, 256]);
  });
});

describe('builder slice: undo, redo, analysis on every edit', () => {
  it('builds LeNet-5 from blank through registry actions: 61,706 parameters', async () => {
    const store = createAppStore();
    await store.getState().createNetwork(blankSpec('LeNet'));
    buildLeNet(store);
    expect(store.getState().builder.draftAnalysis?.totals.params).toBe(61_706);
    expect(store.getState().builder.draftAnalysis?.errorCount).toBe(0);
  });

  it('an error shows at its layer, the rest stays analysed, and undo removes it', async () => {
    const store = createAppStore();
    await store.getState().createNetwork(zooSpec('lenet5')!);
    const s = () => store.getState();
    s().editSpec('set kernel', (sp) => updateNode(sp, 'c3', 'kernel', 20));
    const c3 = s().builder.draftAnalysis!.layers.find((l) => l.id === 'c3')!;
    expect(c3.errors[0]?.message).toBe("conv 'c3': a 20x20 kernel does not fit the 14x14 input; use padding 'same' or a smaller kernel");
    expect(s().builder.draftAnalysis!.layers.find((l) => l.id === 'c1')!.outputShape).toEqual([28, 28, 6]);
    s().undo();
    expect(s().builder.draftAnalysis!.errorCount).toBe(0);
    expect(s().builder.draftAnalysis!.totals.params).toBe(61_706);
    s().redo();
    expect(s().builder.draftAnalysis!.errorCount).toBe(1);
  });

  it('undo is unlimited within a session; typing in one field is one step', async () => {
    const store = createAppStore();
    await store.getState().createNetwork(blankSpec());
    const s = () => store.getState();
    for (let i = 0; i < 300; i++) s().runAction('add:dropout');
    expect(s().builder.draft!.spec.nodes).toHaveLength(300);
    for (const v of [1, 12, 128]) s().editSpec('set rate', (sp) => updateNode(sp, 'dropout1', 'rate', v / 1000), 'dropout1.rate');
    expect(s().builder.past).toHaveLength(301);
    for (let i = 0; i < 301; i++) s().undo();
    expect(s().builder.draft!.spec.nodes).toHaveLength(0);
    expect(s().builder.past).toHaveLength(0);
    expect(s().builder.future).toHaveLength(301);
  });

  it('branch and merge: a parallel path from the input, then add merges the open ends', async () => {
    const store = createAppStore();
    const s = () => store.getState();
    await s().createNetwork(blankSpec('branches', [16, 16, 8]));
    s().runAction('add:conv2d'); // conv1 after the input
    s().editSpec('set filters', (sp) => updateNode(sp, 'conv1', 'filters', 8));
    s().selectLayer('input');
    s().runAction('branch:batchNorm'); // bn1 from the input, beside conv1
    expect(s().builder.draft!.spec.outputs).toEqual(['bn1', 'conv1']);
    s().runAction('add:add');
    const add = s().builder.draft!.spec.nodes.find((n) => n.kind === 'add')!;
    expect(add.inputs).toEqual(['bn1', 'conv1']);
    expect(s().builder.draft!.spec.outputs).toEqual([add.id]);
    expect(s().builder.draftAnalysis!.errorCount).toBe(0);
    // A mismatched merge is the engine's error at the merge, not a crash.
    s().editSpec('set filters', (sp) => updateNode(sp, 'conv1', 'filters', 4));
    expect(s().builder.draftAnalysis!.layers.find((l) => l.id === add.id)?.errors[0]?.code).toBe('shape-mismatch');
  });

  it('refused edits change nothing and say why', async () => {
    const store = createAppStore();
    await store.getState().createNetwork(zooSpec('lenet5')!);
    const before = store.getState().builder.draft!.spec;
    expect(store.getState().editSpec('rename', (sp) => renameNode(sp, 'c1', 'c3'))).toBe(false);
    expect(store.getState().builder.draft!.spec).toBe(before);
    expect(store.getState().builder.notice?.text).toMatch(/already used/);
  });

  it('keyboard shortcuts map to registry actions', () => {
    const k = (key: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(actionForKey(k('z', { ctrlKey: true }), true)?.id).toBe('undo');
    expect(actionForKey(k('Z', { ctrlKey: true, shiftKey: true }), true)?.id).toBe('redo');
    expect(actionForKey(k('z', { metaKey: true }), false)?.id).toBe('undo');
    expect(actionForKey(k('Delete'), false)?.id).toBe('delete');
    expect(actionForKey(k('Delete'), true)).toBeUndefined();
    expect(actionForKey(k('ArrowUp', { altKey: true }), false)?.id).toBe('move-up');
    expect(new Set(BUILDER_ACTIONS.map((a) => a.id)).size).toBe(BUILDER_ACTIONS.length);
  });
});

describe('builder persistence (IndexedDB through fake-indexeddb)', () => {
  it('a reload finds the network as it was left, with every edit saved', async () => {
    const db = freshDb();
    const a = createAppStore({ repo: openNetworkRepo(db) });
    await a.getState().startBuilder(null);
    await a.getState().createNetwork(blankSpec('My LeNet'));
    buildLeNet(a);
    await settle(a);
    expect(a.getState().builder.saveState).toBe('saved');
    const b = createAppStore({ repo: openNetworkRepo(db) });
    await b.getState().startBuilder(null);
    expect(b.getState().builder.draft?.spec).toEqual(a.getState().builder.draft?.spec);
    expect(b.getState().builder.draftAnalysis?.totals.params).toBe(61_706);
    expect(b.getState().builder.library.map((m) => m.name)).toEqual(['My LeNet']);
  });

  it('lists, renames, duplicates and deletes saved networks', async () => {
    const db = freshDb();
    const st = createAppStore({ repo: openNetworkRepo(db) });
    const s = () => st.getState();
    await s().startBuilder(null);
    await s().createNetwork(zooSpec('lenet5')!);
    await s().createNetwork(zooSpec('vgg16')!);
    const vgg = s().builder.draft!.id;
    await s().duplicateSaved(vgg);
    expect(s().builder.library.map((m) => m.name)).toEqual(['VGG-16 (copy)', 'VGG-16', 'LeNet-5']);
    const lenet = s().builder.library.find((m) => m.name === 'LeNet-5')!.id;
    await s().renameSaved(lenet, 'LeNet classic');
    await s().deleteSaved(vgg);
    await settle(st);
    const again = createAppStore({ repo: openNetworkRepo(db) });
    await again.getState().startBuilder(null);
    expect(again.getState().builder.library.map((m) => m.name).sort()).toEqual(['LeNet classic', 'VGG-16 (copy)']);
  });

  it('a failed import or a bad share link changes nothing and says what is wrong', async () => {
    const db = freshDb();
    const st = createAppStore({ repo: openNetworkRepo(db) });
    const s = () => st.getState();
    await s().startBuilder(null);
    await s().createNetwork(zooSpec('lenet5')!);
    const before = { draft: s().builder.draft, library: s().builder.library };
    expect(await s().importText('{"schemaVersion":1', 'bad.json')).toBe(false);
    expect(s().builder.notice).toMatchObject({ kind: 'error', text: expect.stringMatching(/^Could not import 'bad.json': Not valid JSON/) });
    expect(await s().openShared('#spec=garbage!!')).toBe(false);
    expect(s().builder.draft).toBe(before.draft);
    expect(s().builder.library).toBe(before.library);
  });

  it('a failing database keeps the work in the tab and says so', async () => {
    const repo = openNetworkRepo(freshDb());
    const broken = { ...repo, put: () => Promise.reject(new Error('QuotaExceededError')) };
    const st = createAppStore({ repo: broken });
    await st.getState().startBuilder(null);
    await st.getState().createNetwork(zooSpec('lenet5')!);
    await settle(st);
    expect(st.getState().builder.saveState).toBe('unsaved');
    expect(st.getState().builder.notice?.text).toMatch(/^Could not save: QuotaExceededError\. Your work is kept in this tab/);
    expect(st.getState().builder.draftAnalysis?.totals.params).toBe(61_706);
  });

  it('a share link opens as a new saved network', async () => {
    const st = createAppStore({ repo: openNetworkRepo(freshDb()) });
    const spec: NetworkSpec = zooSpec('resnet18')!;
    const e = encodeShareHash(spec);
    if (!e.ok) throw new Error(e.error);
    await st.getState().startBuilder(e.hash);
    expect(st.getState().builder.draft?.spec).toEqual(spec);
    expect(st.getState().builder.library).toHaveLength(1);
  });

  it('the same share link opened again opens the saved copy; once edited, the link is a new network', async () => {
    const db = freshDb();
    const st = createAppStore({ repo: openNetworkRepo(db) });
    const s = () => st.getState();
    const e = encodeShareHash(zooSpec('lenet5')!);
    if (!e.ok) throw new Error(e.error);
    await s().startBuilder(e.hash);
    const first = s().builder.draft!.id;
    await s().createNetwork(zooSpec('vgg16')!);
    await settle(st);
    // A new tab (a new store over the same database) opening the same link.
    const again = createAppStore({ repo: openNetworkRepo(db) });
    await again.getState().startBuilder(e.hash);
    expect(again.getState().builder.library).toHaveLength(2);
    expect(again.getState().builder.draft?.id).toBe(first);
    expect(again.getState().builder.notice?.text).toBe("The shared network 'LeNet-5' is already in your networks, unchanged: opened it.");
    // Edited, the saved network is no longer the link's: the link opens as a new one.
    again.getState().runEdit({ id: 'rename-network', name: 'LeNet-5' });
    again.getState().editSpec('drop the output', (sp) => ({ ...sp, nodes: sp.nodes.slice(0, -1), outputs: [sp.nodes[sp.nodes.length - 2]!.id] }));
    await settle(again);
    expect(await again.getState().openShared(e.hash)).toBe(true);
    expect(again.getState().builder.library).toHaveLength(3);
  });
});
