import { describe, expect, it } from 'vitest';
import { initLines, moduleLayout } from './pytorchLayout';

describe('the generated module layout', () => {
  it("nests dotted ids as torchvision does: indices are nn.Sequential positions, a gap an nn.Identity", () => {
    const l = moduleLayout(['conv1', 'layer1.0.conv1', 'layer1.0.downsample.0', 'layer1.1.conv1', 'features.0', 'features.2']);
    expect(l.nested).toBe(true);
    expect(l.prefix.get('layer1.0.downsample.0')).toBe('layer1.0.downsample.0');
    expect(l.access.get('layer1.0.downsample.0')).toBe('self.layer1[0].downsample[0]');
    expect(l.access.get('conv1')).toBe('self.conv1');
    expect(initLines(l.root, (id) => `M(${JSON.stringify(id)})`, '')).toEqual([
      'self.conv1 = M("conv1")',
      'self.layer1 = nn.Sequential(',
      '    Block(',
      '        conv1=M("layer1.0.conv1"),',
      '        downsample=nn.Sequential(',
      '            M("layer1.0.downsample.0"),',
      '        ),',
      '    ),',
      '    Block(',
      '        conv1=M("layer1.1.conv1"),',
      '    ),',
      ')',
      'self.features = nn.Sequential(',
      '    M("features.0"),',
      '    nn.Identity(),  # 1: no layer with weights or a module here',
      '    M("features.2"),',
      ')',
    ]);
  });

  it.each([
    ['an id that is both a layer and a container', ['block', 'block.conv']],
    ['indexed and named children in one container', ['stage.0', 'stage.proj']],
    ['an index at the top', ['0.conv']],
    ['a Python keyword or a module attribute', ['layer.train']],
    ['a segment that is no identifier', ['conv-1.a']],
  ])('falls back to flat, unique attribute names for %s', (_what, ids) => {
    const l = moduleLayout(ids);
    expect(l.nested).toBe(false);
    for (const id of ids) expect(l.access.get(id)).toMatch(/^self\.[A-Za-z_][A-Za-z0-9_]*$/);
    expect(new Set(l.prefix.values()).size).toBe(ids.length);
  });
});
