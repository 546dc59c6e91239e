import { describe, expect, it } from 'vitest';
import { isOptimizer, MAX_BATCH, OPTIMIZER_CHOICES, optimizerStateNote, parseBatchSize, parseShapeInput } from './inputs';
import { OPTIMIZER_SLOTS } from '../models';

describe('parseShapeInput', () => {
  it('accepts H x W x C and vectors', () => {
    expect(parseShapeInput('224x224x3')).toEqual({ ok: true, value: [224, 224, 3] });
    expect(parseShapeInput(' 3 x 3 x 1 ')).toEqual({ ok: true, value: [3, 3, 1] });
    expect(parseShapeInput('100')).toEqual({ ok: true, value: [100] });
  });

  it('explains what is wrong', () => {
    for (const bad of ['', '224x', '224x224', '0x3x3', 'abc', '2.5x3x3']) {
      const r = parseShapeInput(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/shape/i);
    }
  });
});

describe('parseBatchSize', () => {
  it('accepts whole numbers from 1 to MAX_BATCH', () => {
    expect(parseBatchSize('32')).toEqual({ ok: true, value: 32 });
    expect(parseBatchSize(String(MAX_BATCH))).toEqual({ ok: true, value: MAX_BATCH });
    for (const bad of ['0', '-1', '1.5', '', 'x', String(MAX_BATCH + 1)]) expect(parseBatchSize(bad).ok).toBe(false);
  });
});

describe('optimizer choices', () => {
  it('cover every optimizer the engine knows', () => {
    expect(OPTIMIZER_CHOICES.map((o) => o.id).sort()).toEqual(Object.keys(OPTIMIZER_SLOTS).sort());
    expect(isOptimizer('adam')).toBe(true);
    expect(isOptimizer('lion')).toBe(false);
  });

  it('say how much state each keeps', () => {
    expect(optimizerStateNote('sgd')).toBe('SGD keeps no state');
    expect(optimizerStateNote('momentum')).toBe('SGD + momentum keeps 1 value per trainable weight');
    expect(optimizerStateNote('adam')).toBe('Adam keeps 2 values per trainable weight');
  });
});
