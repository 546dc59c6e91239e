import { describe, expect, it } from 'vitest';
import { identityDemo } from './residualMath';

describe('the identity argument', () => {
  it('at zero weights the residual block returns its input exactly and the plain block returns zeros', () => {
    const d = identityDemo(0);
    expect(d.residualChange).toBe(0);
    expect(Array.from(d.residual.data)).toEqual(Array.from(d.input.data));
    expect(d.plain.data.every((v) => v === 0)).toBe(true);
    expect(d.plainChange).toBe(1);
  });

  it('with the weights on, both blocks change the input, and the change grows with the scale', () => {
    const half = identityDemo(0.5);
    const full = identityDemo(1);
    expect(half.residualChange).toBeGreaterThan(0);
    expect(full.residualChange).toBeGreaterThan(half.residualChange);
    expect(identityDemo(1).residualChange).toBe(full.residualChange);
  });
});
