import { describe, expect, it } from 'vitest';
import { answer, type ModelRef } from './answer';
import { answerCost, digitInput, meanOf, meanRows, photoInput, topK } from './pipeline';

const digit = () => ({ width: 28, height: 28, data: Float32Array.from({ length: 784 }, (_, i) => i / 784) });

describe('digitInput', () => {
  it('pads a 28x28 digit to LeNet-5\'s 32x32 by 2 px on each side, as in training', () => {
    const r = digitInput(digit(), [32, 32, 1], 'single');
    if (!r.ok) throw new Error(r.message);
    expect(r.input.shape).toEqual([32, 32, 1]);
    expect(r.input.count).toBe(1);
    expect(r.input.data[0]).toBe(0);
    expect(r.input.data[2 * 32 + 2]).toBe(0); // pixel (0,0) of the digit
    expect(r.input.data[2 * 32 + 3]).toBeCloseTo(1 / 784, 7);
    expect(r.input.data[29 * 32 + 29]).toBeCloseTo(783 / 784, 7);
  });

  it('cuts 5 or 10 crops of the input size from the image padded 2 px more; the centre crop is the single input', () => {
    const single = digitInput(digit(), [28, 28, 1], 'single');
    const ten = digitInput(digit(), [28, 28, 1], 'ten');
    const five = digitInput(digit(), [32, 32, 1], 'five');
    if (!single.ok || !ten.ok || !five.ok) throw new Error('refused');
    expect(ten.input.count).toBe(10);
    expect(five.input.count).toBe(5);
    expect(ten.input.names).toContain('centre');
    const c = ten.input.names.indexOf('centre');
    expect([...ten.input.data.subarray(c * 784, (c + 1) * 784)]).toEqual([...single.input.data]);
    // The top-left crop is the digit shifted 2 px right and down.
    const tl = ten.input.names.indexOf('top-left');
    expect(ten.input.data[tl * 784 + 2 * 28 + 2]).toBe(0);
    expect(ten.input.data[tl * 784 + 2 * 28 + 3]).toBeCloseTo(1 / 784, 7);
  });

  it('refuses inputs a digit cannot fill, saying why', () => {
    expect(digitInput(digit(), [24, 24, 1], 'single')).toMatchObject({ ok: false, message: expect.stringContaining('as large or larger') });
    expect(digitInput(digit(), [32, 32, 3], 'single')).toMatchObject({ ok: false, message: expect.stringContaining('3-channel') });
    expect(digitInput(digit(), [784], 'single')).toMatchObject({ ok: false, message: expect.stringContaining('not images') });
  });
});

describe('photoInput', () => {
  it('resizes to the input, and for crops to 256/224 of it first (the AlexNet 10-crop)', () => {
    const img = { width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4).fill(255) };
    const one = photoInput(img, [32, 32, 3], '-1,1', 'single');
    const ten = photoInput(img, [224, 224, 3], '0,1', 'ten');
    if (!one.ok || !ten.ok) throw new Error('refused');
    expect(one.input.data.length).toBe(32 * 32 * 3);
    expect(one.input.data.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    expect(ten.input.count).toBe(10);
    expect(ten.input.data.length).toBe(10 * 224 * 224 * 3);
  });
});

describe('combining', () => {
  it('averages rows and models, ranks the top k, and counts the compute', () => {
    expect([...meanRows(new Float32Array([1, 0, 0, 1]), 2, 2)]).toEqual([0.5, 0.5]);
    expect([...meanOf([new Float32Array([0.2, 0.8]), new Float32Array([0.6, 0.4])])].map((v) => +v.toFixed(6))).toEqual([0.4, 0.6]);
    expect(topK([0.1, 0.5, 0.2, 0.2], ['a', 'b', 'c', 'd'], 3)).toEqual([
      { label: 'b', index: 1, p: 0.5 },
      { label: 'c', index: 2, p: 0.2 },
      { label: 'd', index: 3, p: 0.2 },
    ]);
    expect(answerCost([416_520], 10)).toEqual({ macs: 4_165_200, multiplier: 10 });
    expect(answerCost([416_520, 416_520, 416_520], 5)).toEqual({ macs: 6_247_800, multiplier: 15 });
    expect(answerCost([100, 300], 1)).toEqual({ macs: 400, multiplier: 4 });
  });

  it('answer() runs each model on its own input and averages crops, then models', async () => {
    const labels = ['zero', 'one'];
    const models: ModelRef[] = [
      { key: 'a', name: 'A', inputShape: [28, 28, 1], macs: 10, labels, pipeline: 'digit' },
      { key: 'b', name: 'B', inputShape: [32, 32, 1], macs: 20, labels, pipeline: 'digit' },
    ];
    const seen: string[] = [];
    const r = await answer({ rgba: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, digit: digit() }, models, 'five', '0,1', async (key, input) => {
      seen.push(`${key}:${input.count}x${input.shape.join('x')}`);
      // a: every crop says "one" with 0.9; b: says "zero" with 0.7.
      const row = key === 'a' ? [0.1, 0.9] : [0.7, 0.3];
      return { probs: new Float32Array(Array.from({ length: input.count }, () => row).flat()), count: input.count, classes: 2, ms: 1 };
    });
    if (!r.ok) throw new Error(r.message);
    expect(seen).toEqual(['a:5x28x28x1', 'b:5x32x32x1']);
    expect(r.answer.top[0]).toMatchObject({ label: 'one', index: 1 });
    expect(r.answer.top[0]!.p).toBeCloseTo(0.6, 6);
    expect(r.answer.cost).toEqual({ macs: 150, multiplier: 15 });
    expect(r.answer.input.count).toBe(5);
  });

  it('answer() refuses models of different classes and blank digits', async () => {
    const run = async () => ({ probs: new Float32Array(2), count: 1, classes: 2, ms: 0 });
    const m = (labels: string[]): ModelRef => ({ key: 'k', name: `N${labels.length}`, inputShape: [28, 28, 1], macs: 1, labels, pipeline: 'digit' });
    expect(await answer({ rgba: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, digit: digit() }, [m(['a', 'b']), m(['a', 'b', 'c'])], 'single', '0,1', run)).toEqual({
      ok: false,
      message: 'N3 has 3 classes and N2 2; only models of the same classes can be ensembled.',
    });
    expect(await answer({ rgba: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, digit: null }, [m(['a', 'b'])], 'single', '0,1', run)).toMatchObject({ ok: false });
  });
});
