import { describe, expect, it } from 'vitest';
import { PUBLISHED_ACCURACY } from '../../models/zoo/accuracy';
import { networkNotes } from '../../models/zoo/notes';
import { ZOO, zooEntry, zooSpec } from '../../models';
import { layoutAccuracy } from '../../viz/accuracyLayout';
import { inceptionCost, oneByOne, residualBlock } from '../lessons/lessonSpecs';
import { decodeCompareHash, encodeCompareHash } from '../../models/share';
import type { RunRecord } from '../../store/persist/runs';
import { compareColumns, compareFromSearch, DEFAULT_COMPARE, maxBatch, msPerEpoch, runFigures, searchWithCompare, type CompareNet } from './compareState';

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

/** A finished run of `key` with a test accuracy, 3 epochs of 10 steps at 2 s each. */
function run(id: string, key: string, accuracy: number): RunRecord {
  return {
    id,
    name: `run ${id}`,
    createdAt: 0,
    updatedAt: 0,
    network: { key, name: key, changes: [] },
    config: { datasetId: 'mnist', spec: zooSpec('lenet5')! } as RunRecord['config'],
    backend: 'wasm',
    status: 'completed',
    message: null,
    batches: [1, 10, 20, 30].map((step) => ({ step, epoch: Math.floor((step - 1) / 10), loss: 1, accuracy: 0.5, ms: step * 200 })),
    epochs: [10, 20, 30].map((step, epoch) => ({ step, epoch, valLoss: 1, valAccuracy: 0.9 })),
    result: { status: 'completed', message: null, epochsDone: 3, test: { accuracy, loss: 0.1, count: 10000, confusion: [] } },
    imagesPerSecond: 1234.4,
    hasModel: true,
  };
}

describe('your own networks and runs in Compare', () => {
  it('keeps saved, run and link keys in the URL and drops malformed ones', () => {
    const r = compareFromSearch('?nets=vgg16,saved:3f2a-9c,run:abc,link:0,saved:<b>,link:x');
    expect(r.state.nets).toEqual(['vgg16', 'saved:3f2a-9c', 'run:abc', 'link:0']);
    expect(r.notices).toEqual(["Unknown networks 'saved:<b>', 'link:x' left out."]);
  });

  it("a saved network's column is analysed from its spec; one not resolved is left out", () => {
    const spec = { ...zooSpec('lenet5')!, name: 'My LeNet' };
    const nets = new Map<string, CompareNet>([['saved:a', { key: 'saved:a', name: 'My LeNet', year: null, href: null, origin: 'saved', spec }]]);
    const cols = compareColumns({ ...DEFAULT_COMPARE, nets: ['vgg16', 'saved:a', 'saved:gone'] }, nets);
    expect(cols.map((c) => [c.id, c.net.name, c.analysis.totals.params])).toEqual([
      ['vgg16', 'VGG-16', 138_357_544],
      ['saved:a', 'My LeNet', 61_706],
    ]);
  });

  it("a network's runs give the best test accuracy, that run's speed and time per epoch", () => {
    const runs = [run('1', 'lenet5', 0.97), run('2', 'lenet5', 0.985), run('3', 'saved:a', 0.99), { ...run('4', 'lenet5', 0.999), result: null }];
    expect(runFigures('lenet5', runs)).toEqual({ runs: 2, best: { id: '2', name: 'run 2', dataset: 'mnist', testAccuracy: 0.985, imagesPerSecond: 1234.4, msPerEpoch: 2000 } });
    expect(runFigures('run:3', runs)?.best.testAccuracy).toBe(0.99);
    expect(runFigures('vgg16', runs)).toBeNull();
    expect(compareColumns({ ...DEFAULT_COMPARE, nets: ['lenet5', 'vgg16'] }, new Map(), runs).map((c) => c.measured?.best.id ?? null)).toEqual(['2', null]);
    // Before the first epoch ends there is no time per epoch.
    expect(msPerEpoch({ batches: [{ step: 5, epoch: 0, loss: 1, accuracy: 0, ms: 900 }], epochs: [] })).toBeNull();
  });

  it("a comparison's own networks travel in the link's hash and come back validated", () => {
    const specs = [{ ...zooSpec('lenet5')!, name: 'Mine' }, zooSpec('alexnet')!];
    const e = encodeCompareHash(specs);
    if (!e.ok) throw new Error(e.error);
    expect(e.hash).toMatch(/^#compare=/);
    expect(decodeCompareHash(e.hash)).toEqual({ ok: true, specs });
    expect(decodeCompareHash('')).toEqual({ ok: true, specs: [] });
    expect(decodeCompareHash('#compare=garbage!!')).toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
    expect(encodeCompareHash(Array.from({ length: 6 }, () => zooSpec('resnet152')!))).toMatchObject({ ok: false, error: expect.stringMatching(/over the 16,000/) });
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
