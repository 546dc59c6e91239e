import { describe, expect, it } from 'vitest';
import { categoryLayout } from './transferLayout';

const v = (median: number, live = false) => ({ median, min: median, max: median, runs: 1, live });

describe('categoryLayout', () => {
  it('spaces categories evenly, puts 100% at the top, and leaves a gap where a line has no value', () => {
    const l = categoryLayout(['c1', 'c5', 'f6'], [{ id: 'a', label: 'a', values: [v(0.9), null, v(0.8)] }, { id: 'b', label: 'b', values: [v(1), v(0.95, true), v(0.6)] }], 300, 200);
    expect(l.xTicks.map((t) => t.label)).toEqual(['c1', 'c5', 'f6']);
    const [x0, x1, x2] = l.xTicks.map((t) => t.x);
    expect(x1! - x0!).toBeCloseTo(x2! - x1!, 6);
    // The lowest median is 60%: the axis starts at 50%.
    expect(l.yTicks[0]!.label).toBe('50%');
    expect(l.yTicks.at(-1)!.label).toBe('100%');
    const top = l.dots.find((d) => d.id === 'b' && d.category === 'c1')!;
    expect(top.y).toBeCloseTo(0, 6);
    // Line a has two points and no segment through c5: two separate move-tos.
    expect(l.dots.filter((d) => d.id === 'a')).toHaveLength(2);
    expect((l.paths.find((p) => p.id === 'a')!.d.match(/M/g) ?? []).length).toBe(2);
    expect(l.dots.find((d) => d.category === 'c5')!.value.live).toBe(true);
  });
});
