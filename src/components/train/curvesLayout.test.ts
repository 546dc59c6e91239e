import { describe, expect, it } from 'vitest';
import { confusionLayout, curvesLayout, movingAverage } from './curvesLayout';

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
