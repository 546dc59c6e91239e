/** The honesty check's measurements and its threshold rule, on real images (MNIST, the sample photos). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../cli/decodeImage';
import { loadNodeDataset } from '../cli/nodeData';
import type { RgbaImage } from './image';
import { chooseThresholds, energyScore, IMAGE_SIGNALS, imageSignals, judge, type SignalId } from './oodSignals';
import { preprocess } from './preprocess';

const file = (p: string): RgbaImage => {
  const r = decodeImageFile(new Uint8Array(readFileSync(p)), p);
  if (!r.ok) throw new Error(r.message);
  return r.image;
};
const signalsOf = (p: string, style: 'mnist' | 'fashion' = 'mnist') => imageSignals(preprocess(file(p), style))!;

describe('energyScore', () => {
  it('is log-sum-exp, exact for small logits and without overflow for large ones', () => {
    expect(energyScore([0, Math.log(3)])).toBeCloseTo(Math.log(4), 12);
    expect(energyScore([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 9);
    expect(energyScore([-Infinity])).toBe(-Infinity);
  });
});

describe('imageSignals', () => {
  it('a sample digit (an MNIST test image, dark on white) is gray, on a plain edge, mostly background, with bright strokes', () => {
    const s = signalsOf('public/sample-images/mnist/digit-7-0.png');
    expect(s.colour).toBe(0);
    expect(s.border).toBe(1);
    expect(s.background).toBeGreaterThan(0.7);
    expect(s.bright).toBeGreaterThan(0.5);
  });

  it('the cat photo is colourful, fills its frame and is mid-gray shading', () => {
    const s = signalsOf('public/sample-images/photos/chelsea.jpg');
    expect(s.colour).toBeGreaterThan(0.1);
    expect(s.border).toBeLessThan(0.1);
    expect(s.midtones).toBeGreaterThan(0.9);
  });

  it('the gray camera photo has no colour, yet no plain edge either', () => {
    const s = signalsOf('public/sample-images/photos/camera.png');
    expect(s.colour).toBe(0);
    expect(s.border).toBeLessThan(0.1);
  });

  it('nothing to measure in a blank image', () => {
    const blank = { width: 8, height: 8, data: new Uint8ClampedArray(256).fill(255) };
    expect(imageSignals(preprocess(blank, 'mnist'))).toBeNull();
  });
});

describe('chooseThresholds', () => {
  it('on 3,000 MNIST training digits: flags at most the target share, and judge() agrees with it image by image', () => {
    const { train } = loadNodeDataset('mnist');
    const n = 3000;
    const values = Object.fromEntries(IMAGE_SIGNALS.map((id) => [id, new Float64Array(n)])) as Record<SignalId, Float64Array>;
    const all = [];
    for (let i = 0; i < n; i++) {
      const rgba = { width: 28, height: 28, data: new Uint8ClampedArray(784 * 4) };
      for (let p = 0; p < 784; p++) {
        rgba.data.fill(255 - train.images[i * 784 + p]!, p * 4, p * 4 + 3);
        rgba.data[p * 4 + 3] = 255;
      }
      const s = imageSignals(preprocess(rgba, 'mnist'))!;
      for (const id of IMAGE_SIGNALS) values[id][i] = s[id];
      all.push(s);
    }
    const target = 0.01;
    const r = chooseThresholds(values, 2, target);
    expect(r.flagged).toBeLessThanOrEqual(target);
    expect(r.tail).toBeGreaterThan(0);
    const ref = { what: 'MNIST training digits', images: n, need: 2, thresholds: r.thresholds, flagged: r.flagged };
    expect(all.filter((s) => judge(s, ref).flagged).length / n).toBe(r.flagged);
    // Every digit is gray: the colour threshold is 0, and no digit is past it.
    expect(r.thresholds.colour).toEqual({ value: 0, within: 1 });
    // One unusual signal alone is not enough; with need 1 the same thresholds flag more.
    expect(all.filter((s) => judge(s, { ...ref, need: 1 }).flagged).length / n).toBeGreaterThan(r.flagged);
    // The cat photo is past at least two of them.
    expect(judge(signalsOf('public/sample-images/photos/chelsea.jpg'), ref).flagged).toBe(true);
  });
});
