import { describe, expect, it } from 'vitest';
import { zooEntry, type ZooEntry } from '../models';
import { createAppStore } from './createAppStore';
import { DEFAULT_SETTINGS } from './settingsSlice';

describe('createAppStore', () => {
  it('starts on the gallery with default settings', () => {
    const s = createAppStore().getState();
    expect(s.network.modelId).toBeNull();
    expect(s.network.analysis).toBeNull();
    expect(s.network.rows).toEqual([]);
    expect(s.settings.batchSize).toBe(DEFAULT_SETTINGS.batchSize);
    expect(s.settings.optimizer).toBe(DEFAULT_SETTINGS.optimizer);
  });

  it('gives each call a fresh store', () => {
    const a = createAppStore();
    const b = createAppStore();
    a.getState().openModel('vgg16');
    expect(b.getState().network.modelId).toBeNull();
  });

  it('opens a zoo network and analyses it once', () => {
    const store = createAppStore();
    store.getState().openModel('vgg16');
    const s = store.getState();
    expect(s.network.modelId).toBe('vgg16');
    expect(s.network.entry?.name).toBe('VGG-16');
    expect(s.network.inputShape).toEqual([224, 224, 3]);
    expect(s.network.analysis?.totals.params).toBe(138_357_544);
    expect(s.network.rows).toHaveLength(s.network.analysis?.layers.length ?? -1);
    store.getState().openModel('vgg16');
    expect(store.getState().network.analysis).toBe(s.network.analysis);
  });

  it('reports an unknown id without throwing and keeps the gallery', () => {
    const store = createAppStore();
    store.getState().openModel('vgg16');
    store.getState().openModel('xyz');
    const s = store.getState();
    expect(s.network.modelId).toBeNull();
    expect(s.network.unknownModelId).toBe('xyz');
    expect(s.network.analysis).toBeNull();
    store.getState().openModel(null);
    expect(store.getState().network.unknownModelId).toBeNull();
  });

  it('remembers the network left, for returning focus to its card', () => {
    const store = createAppStore();
    store.getState().openModel('resnet50');
    store.getState().openModel(null);
    expect(store.getState().network.previousModelId).toBe('resnet50');
  });

  it('re-analyses at a new input shape and keeps the analysis when the shape is unchanged', () => {
    const store = createAppStore();
    store.getState().openModel('lenet5');
    store.getState().setInputShape([3, 3, 1]);
    const s = store.getState();
    expect(s.network.inputShape).toEqual([3, 3, 1]);
    expect(s.network.spec?.inputs[0]?.shape).toEqual([32, 32, 1]);
    const c1 = s.network.rows.find((r) => r.name === 'c1');
    expect(c1?.error).toMatch(/does not fit/);
    store.getState().setInputShape([3, 3, 1]);
    expect(store.getState().network.analysis).toBe(s.network.analysis);
    store.getState().setInputShape([32, 32, 1]);
    expect(store.getState().network.analysis?.errorCount).toBe(0);
  });

  it('ignores a shape change with nothing open', () => {
    const store = createAppStore();
    store.getState().setInputShape([3, 3, 1]);
    expect(store.getState().network.inputShape).toBeNull();
  });

  it('turns a builder that throws into a load error', () => {
    const lenet = zooEntry('lenet5')!;
    const broken: ZooEntry = { ...lenet, id: 'broken', build: () => { throw new Error('boom'); } };
    const store = createAppStore({ findNetwork: (id) => (id === 'broken' ? broken : undefined) });
    store.getState().openModel('broken');
    expect(store.getState().network.loadError).toMatch(/could not be built: boom/);
    expect(store.getState().network.analysis).toBeNull();
  });

  it('accepts only positive whole batch sizes', () => {
    const store = createAppStore();
    store.getState().setBatchSize(64);
    store.getState().setBatchSize(0);
    store.getState().setBatchSize(2.5);
    expect(store.getState().settings.batchSize).toBe(64);
    store.getState().setOptimizer('sgd');
    expect(store.getState().settings.optimizer).toBe('sgd');
  });
});
