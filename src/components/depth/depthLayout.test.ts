import { describe, expect, it } from 'vitest';
import { depthLayout } from './depthLayout';

describe('depthLayout', () => {
  it('draws the plain line above the residual one where plain trains worse, and leaves gaps for runs not done', () => {
    const l = depthLayout(
      [
        { depth: 8, plain: 0.2, residual: 0.2 },
        { depth: 20, plain: 0.5, residual: 0.18 },
        { depth: 56, plain: null, residual: 0.15 },
      ],
      400,
      200,
    );
    expect(l.xTicks.map((t) => t.label)).toEqual(['8', '20', '56']);
    const at = (kind: string, depth: number) => l.dots.find((d) => d.kind === kind && d.depth === depth)!;
    // SVG y grows downwards: a larger error sits higher, so a smaller y.
    expect(at('plain', 20).y).toBeLessThan(at('residual', 20).y);
    expect(l.dots).toHaveLength(5);
    expect(l.plain.match(/[ML]/g)).toHaveLength(2);
    expect(l.yTicks.at(-1)!.label).toBe('50%');
  });
});
