import { describe, expect, it } from 'vitest';
import { PUBLISHED_ACCURACY } from '../../models/zoo/accuracy';
import { networkNotes } from '../../models/zoo/notes';
import { ZOO, zooEntry } from '../../models';
import { layoutAccuracy } from '../../viz/accuracyLayout';
import { inceptionCost, oneByOne, residualBlock } from '../lessons/lessonSpecs';
import { compareColumns, compareFromSearch, DEFAULT_COMPARE, maxBatch, searchWithCompare } from './compareState';

describe('compare state in the URL', () => {
  it('round-trips through the query string and keeps other parameters', () => {
    const s = { nets: ['vgg16', 'resnet50'], batch: 64, optimizer: 'sgd' as const, dtype: 2 as const, budgetGiB: 24 };
    const q = searchWithCompare('?view=compare', s);
    expect(q).toBe('?view=compare&nets=vgg16%2Cresnet50&batch=64&opt=sgd&dtype=2&budget=24');
    expect(compareFromSearch(q)).toEqual({ state: s, notices: [] });
  });

  it('reports bad values instead of throwing, and falls back to defaults', () => {
    const r = compareFromSearch('?nets=vgg16,nope,resnet50&batch=-3&opt=lbfgs&dtype=3&budget=abc');
    expect(r.state).toEqual({ ...DEFAULT_COMPARE, nets: ['vgg16', 'resnet50'] });
    expect(r.notices.join(' ')).toMatch(/'nope'.*Batch size '-3'.*Memory budget 'abc'.*Bytes per value '3'.*Optimizer 'lbfgs'/);
    expect(compareFromSearch('?nets=' + ZOO.map((z) => z.id).join(',')).state.nets).toHaveLength(6);
  });

  it('ResNet-50 vs VGG-16: figures from the engine, training memory and budget at batch and precision', () => {
    const [vgg, res] = compareColumns({ nets: ['vgg16', 'resnet50'], batch: 32, optimizer: 'adam', dtype: 4, budgetGiB: 16 });
    expect(vgg!.analysis.totals.params).toBe(138_357_544);
    expect(res!.analysis.totals.trainableParams).toBe(25_557_032);
    const t = vgg!.training;
    expect(t.total).toBe(138_357_544 * 4 * 4 + vgg!.analysis.totals.activationElements * 32 * 4);
    expect(vgg!.fits).toBe(t.total <= 16 * 1024 ** 3);
    const b = maxBatch(vgg!, 16);
    const at = (n: number) => compareColumns({ nets: ['vgg16'], batch: n, optimizer: 'adam', dtype: 4, budgetGiB: 16 })[0]!.fits;
    expect(at(b)).toBe(true);
    expect(at(b + 1)).toBe(false);
    const half = compareColumns({ nets: ['vgg16'], batch: 32, optimizer: 'adam', dtype: 2, budgetGiB: 16 })[0]!;
    expect(half.training.total * 2).toBe(t.total);
  });
});

describe('accuracy and notes data', () => {
  it('every published figure names a zoo network, a source and a link, and lies in a sane range', () => {
    for (const a of PUBLISHED_ACCURACY) {
      expect(zooEntry(a.id), a.id).toBeDefined();
      expect(a.top1).toBeGreaterThan(50);
      expect(a.top1).toBeLessThan(90);
      expect(a.url).toMatch(/^https:\/\//);
      expect(a.source.length).toBeGreaterThan(10);
    }
    const l = layoutAccuracy(PUBLISHED_ACCURACY.map((a, i) => ({ id: a.id, name: a.id, params: 1e6 * (i + 5), macs: 1e9, top1: a.top1, source: a.source, url: a.url })));
    const r152 = l.points.find((p) => p.id === 'resnet152')!;
    const r18 = l.points.find((p) => p.id === 'resnet18')!;
    expect(r152.y).toBeLessThan(r18.y);
    expect(r152.x).toBeGreaterThan(r18.x);
  });

  it('every zoo network has notes with classic-vs-modern rows', () => {
    for (const z of ZOO) {
      const n = networkNotes(z);
      expect(n.introduced.length, z.id).toBeGreaterThan(40);
      expect(n.classicVsModern.length).toBeGreaterThan(0);
    }
    expect(networkNotes(zooEntry('lenet5')!).classicVsModern.map((c) => c.classic).join(' ')).toMatch(/Average pooling.*Sigmoid and tanh/s);
    expect(networkNotes(zooEntry('alexnet')!).classicVsModern.map((c) => c.classic).join(' ')).toMatch(/Local response normalization.*two GPUs/s);
  });
});

describe('lessons, computed by the engine', () => {
  it("Inception: 120.4 M naive against 12.4 M with a 16-channel bottleneck", () => {
    const c = inceptionCost(16);
    expect(c.naive.macs).toBe(28 * 28 * 32 * 5 * 5 * 192);
    expect(c.naive.macs).toBe(120_422_400);
    expect(c.bottleneck.macs).toBe(28 * 28 * 16 * 192 + 28 * 28 * 32 * 5 * 5 * 16);
    expect(c.bottleneck.macs).toBe(12_443_648);
    expect(c.output).toEqual([28, 28, 32]);
    expect(inceptionCost(192).ratio).toBeLessThan(1);
  });

  it('1x1 convolution: 28x28x192 -> 28x28x32, same parameters as a dense 192 -> 32', () => {
    const o = oneByOne();
    expect(o.conv.output).toEqual([28, 28, 32]);
    expect(o.conv.params).toBe(192 * 32 + 32);
    expect(o.dense.params).toBe(o.conv.params);
    expect(o.conv.macs).toBe(o.dense.macs * 784);
  });

  it('residual block: identity when shapes match, projection when they differ', () => {
    const id = residualBlock(64, 1);
    expect(id.projection).toBe(false);
    expect(id.analysis.errorCount).toBe(0);
    const pr = residualBlock(128, 2);
    expect(pr.projection).toBe(true);
    expect(pr.analysis.errorCount).toBe(0);
    expect(pr.analysis.layers.at(-1)!.outputShape).toEqual([28, 28, 128]);
    expect(pr.analysis.totals.params - id.analysis.totals.params).toBeGreaterThan(0);
  });
});
