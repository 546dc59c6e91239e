import { describe, expect, it } from 'vitest';
import { analyze, zooSpec } from '../models';
import { layerCaption } from './caption';
import { layoutDiagram, neighbour, visibleKeyOf } from './diagramLayout';
import { deriveHierarchy, groupKey } from './hierarchy';
import { layoutVolumes, volumeSize } from './volumeLayout';

const net = (id: string) => {
  const spec = zooSpec(id)!;
  const a = analyze(spec);
  return { spec, a, h: deriveHierarchy(a.layers.map((l) => l.id)) };
};
const node = (id: string, spec = zooSpec(id.split(':')[0]!)!) => spec.nodes.find((n) => n.id === id.split(':')[1])!;

describe('node captions say what each layer is', () => {
  it('kernel, filters, stride, padding and activation, in the course words', () => {
    expect(layerCaption(node('lenet5:c1'))).toEqual({ what: '5x5 conv, 6 filters', how: 'stride 1, valid, tanh' });
    expect(layerCaption(node('lenet5:s2'))).toEqual({ what: '2x2 avg pool /2', how: '' });
    expect(layerCaption(node('lenet5:c5'))).toEqual({ what: 'dense 120', how: 'tanh' });
    expect(layerCaption(node('resnet18:conv1'))).toEqual({ what: '7x7 conv, 64 filters', how: 'stride 2, pad 3' });
    expect(layerCaption(node('resnet18:maxpool')).what).toBe('3x3 max pool /2');
    expect(layerCaption(node('vgg16:conv1_1'))).toEqual({ what: '3x3 conv, 64 filters', how: 'stride 1, same, relu' });
    expect(layerCaption({ id: 'x', kind: 'conv2d', inputs: [], filters: 16, kernel: [1, 7], stride: [1, 2], padding: 'same' })).toEqual({ what: '1x7 conv, 16 filters', how: 'stride 1x2, same' });
  });

  it('the layout puts captions on the nodes and groups say what they hold and what leaves them', () => {
    const { spec, a, h } = net('resnet34');
    const l = layoutDiagram(a, h, new Set(), { spec });
    const conv1 = l.nodes.find((n) => n.key === 'conv1')!;
    expect([conv1.subtitle, conv1.detail, conv1.figure]).toEqual(['7x7 conv, 64 filters', 'stride 2, pad 3', '9.41 k params']);
    expect(conv1.label).toContain('7x7 conv, 64 filters, stride 2, pad 3');
    expect(l.nodes.find((n) => n.key === groupKey('layer3'))!.detail).toBe('out 14x14x256');
  });
});

describe('left-to-right layout', () => {
  it('flows along x, and the arrow keys follow the flow', () => {
    const { spec, a, h } = net('lenet5');
    const l = layoutDiagram(a, h, new Set(), { spec, direction: 'LR' });
    const at = (k: string) => l.nodes.find((n) => n.key === k)!;
    expect(at('c1').x).toBeGreaterThan(at('input').x);
    expect(Math.abs(at('c1').y - at('input').y)).toBeLessThan(1);
    expect(neighbour(l, 'c1', 'right')).toBe('s2');
    expect(neighbour(l, 'c1', 'left')).toBe('input');
    expect(neighbour(l, 'c1', 'down')).toBeNull();
    const tb = layoutDiagram(a, h, new Set(), { spec });
    expect(neighbour(tb, 'c1', 'down')).toBe('s2');
  });

  it('finds the node that shows a hidden layer', () => {
    const { a, h } = net('resnet50');
    const l = layoutDiagram(a, h, new Set([groupKey('layer1')]));
    expect(visibleKeyOf(l, 'layer1.0.conv1')).toBe(groupKey('layer1.0'));
    expect(visibleKeyOf(l, 'layer3.2.conv2')).toBe(groupKey('layer3'));
    expect(visibleKeyOf(l, 'fc')).toBe('fc');
  });
});

