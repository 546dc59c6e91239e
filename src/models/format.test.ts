import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { formatBytes, formatCount } from './format';
import { withInputShape } from './spec';
import { zooSpec } from './zoo';

describe('figures for people, small to absurd', () => {
  it('counts with k, M, G, T, P and E; bytes up to EiB', () => {
    expect([832, 61_706, 138_357_544, 15.5e9, 2.1e12, 3.08e15, 4.2e18].map(formatCount)).toEqual(['832', '61.71 k', '138.4 M', '15.50 G', '2.10 T', '3.08 P', '4.20 E']);
    expect([512, 553_430_176, 11.04 * 1024 ** 4, 3 * 1024 ** 5, 2 * 1024 ** 6].map(formatBytes)).toEqual(['512 B', '527.8 MiB', '11.04 TiB', '3.00 PiB', '2.00 EiB']);
  });

  it('VGG-16 at 99999x99999x3 fits, shape by shape, but is warned about with its size; at 224 it is not', () => {
    const a = analyze(withInputShape(zooSpec('vgg16')!, [99999, 99999, 3]));
    expect(a.errorCount).toBe(0);
    expect(a.issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'absurd-size', message: expect.stringMatching(/^At 99999x99999x3 the network's activations for one image take 11\.04 TiB and a forward pass 3\.08 P MACs/) }),
    ]);
    expect(analyze(zooSpec('vgg16')!).issues).toEqual([]);
  });

  it('a classifier whose output ends in relu or tanh is warned about at that layer; softmax, logits and sigmoid are not', () => {
    const lenet = zooSpec('lenet5')!;
    const out = lenet.outputs[0]!;
    const ending = (activation: string) => ({ ...lenet, nodes: lenet.nodes.map((n) => (n.id === out ? { ...n, activation } : n)) }) as typeof lenet;
    const relu = analyze(ending('relu'));
    expect(relu.errorCount).toBe(0);
    expect(relu.issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'classifier-activation', nodeId: out, message: expect.stringMatching(new RegExp(`^The output '${out}' ends in relu: a classifier's last layer gives logits .* Relu turns every negative score into 0`)) }),
    ]);
    expect(analyze(ending('tanh')).issues.map((i) => i.code)).toEqual(['classifier-activation']);
    for (const ok of ['softmax', 'linear', 'sigmoid']) expect(analyze(ending(ok)).issues, ok).toEqual([]);
  });
});
