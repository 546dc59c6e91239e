import { describe, expect, it } from 'vitest';
import { analyze, ZOO, zooSpec, type NetworkSpec } from '../models';
import { layerArithmetic, nodeSpec } from './arithmetic';
import { layoutChart, shares } from './chartsLayout';
import { layoutDiagram, neighbour } from './diagramLayout';
import { defaultExpanded, deriveHierarchy, expandOneLevel, groupKey, visibleGraph } from './hierarchy';

const net = (id: string) => {
  const spec = zooSpec(id)!;
  return { spec, a: analyze(spec) };
};

describe('hierarchy', () => {
  it('derives ResNet stages and blocks, Inception modules and auxiliary heads from ids', () => {
    const { a } = net('resnet152');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    expect(h.roots).toEqual(['layer1', 'layer2', 'layer3', 'layer4'].map(groupKey));
    expect(h.groups.get(groupKey('layer3'))!.children).toHaveLength(36);
    expect(h.ancestors.get('layer1.0.conv1')).toEqual([groupKey('layer1'), groupKey('layer1.0')]);
    expect(h.ancestors.get('layer1.0.downsample.0')).toEqual([groupKey('layer1'), groupKey('layer1.0'), groupKey('layer1.0.downsample')]);
    const g = net('googlenet-aux').a;
    const hg = deriveHierarchy(g.layers.map((l) => l.id));
    expect(hg.ancestors.get('inception3a.branch2.1.conv')![0]).toBe(groupKey('inception3a'));
    expect(hg.roots).toContain(groupKey('aux1'));
    // A prefix with one node (branch3x3.reduce) is no group; branch_pool.pool + branch_pool.proj is one.
    const r = net('inception-reduced').a;
    expect([...deriveHierarchy(r.layers.map((l) => l.id)).groups.keys()]).toEqual([groupKey('branch_pool')]);
  });

  it('collapsed ResNet-152 shows its stem, four stages and head, edges carrying the stage shapes', () => {
    const { a } = net('resnet152');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    const vg = visibleGraph(a, h, defaultExpanded(h, a.layers.length));
    expect(vg.nodes.map((n) => n.key)).toEqual(['input', 'conv1', 'bn1', 'relu', 'maxpool', ...['layer1', 'layer2', 'layer3', 'layer4'].map(groupKey), 'avgpool', 'fc']);
    const l1 = vg.nodes.find((n) => n.key === groupKey('layer1'))!;
    expect(l1.type === 'group' && l1.params).toBe(a.layers.filter((l) => l.id.startsWith('layer1.')).reduce((s, l) => s + l.params, 0));
    const out = vg.edges.find((e) => e.from === groupKey('layer1') && e.to === groupKey('layer2'))!;
    expect(out.shape).toEqual([56, 56, 256]);
    expect(vg.edges.filter((e) => e.to === groupKey('layer2'))).toHaveLength(1);
    // Expanding a stage shows its blocks, still collapsed.
    const vg2 = visibleGraph(a, h, new Set([groupKey('layer2')]));
    expect(vg2.nodes.filter((n) => n.key.startsWith('g:layer2.'))).toHaveLength(8);
  });

  it('marks residual shortcuts and auxiliary heads', () => {
    const { a } = net('resnet18');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    const vg = visibleGraph(a, h, new Set(h.groups.keys()));
    const into = vg.edges.filter((e) => e.to === 'layer2.0.add');
    expect(into.find((e) => e.source === 'layer2.0.bn2')!.role).toBe('main');
    expect(into.find((e) => e.source === 'layer2.0.downsample.1')!.role).toBe('shortcut');
    expect(vg.edges.find((e) => e.to === 'layer1.0.add' && e.source === 'maxpool')!.role).toBe('shortcut');
    const g = net('googlenet-aux').a;
    const hg = deriveHierarchy(g.layers.map((l) => l.id));
    const side = visibleGraph(g, hg, new Set()).edges.find((e) => e.to === groupKey('aux1'))!;
    expect(side.role).toBe('side');
    expect(side.shape).toEqual([14, 14, 512]);
  });
});