describe('volume view', () => {
  it('LeNet-5 is drawn the course way: 32x32x1, 28x28x6, 14x14x6, 10x10x16, 5x5x16, 400, 120, 84, 10', () => {
    const { spec, a, h } = net('lenet5');
    const v = layoutVolumes(a, h, new Set(), spec);
    expect(v.boxes.map((b) => b.label)).toEqual(['32x32x1', '28x28x6', '14x14x6', '10x10x16', '5x5x16', '400', '120', '84', '10']);
    expect(v.steps.map((s) => s.lines.join(' / '))).toEqual(['5x5 conv, 6 filters', '2x2 avg pool /2', '5x5 conv, 16 filters', '2x2 avg pool /2', 'flatten', 'dense 120', 'dense 84', 'dense 10']);
    // Boxes grow with H and C (log-scaled); vectors are bars.
    const [input, c1] = v.boxes;
    expect(c1!.frontW).toBeGreaterThan(input!.frontW);
    expect(v.boxes[5]!.depth).toBe(0);
    for (let i = 1; i < v.boxes.length; i++) expect(v.boxes[i]!.x).toBeGreaterThan(v.boxes[i - 1]!.x + v.boxes[i - 1]!.frontW);
  });

  it("VGG-16 merges the convolutions that keep the shape, as the course's [CONV 64] x2", () => {
    const { spec, a, h } = net('vgg16');
    const v = layoutVolumes(a, h, new Set(), spec);
    expect(v.boxes.map((b) => b.label).slice(0, 4)).toEqual(['224x224x3', '224x224x64', '112x112x64', '112x112x128']);
    expect(v.steps[0]!.lines).toEqual(['3x3 conv, 64 filters x2']);
    expect(v.steps[6]!.lines).toEqual(['3x3 conv, 512 filters x3']);
    expect(v.boxes.at(-1)!.label).toBe('1000');
  });

  it('ResNet-50 with its stages collapsed: one step per stage, shapes from the engine', () => {
    const { spec, a, h } = net('resnet50');
    const v = layoutVolumes(a, h, new Set(), spec);
    expect(v.boxes.map((b) => b.label)).toEqual(['224x224x3', '112x112x64', '56x56x64', '56x56x256', '28x28x512', '14x14x1024', '7x7x2048', '2048', '1000']);
    expect(v.steps[2]!.lines).toEqual(['layer1']);
    expect(volumeSize([7, 7, 2048]).frontW).toBeGreaterThan(volumeSize([56, 56, 256]).frontW);
  });
});

describe("Compare's accuracy chart labels", () => {
  it('never overlap each other or a circle, and stay inside the chart, for every zoo network with a published top-1', async () => {
    const { PUBLISHED_ACCURACY } = await import('../models/zoo/accuracy');
    const { layoutAccuracy } = await import('./accuracyLayout');
    const { zooEntry } = await import('../models');
    const points = PUBLISHED_ACCURACY.map((p) => {
      const e = zooEntry(p.id)!;
      const t = analyze(e.build()).totals;
      return { id: p.id, name: e.name, params: t.params, macs: t.macs, top1: p.top1, source: p.source, url: p.url };
    });
    expect(points.length).toBeGreaterThan(8);
    const l = layoutAccuracy(points, 720, 380);
    const hit = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const p of l.points) {
      const b = p.label.box;
      expect(b.x >= 0 && b.x + b.width <= l.width && b.y >= 0, `${p.name} inside`).toBe(true);
      for (const q of l.points) {
        if (q !== p) expect(hit(b, q.label.box), `${p.name} / ${q.name}`).toBe(false);
        expect(hit(b, { x: q.x - q.r, y: q.y - q.r, width: 2 * q.r, height: 2 * q.r }), `${p.name} over ${q.name}'s circle`).toBe(false);
      }
    }
    // The crowd the issue saw (GoogLeNet, ResNet-18, Inception v1 all near 6-12 M parameters) is in the data.
    expect(points.some((p) => p.id === 'googlenet') && points.some((p) => p.id === 'resnet18')).toBe(true);
  });
});

describe('layout for the trip from the worker', () => {
  it('restores to the same drawing, with sources and neighbours rebuilt', async () => {
    const { serializeLayout, restoreLayout } = await import('./diagramLayout');
    const { visibleGraph, expandOneLevel } = await import('./hierarchy');
    const { spec, a, h } = net('googlenet');
    const ex = expandOneLevel(h, new Set());
    const l = layoutDiagram(a, h, ex, { spec });
    const r = restoreLayout(serializeLayout(l), visibleGraph(a, h, ex));
    expect(r).toEqual(l);
    expect(() => restoreLayout(serializeLayout(l), visibleGraph(a, h, new Set()))).toThrow(/does not have/);
  });
});

describe('volume view spacing', () => {
  it("every arrow is at least as long as its longest line of text, so names never run into the boxes", () => {
    const { spec, a, h } = net('vgg16');
    const v = layoutVolumes(a, h, new Set(), spec);
    for (const s of v.steps) expect(s.toX - s.fromX).toBeGreaterThanOrEqual(Math.max(...s.lines.map((l) => l.length * 6.2)));
  });
});
