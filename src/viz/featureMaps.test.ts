import { describe, expect, it } from 'vitest';
import { cellSize, divergingRgb, filterRgb, filterSlice, heatPixels, inputPixels, mapPixels, scaleEnds } from './featureMaps';

describe('feature map colours', () => {
  it('one diverging scale: near-white at zero, red above, blue below, clipped at the end', () => {
    const [r0, g0, b0] = divergingRgb(0, 1);
    // RdBu's middle, rgb(242, 239, 238).
    expect([r0, g0, b0]).toEqual([242, 239, 238]);
    const [r, , b] = divergingRgb(1, 1);
    expect(r).toBeGreaterThan(b);
    const [rn, , bn] = divergingRgb(-1, 1);
    expect(bn).toBeGreaterThan(rn);
    expect(divergingRgb(5, 1)).toEqual(divergingRgb(1, 1));
    // An all-zero map (a dead ReLU) is white, not a division by zero.
    expect(divergingRgb(0, 0)).toEqual(divergingRgb(0, 1));
    expect([...mapPixels([0, 2, -2, 1], 0, 2, 2, 2).subarray(4, 8)]).toEqual([...divergingRgb(2, 2), 255]);
  });

  it("shared scale: every map ends at the layer's largest magnitude; per map: each at its own", () => {
    const v = [0, 1, 0, -4, 2, 0];
    expect(scaleEnds(v, 3, 2, true)).toEqual([4, 4, 4]);
    expect(scaleEnds(v, 3, 2, false)).toEqual([1, 4, 2]);
  });

  it('maps of any size come out about the same width, in whole pixels', () => {
    expect(cellSize(28, 28)).toBe(2);
    expect(cellSize(5, 5)).toBe(11);
    expect(cellSize(224, 224)).toBe(1);
  });

  it("filters read from TF.js's [row][column][channel][filter] layout; inputs and filters in colour from channel-major values", () => {
    // 1x2 kernel, 3 channels, 2 filters: weight = 100*position + 10*channel + filter.
    const w = Array.from({ length: 12 }, (_, i) => 100 * Math.floor(i / 6) + 10 * (Math.floor(i / 2) % 3) + (i % 2));
    expect([...filterSlice(w, 1, 2, 3, 2, 1, 2)]).toEqual([21, 121]);
    expect([...filterRgb(w, 1, 2, 2, 0)]).toEqual([0, 100, 10, 110, 20, 120]);
    const px = inputPixels([0, 1, 1, 0, 0, 0], 1, 2, 3);
    expect([...px]).toEqual([0, 255, 0, 255, 255, 0, 0, 255]);
    const heat = heatPixels([0, 1]);
    expect(heat[3]).toBe(0);
    expect(heat[7]).toBeGreaterThan(0);
  });
});