describe('diagram layout', () => {
  it('places GoogLeNet top to bottom with 28x28x256 leaving inception 3a', () => {
    const { a } = net('googlenet');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    const l = layoutDiagram(a, h, defaultExpanded(h, a.layers.length));
    const e = l.edges.find((x) => x.from === groupKey('inception3a'))!;
    expect(e.label).toBe('28x28x256');
    const y = (k: string) => l.nodes.find((n) => n.key === k)!.y;
    expect(y(groupKey('inception3a'))).toBeLessThan(y(groupKey('inception3b')));
    expect(neighbour(l, groupKey('inception3a'), 'down')).toBe(groupKey('inception3b'));
    expect(neighbour(l, groupKey('inception3b'), 'up')).toBe(groupKey('inception3a'));
    for (const n of l.nodes) expect(Number.isFinite(n.x) && Number.isFinite(n.y)).toBe(true);
  });

  it('nodes of an expanded Inception module do not overlap, and branches sit side by side', () => {
    const { a } = net('inception-reduced');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    const l = layoutDiagram(a, h, new Set(h.groups.keys()));
    for (const p of l.nodes)
      for (const q of l.nodes) if (p !== q) expect(Math.abs(p.x - q.x) >= p.width - 1 || Math.abs(p.y - q.y) >= p.height - 1).toBe(true);
    const at = (k: string) => l.nodes.find((n) => n.key === k)!;
    const firsts = ['branch1x1', 'branch3x3.reduce', 'branch5x5.reduce', 'branch_pool.pool'].map(at);
    expect(new Set(firsts.map((n) => Math.round(n.x))).size).toBe(4);
    for (const n of firsts) expect(n.y > at('input').y && n.y < at('concat').y).toBe(true);
    expect(neighbour(l, 'branch1x1', 'right') ?? neighbour(l, 'branch1x1', 'left')).not.toBeNull();
  });

  it('marks a layer with an error in place, with its message', () => {
    const spec = zooSpec('lenet5')!;
    const bad: NetworkSpec = { ...spec, inputs: [{ id: spec.inputs[0]!.id, shape: [3, 3, 1] }] };
    const a = analyze(bad);
    const l = layoutDiagram(a, deriveHierarchy(a.layers.map((x) => x.id)), new Set());
    const c1 = l.nodes.find((n) => n.key === 'c1')!;
    expect(c1.tone).toBe('error');
    expect(c1.error).toContain('does not fit');
  });
});

