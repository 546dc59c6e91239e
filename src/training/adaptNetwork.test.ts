import { describe, expect, it } from 'vitest';
import { analyze, zooSpec } from '../models';
import { SpecBuilder } from '../models/builder';
import { adaptNetwork } from './adaptNetwork';

const MNIST = [28, 28, 1] as const;
const adapt = (id: string) => adaptNetwork(zooSpec(id)!, MNIST, 10);

describe('adaptNetwork', () => {
  it('leaves a network that fits alone (LeNet-5 pads 28x28 into its own 32x32 input; ResNet-mini takes 28x28)', () => {
    for (const id of ['lenet5-modern', 'resnet-mini']) {
      const r = adapt(id);
      expect(r.ok && r.changes).toEqual([]);
      expect(r.ok && r.spec).toEqual(zooSpec(id));
    }
  });

  it('gives ResNet-18 a 28x28x1 input and a 10-class head, and the engine agrees on the result', () => {
    const r = adapt('resnet18');
    if (!r.ok) throw new Error(r.message);
    expect(r.changes.map((c) => [c.node, c.before, c.after])).toEqual([
      ['input', '224x224x3', '28x28x1'],
      ['fc', '1000 units', '10 units'],
    ]);
    const a = analyze(r.spec);
    expect(a.errorCount).toBe(0);
    expect(a.layers.find((l) => l.id === r.spec.outputs[0])!.outputShape).toEqual([10]);
    // 11,689,512 parameters in torchvision's; the 1-channel stem loses 2 x 7 x 7 x 64 = 6,272 weights, the head
    // 990 x 513 = 507,870: the engine's count of the adapted spec says so.
    expect(a.totals.trainableParams).toBe(analyze(zooSpec('resnet18')!).totals.trainableParams - 6272 - 990 * 513);
  });

  it('shrinks AlexNet only as far as every layer keeps a 1x1 output or larger', () => {
    const r = adapt('alexnet');
    if (!r.ok) throw new Error(r.message);
    const input = r.changes.find((c) => c.node === r.spec.inputs[0]!.id)!;
    expect(input.after).toBe('96x96x1');
    expect(analyze(r.spec).errorCount).toBe(0);
  });

  it('refuses, with a reason, what no head or input change can fix', () => {
    const multi = adapt('googlenet-aux');
    expect(multi.ok).toBe(false);
    expect(!multi.ok && multi.message).toMatch(/3 outputs/);
    const module = adapt('inception-naive');
    expect(!module.ok && module.message).toMatch(/not one score per class/);
  });
});

describe('adaptNetwork, the awkward cases', () => {
  const net = (build: (b: SpecBuilder) => void, shape: number[]) => {
    const b = new SpecBuilder('probe', shape);
    build(b);
    return b.build();
  };

  it('keeps a large input that no smaller size fits, and pads into it (a 33x33 valid convolution on 64x64)', () => {
    const spec = net((b) => {
      b.conv('c', 4, 33);
      b.flatten('f');
      b.dense('d', 10, 'softmax');
    }, [64, 64, 1]);
    const r = adaptNetwork(spec, MNIST, 10);
    expect(r.ok && r.changes).toEqual([]);
  });

  it('refuses a convolution head whose flattened output still has other than one score per class', () => {
    const spec = net((b) => {
      b.conv('c', 8, 3, { stride: 2 });
      b.conv('head', 7, 1);
      b.flatten('f');
    }, [7, 7, 1]);
    const r = adaptNetwork(spec, [7, 7, 1], 10);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/Setting head's filters to 10 still leaves 90 outputs/);
  });
});
