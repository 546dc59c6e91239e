import { describe, expect, it } from 'vitest';
import { trainingMemory } from '../models';
import { createAppStore } from './createAppStore';
import { selectErrorRowIds, selectIssues, selectScreen, selectTotals, selectTrainingMemory } from './selectors';

describe('selectors', () => {
  it('return shared empty values with the gallery', () => {
    const s = createAppStore().getState();
    expect(selectIssues(s)).toBe(selectIssues(s));
    expect(selectIssues(s)).toEqual([]);
    expect(selectTotals(s)).toBeNull();
    expect(selectTrainingMemory(s)).toBeNull();
    expect(selectScreen(s)).toEqual({ screen: 'gallery', modelId: null, unknownModelId: null });
  });

  it('read ResNet-50 totals from the engine', () => {
    const store = createAppStore();
    store.getState().openModel('resnet50');
    const t = selectTotals(store.getState());
    expect(t?.trainableParams).toBe(25_557_032);
    expect(t?.nonTrainableParams).toBe(53_120);
    expect(selectScreen(store.getState()).screen).toBe('network');
  });

  it('compute training memory at the chosen batch and optimizer', () => {
    const store = createAppStore();
    store.getState().openModel('vgg16');
    store.getState().setBatchSize(8);
    store.getState().setOptimizer('momentum');
    const s = store.getState();
    expect(selectTrainingMemory(s)).toEqual(trainingMemory(s.network.analysis!, 8, 'momentum'));
    // weights + gradients + one momentum slot, float32
    const m = selectTrainingMemory(s)!;
    expect(m.weights + m.gradients + m.optimizerState).toBe(138_357_544 * 4 * 3);
  });

  it('give no training memory and list the error rows when shapes fail', () => {
    const store = createAppStore();
    store.getState().openModel('lenet5');
    store.getState().setInputShape([3, 3, 1]);
    const s = store.getState();
    expect(selectTrainingMemory(s)).toBeNull();
    expect(selectErrorRowIds(s)[0]).toBe('c1');
    expect(selectIssues(s).some((i) => i.nodeId === 'c1' && i.severity === 'error')).toBe(true);
  });
});
