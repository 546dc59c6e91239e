import { describe, expect, it } from 'vitest';
import { STACK_SIDE, stackedConvs } from './lessonSpecs';

describe("VGG's stacked 3x3 convolutions, computed by the engine", () => {
  it('two 3x3 see 5x5 with 2 x 9C^2 weights against 25C^2; three see 7x7 with 27C^2 against 49C^2', () => {
    const two = stackedConvs(64, 2);
    expect(two.stack.layers.map((l) => l.field)).toEqual([3, 5]);
    expect(two.stack.field).toBe(5);
    expect(two.single).toMatchObject({ field: 5, params: 25 * 64 * 64, relus: 1 });
    expect(two.stack).toMatchObject({ params: 2 * 9 * 64 * 64, relus: 2 });
    expect(two.stack.macs).toBe(STACK_SIDE * STACK_SIDE * two.stack.params);
    const three = stackedConvs(10, 3);
    expect(three.kernel).toBe(7);
    expect([three.stack.field, three.single.field]).toEqual([7, 7]);
    expect([three.stack.params, three.single.params]).toEqual([27 * 100, 49 * 100]);
  });

  it('one 3x3 is its own single convolution: the same field and weights', () => {
    const one = stackedConvs(3, 1);
    expect(one.stack.field).toBe(one.single.field);
    expect(one.stack.params).toBe(one.single.params);
  });
});
