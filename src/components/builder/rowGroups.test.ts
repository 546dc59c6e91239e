import { describe, expect, it } from 'vitest';
import { zooSpec } from '../../models';
import { GROUP_ABOVE, groupsOf, tableItems } from './rowGroups';

const ids = (name: string) => zooSpec(name)!.nodes.map((n) => n.id);
const show = (items: ReturnType<typeof tableItems>) => items.map((i) => (i.kind === 'group' ? `${'>'.repeat(i.depth + 1)}${i.key}(${i.groups}/${i.ids.length})` : i.id));

describe('builder rows grouped by stage and block', () => {
  it('prefixes of a dotted id', () => {
    expect(groupsOf('layer3.5.conv1')).toEqual(['layer3', 'layer3.5']);
    expect(groupsOf('fc')).toEqual([]);
  });

  it('ResNet-152 opens as its stem, four closed stages and its head: 10 lines, not 465 rows', () => {
    const all = ids('resnet152');
    expect(all.length).toBeGreaterThan(GROUP_ABOVE);
    const closed = tableItems(all, new Set());
    // Stages of 3, 8, 36 and 3 bottleneck blocks; 9 layers a block, 11 in a stage's first (its projection shortcut).
    expect(show(closed)).toEqual(['conv1', 'bn1', 'relu', 'maxpool', '>layer1(3/29)', '>layer2(8/74)', '>layer3(36/326)', '>layer4(3/29)', 'avgpool', 'fc']);
  });

  it('opening a stage shows its blocks closed; opening a block shows its layers, in order', () => {
    const all = ids('resnet152');
    const stage = tableItems(all, new Set(['layer3']));
    expect(stage.filter((i) => i.kind === 'group' && i.depth === 1)).toHaveLength(36);
    const block = tableItems(all, new Set(['layer3', 'layer3.5']));
    expect(show(stage).slice(6, 9)).toEqual(['>layer3(36/326)', '>>layer3.0(1/11)', '>>layer3.1(0/9)']);
    const at = show(block).indexOf('>>layer3.5(0/9)');
    expect(show(block).slice(at, at + 4)).toEqual(['>>layer3.5(0/9)', 'layer3.5.conv1', 'layer3.5.bn1', 'layer3.5.relu1']);
    expect(show(block)[at + 10]).toBe('>>layer3.6(0/9)');
    // A block open inside a closed stage stays hidden.
    expect(tableItems(all, new Set(['layer3.5'])).some((i) => i.kind === 'layer' && i.id.startsWith('layer3.'))).toBe(false);
    // Each layer's index is its place in the spec.
    const row = block.find((i) => i.kind === 'layer' && i.id === 'layer3.5.conv1');
    expect(row).toEqual({ kind: 'layer', id: 'layer3.5.conv1', index: all.indexOf('layer3.5.conv1') });
  });

  it('a network of at most 120 layers is plain rows', () => {
    expect(tableItems(ids('resnet18'), new Set()).every((i) => i.kind === 'layer')).toBe(true);
  });
});
