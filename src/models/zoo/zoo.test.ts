import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { formatShape } from '../format';
import { ZOO, zooSpec } from './index';
import { REGRESSION } from './regression';
import { cifarResnet } from './resnet';

describe('zoo regression table', () => {
  it('covers every zoo network except the plain ones (checked against their ResNets below)', () => {
    const covered = new Set(REGRESSION.map((r) => r.id));
    expect(ZOO.filter((z) => z.family !== 'Plain' && !covered.has(z.id)).map((z) => z.id)).toEqual([]);
  });

  it.each(REGRESSION)('$id matches $source', (exp) => {
    const a = analyze(zooSpec(exp.id)!);
    expect(a.errorCount).toBe(0);
    expect(a.totals.trainableParams).toBe(exp.trainable);
    expect(a.totals.nonTrainableParams).toBe(exp.nonTrainable);
    expect(a.totals.params).toBe(exp.trainable + exp.nonTrainable);
    if (exp.gmacs !== null) expect(Number((a.totals.macs / 1e9).toFixed(2))).toBe(exp.gmacs);
    const byId = new Map(a.layers.map((l) => [l.id, l]));
    for (const [id, shape] of Object.entries(exp.shapes)) {
      expect(byId.has(id), `layer ${id}`).toBe(true);
      expect(formatShape(byId.get(id)!.outputShape), id).toBe(shape);
    }
  });

  it.each([18, 34, 50, 101, 152])('plain%i is ResNet-%i without its shortcuts', (d) => {
    const res = analyze(zooSpec(`resnet${d}`)!);
    const plain = analyze(zooSpec(`plain${d}`)!);
    expect(plain.errorCount).toBe(0);
    const shortcut = res.layers.filter((l) => l.id.includes('.downsample.'));
    const sum = (f: (l: (typeof shortcut)[number]) => number) => shortcut.reduce((n, l) => n + f(l), 0);
    expect(plain.totals.trainableParams).toBe(res.totals.trainableParams - sum((l) => l.trainableParams));
    expect(plain.totals.nonTrainableParams).toBe(res.totals.nonTrainableParams - sum((l) => l.nonTrainableParams));
    expect(plain.layers.some((l) => l.kind === 'add')).toBe(false);
    expect(formatShape(plain.layers.at(-1)!.outputShape)).toBe('1000');
  });

  it.each([8, 14, 20, 32, 44, 56])('cifar-plain%i is ResNet-%i (CIFAR) without its shortcuts, and option A costs nothing', (d) => {
    const res = analyze(zooSpec(`cifar-resnet${d}`)!);
    const plain = analyze(zooSpec(`cifar-plain${d}`)!);
    expect(plain.errorCount).toBe(0);
    expect(plain.totals.params).toBe(res.totals.params);
    expect(plain.totals.macs).toBe(res.totals.macs);
    expect(plain.layers.some((l) => l.kind === 'add' || l.kind === 'shortcutPad')).toBe(false);
    // The same convolutions, in the same order: the networks differ only in the shortcuts.
    const convs = (a: typeof res) => a.layers.filter((l) => l.kind === 'conv2d' || l.kind === 'dense').map((l) => `${l.id}:${formatShape(l.outputShape)}`);
    expect(convs(plain)).toEqual(convs(res));
    expect(res.totals.depth).toBe(d);
    // Two option-A shortcuts (stages 2 and 3), each parameter-free.
    expect(res.layers.filter((l) => l.kind === 'shortcutPad').map((l) => [l.id, l.params])).toEqual([
      ['layer2.0.shortcut', 0],
      ['layer3.0.shortcut', 0],
    ]);
  });

  it("option B: 1x1 projection shortcuts cost what the course says (two 1x1 convolutions and their batch norms)", () => {
    const a = analyze(cifarResnet(20, true, 'B'));
    expect(a.errorCount).toBe(0);
    expect(a.totals.trainableParams).toBe(269_722 + (16 * 32 + 2 * 32) + (32 * 64 + 2 * 64));
    expect(a.layers.some((l) => l.kind === 'shortcutPad')).toBe(false);
  });

  it('the course figures: 1x1 conv and the Inception bottleneck cost', () => {
    const demo = analyze(zooSpec('conv1x1-demo')!);
    expect(demo.layers.find((l) => l.id === 'conv1x1')!.macs).toBe(28 * 28 * 32 * 192);
    const naive = analyze(zooSpec('inception-naive')!);
    // 28x28x32 outputs, each 5x5x192 multiplications: the course's 120 million.
    expect(naive.layers.find((l) => l.id === 'branch5x5')!.macs).toBe(120_422_400);
    const reduced = analyze(zooSpec('inception-reduced')!);
    const cost = ['branch5x5.reduce', 'branch5x5'].reduce((n, id) => n + reduced.layers.find((l) => l.id === id)!.macs, 0);
    // 2.4 M + 10.0 M = the course's 12.4 million.
    expect(cost).toBe(2_408_448 + 10_035_200);
  });

  it('VGG-16 holds most parameters in its FC layers and most memory in its early convolutions', () => {
    const a = analyze(zooSpec('vgg16')!);
    const fc = a.layers.filter((l) => l.kind === 'dense').reduce((n, l) => n + l.params, 0);
    expect(fc / a.totals.params).toBeGreaterThan(0.85);
    const early = a.layers.filter((l) => /^conv[12]_/.test(l.id)).reduce((n, l) => n + l.activationBytes, 0);
    expect(early / a.totals.activationBytes).toBeGreaterThan(0.5);
  });

  it('every entry has a paper with a link and a year, and a unique id', () => {
    expect(new Set(ZOO.map((z) => z.id)).size).toBe(ZOO.length);
    for (const z of ZOO) {
      expect(z.paper.url).toMatch(/^https:\/\//);
      expect(z.year).toBeGreaterThan(1990);
      expect(z.taught.length).toBeGreaterThan(40);
      expect(z.build().name).toBeTruthy();
    }
  });
});
