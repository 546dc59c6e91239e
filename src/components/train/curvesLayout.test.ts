import { describe, expect, it } from 'vitest';
import { confusionLayout, curvesLayout, movingAverage, overlayLayout } from './curvesLayout';

describe('curvesLayout', () => {
  const train = [
    { step: 1, value: 2.3 },
    { step: 2, value: 1.5 },
    { step: 3, value: 0.9 },
    { step: 4, value: NaN },
  ];
  const l = curvesLayout(train, [{ step: 3, value: 1.0 }], 420, 200);

  it('maps steps to x and values to y inside the margins', () => {
    const iw = 420 - l.margin.left - l.margin.right;
    const ih = 200 - l.margin.top - l.margin.bottom;
    expect(l.train.startsWith('M')).toBe(true);
    // A NaN point breaks the line instead of drawing it.
    expect(l.train.split('M')).toHaveLength(2);
    expect(l.validation).toHaveLength(1);
    expect(l.validation[0]!.x).toBeCloseTo((3 / 4) * iw, 6);
    expect(l.validation[0]!.y).toBeGreaterThan(0);
    expect(l.validation[0]!.y).toBeLessThan(ih);
    expect(l.yTicks[0]!.label).toBe('0');
  });

  it('draws accuracy on a fixed 0-100% axis', () => {
    const a = curvesLayout([{ step: 1, value: 0.5 }, { step: 2, value: 0.75 }], [], 420, 200, 1);
    expect(a.yTicks.at(-1)!.label).toBe('100%');
  });

  it('averages the last k values', () => {
    expect(movingAverage([1, 2, 3, 4], 2)).toEqual([1, 1.5, 2.5, 3.5]);
  });
});

describe('confusionLayout', () => {
  it('shares each row out of its total', () => {
    const rows = confusionLayout([3, 1, 0, 4], 2);
    expect(rows[0]).toEqual([
      { count: 3, share: 0.75 },
      { count: 1, share: 0.25 },
    ]);
    expect(rows[1]![1]!.share).toBe(1);
  });
});

describe('overlayLayout', () => {
  it('puts every run on shared scales: the longer run reaches the right edge, the shorter stops where it ended', () => {
    const a = { id: 'a', label: 'A', points: Array.from({ length: 10 }, (_, i) => ({ x: i + 1, value: 2 - i * 0.1 })) };
    const b = { id: 'b', label: 'B', points: Array.from({ length: 5 }, (_, i) => ({ x: i + 1, value: 1 })) };
    const l = overlayLayout([a, b], 400, 200);
    const end = (d: string) => Number(d.split(/[ML]/).filter(Boolean).at(-1)!.split(',')[0]);
    expect(l.paths.map((p) => p.id)).toEqual(['a', 'b']);
    expect(end(l.paths[0]!.d)).toBeCloseTo(400 - 44 - 12, 5);
    expect(end(l.paths[1]!.d)).toBeCloseTo((400 - 44 - 12) / 2, 5);
    // Smoothed as the single-run chart smooths (k = 1 for short runs): the last value is the last batch's.
    expect(l.paths[0]!.last).toBeCloseTo(1.1, 10);
    expect(overlayLayout([], 400, 200, 1).yTicks.at(-1)!.label).toBe('100%');
  });
});