describe('arithmetic', () => {
  it('fills in the course formulas and agrees with the engine for every layer of every zoo network', () => {
    let checked = 0;
    for (const z of ZOO) {
      const spec = z.build();
      const a = analyze(spec);
      const shapes = new Map(a.layers.map((l) => [l.id, l.outputShape]));
      for (const l of a.layers) {
        for (const line of layerArithmetic(nodeSpec(spec, l.id), l, l.inputs.map((i) => shapes.get(i) ?? null))) {
          expect(line.result, `${z.id} ${l.id} ${line.what}`).toBe(line.engine);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('shows the worked numbers of AlexNet conv1 (227 -> 55) and VGG-16 fc6', () => {
    const { spec, a } = net('alexnet');
    const c1 = a.layers.find((l) => l.id === 'conv1')!;
    const lines = layerArithmetic(nodeSpec(spec, 'conv1'), c1, [[227, 227, 3]]);
    expect(lines[0]!.worked).toBe('floor((227 + 2 x 0 - 11) / 4) + 1 = 55');
    expect(lines.find((x) => x.what === 'parameters')!.worked).toBe('11 x 11 x 3 x 96 + 96 = 34,944');
    const v = net('vgg16');
    const fc6 = v.a.layers.find((l) => l.id === 'fc6')!;
    expect(layerArithmetic(nodeSpec(v.spec, 'fc6'), fc6, [[25088]])[0]!.worked).toBe('25088 x 4096 + 4096 = 102,764,544');
  });
});

describe('charts', () => {
  it('VGG-16: the fully connected layers hold most parameters, the early layers most memory', () => {
    const { a } = net('vgg16');
    const s = shares(a);
    expect(s.denseParams).toBeGreaterThan(0.85);
    expect(s.earlyMemory).toBeGreaterThan(0.7);
    expect(s.topParams!.id).toBe('fc6');
    const c = layoutChart(a, 'params', 'linear');
    expect(c.bars.map((b) => b.id)).toContain('fc6');
    const fc6 = c.bars.find((b) => b.id === 'fc6')!;
    expect(Math.max(...c.bars.map((b) => b.height))).toBe(fc6.height);
    expect(c.total).toBe(a.totals.params);
    const log = layoutChart(a, 'params', 'log');
    for (const b of log.bars) expect(b.height).toBeGreaterThan(0);
    for (const t of log.yTicks) expect(Math.log10(t.value) % 1).toBe(0);
  });
});

describe('diagram layout at scale', () => {
  it('expanded groups are clusters: every layer lies inside the outlines of its groups, and ResNet-152 lays out fully', () => {
    const { a } = net('resnet152');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    const all = new Set(h.groups.keys());
    const t0 = performance.now();
    const l = layoutDiagram(a, h, all);
    const ms = performance.now() - t0;
    expect(l.nodes).toHaveLength(a.layers.length);
    const box = new Map(l.outlines.map((o) => [o.key, o]));
    for (const n of l.nodes) {
      for (const g of h.ancestors.get(n.key) ?? []) {
        const o = box.get(g)!;
        expect(n.x - n.width / 2 >= o.x - 0.5 && n.x + n.width / 2 <= o.x + o.width + 0.5, `${n.key} in ${g}`).toBe(true);
        expect(n.y - n.height / 2 >= o.y - 0.5 && n.y + n.height / 2 <= o.y + o.height + 0.5, `${n.key} in ${g}`).toBe(true);
      }
    }
    // Not a timing test; a guard against an accidental quadratic blow-up.
    expect(ms).toBeLessThan(20_000);
    console.log(`ResNet-152 fully expanded: ${l.nodes.length} nodes laid out in ${ms.toFixed(0)} ms (Node)`);
  });
});

describe('expand one level', () => {
  it('opens stages first, then blocks', () => {
    const { a } = net('resnet50');
    const h = deriveHierarchy(a.layers.map((l) => l.id));
    const one = expandOneLevel(h, new Set());
    expect([...one]).toEqual(h.roots);
    const two = expandOneLevel(h, one);
    expect(two.has(groupKey('layer3.5'))).toBe(true);
    expect(two.has(groupKey('layer1.0.downsample'))).toBe(false);
  });
});

describe('collapsed group labels', () => {
  it('counts blocks of a stage, branches of a module, layers of a head', () => {
    const g = net('googlenet-aux').a;
    const h = deriveHierarchy(g.layers.map((l) => l.id));
    const l = layoutDiagram(g, h, new Set());
    const sub = (k: string) => l.nodes.find((n) => n.key === groupKey(k))!.subtitle;
    expect(sub('inception3a')).toMatch(/^4 branches · 15\d\.\d k params$/);
    expect(sub('aux1')).toMatch(/^8 layers/);
    expect(l.nodes.find((n) => n.key === groupKey('aux1'))!.output).toBe('side');
    const r = net('resnet34').a;
    const hr = deriveHierarchy(r.layers.map((x) => x.id));
    expect(layoutDiagram(r, hr, new Set()).nodes.find((n) => n.key === groupKey('layer3'))!.subtitle).toMatch(/^6 blocks/);
  });
});

describe('chart axes and short names', () => {
  it('memory ticks fall on round numbers of MiB; nested names drop their open group prefix', () => {
    const { a } = net('vgg16');
    const c = layoutChart(a, 'memory', 'linear');
    for (const t of c.yTicks) expect(Number.isInteger(t.value / 1024 ** 2)).toBe(true);
    expect(c.bars.find((b) => b.id === 'conv1_1')!.value).toBe(224 * 224 * 64 * 4);
    const r = net('resnet18').a;
    const h = deriveHierarchy(r.layers.map((l) => l.id));
    const l = layoutDiagram(r, h, new Set([groupKey('layer2'), groupKey('layer2.0')]));
    expect(l.nodes.find((n) => n.key === 'layer2.0.conv1')!.title).toBe('conv1');
    expect(l.nodes.find((n) => n.key === groupKey('layer2.1'))!.title).toBe('layer2.1');
    expect(l.nodes.find((n) => n.key === groupKey('layer2.0.downsample'))!.title).toBe('downsample');
  });
});
