import { describe, expect, it } from 'vitest';
import { analyze, trainingMemory } from './analyze';
import { SpecBuilder } from './builder';
import { pad, withInputShape, type NetworkSpec } from './spec';
import { zooSpec } from './zoo';

const errorsOf = (spec: NetworkSpec) => analyze(spec).issues.filter((i) => i.severity === 'error');

describe('analysis figures', () => {
  it('applies the course formula floor((n + 2p - f) / s) + 1', () => {
    const b = new SpecBuilder('t', [39, 39, 3]);
    b.conv('a', 10, 3, { stride: 1, padding: pad(0) });
    b.conv('b', 20, 5, { stride: 2 });
    b.conv('c', 40, 5, { stride: 2, padding: pad(1) });
    const a = analyze(b.build());
    expect(a.layers.map((l) => l.outputShape?.join('x'))).toEqual(['39x39x3', '37x37x10', '17x17x20', '8x8x40']);
    // params f x f x n_C(prev) x n_C + n_C
    expect(a.layers[2]!.params).toBe(5 * 5 * 10 * 20 + 20);
    expect(a.layers[2]!.macs).toBe(17 * 17 * 20 * 5 * 5 * 10);
  });

  it("'same' padding keeps ceil(n / s), dilation widens the kernel, groups divide the weights", () => {
    const b = new SpecBuilder('t', [15, 15, 8]);
    b.conv('same', 8, 3, { stride: 2, padding: 'same' });
    b.conv('dil', 8, 3, { dilation: 2 });
    b.conv('grp', 16, 3, { groups: 4, padding: 'same', bias: false });
    b.add({ id: 'dw', kind: 'depthwiseConv2d', kernel: 3, depthMultiplier: 2, padding: 'same' });
    const l = analyze(b.build()).layers;
    expect(l[1]!.outputShape).toEqual([8, 8, 8]);
    expect(l[2]!.outputShape).toEqual([4, 4, 8]);
    expect(l[3]!.params).toBe(3 * 3 * (8 / 4) * 16);
    expect(l[4]!.outputShape).toEqual([4, 4, 32]);
    expect(l[4]!.params).toBe(3 * 3 * 16 * 2 + 32);
  });

  it('ceil mode rounds the pooled size up (PyTorch rule)', () => {
    const b = new SpecBuilder('t', [112, 112, 4]);
    b.maxPool('floor', 3, { stride: 2 });
    b.maxPool('ceil', 3, { stride: 2, ceil: true, from: 'input' });
    const l = analyze(b.build()).layers;
    expect(l[1]!.outputShape).toEqual([55, 55, 4]);
    expect(l[2]!.outputShape).toEqual([56, 56, 4]);
  });

  it("ceil mode drops a last window that would start in the padding (PyTorch's pooling_output_shape)", () => {
    // MaxPool2d(1, stride=3, padding=1, ceil_mode=True) on 4 pixels: (4 + 2 - 1 + 2) // 3 + 1 = 3, minus one
    // because window 3 would start at 6 >= 4 + 1. Without the rule the engine would say 3.
    const b = new SpecBuilder('t', [4, 4, 1]);
    b.maxPool('p', 1, { stride: 3, padding: pad(1), ceil: true });
    expect(analyze(b.build()).layers[1]!.outputShape).toEqual([2, 2, 1]);
  });

  it('counts batch norm statistics as non-trainable and a fused activation once', () => {
    const b = new SpecBuilder('t', [8, 8, 3]);
    b.conv('c', 4, 3, { padding: 'same', act: 'relu' });
    b.bn('bn');
    b.flatten('f');
    const a = analyze(b.build());
    expect(a.layers[2]!.trainableParams).toBe(8);
    expect(a.layers[2]!.nonTrainableParams).toBe(8);
    expect(a.layers[1]!.activationElements).toBe(8 * 8 * 4);
    expect(a.layers[3]!.activationElements).toBe(0); // flatten is a view
    expect(a.totals.activationBytes).toBe((8 * 8 * 3 + 2 * 8 * 8 * 4) * 4);
    expect(a.totals.weightBytes).toBe(a.totals.params * 4);
  });

  it('estimates training memory as weights + gradients + optimizer state + stored activations', () => {
    const a = analyze(zooSpec('resnet50')!);
    const m = trainingMemory(a, 32, 'adam');
    expect(m.weights).toBe(a.totals.params * 4);
    expect(m.gradients).toBe(a.totals.trainableParams * 4);
    expect(m.optimizerState).toBe(a.totals.trainableParams * 2 * 4);
    expect(m.activations).toBe(a.totals.activationBytes * 32);
    expect(m.total).toBe(m.weights + m.gradients + m.optimizerState + m.activations);
    expect(trainingMemory(a, 32, 'sgd').optimizerState).toBe(0);
    expect(trainingMemory(a, 32, 'momentum').optimizerState).toBe(a.totals.trainableParams * 4);
  });

  it('re-analyses at another input size', () => {
    const a = analyze(withInputShape(zooSpec('resnet18')!, [64, 64, 3]));
    expect(a.layers.find((l) => l.id === 'layer4.1.add')!.outputShape).toEqual([2, 2, 512]);
    expect(a.totals.trainableParams).toBe(11_689_512);
  });

  it('depth counts weight layers on the longest path', () => {
    expect(analyze(zooSpec('vgg16')!).totals.depth).toBe(16);
    expect(analyze(zooSpec('resnet34')!).totals.depth).toBe(34);
    expect(analyze(zooSpec('googlenet')!).totals.depth).toBe(22);
  });
});

describe('user mistakes are values, naming the layer and the fix', () => {
  it('a kernel larger than its input, and the rest still analysed', () => {
    const spec = withInputShape(zooSpec('lenet5')!, [13, 13, 1]);
    const a = analyze(spec);
    const c3 = a.layers.find((l) => l.id === 'c3')!;
    expect(c3.errors[0]!.message).toBe("conv 'c3': a 5x5 kernel does not fit the 4x4 input; use padding 'same' or a smaller kernel");
    expect(c3.errors[0]!.code).toBe('kernel-too-large');
    expect(a.layers.find((l) => l.id === 'c1')!.outputShape).toEqual([9, 9, 6]);
    expect(a.layers.find((l) => l.id === 's2')!.outputShape).toEqual([4, 4, 6]);
    const out = a.layers.find((l) => l.id === 'output')!;
    expect(out.outputShape).toBeNull();
    expect(out.errors).toEqual([]);
    expect(out.blockedBy).toEqual(['c3']);
    expect(a.errorCount).toBe(1);
  });

  it('nodes on another branch are analysed when one branch fails', () => {
    const b = new SpecBuilder('t', [8, 8, 3]);
    b.conv('good', 4, 3, { padding: 'same' });
    b.conv('bad', 4, 9, { from: 'input' });
    b.conv('after-good', 4, 1, { from: 'good' });
    const a = analyze(b.build(['after-good', 'bad']));
    expect(a.layers.find((l) => l.id === 'after-good')!.outputShape).toEqual([8, 8, 4]);
    expect(a.errorCount).toBe(1);
  });

  it('zero or negative dimensions', () => {
    const b = new SpecBuilder('t', [8, 8, 3]);
    b.conv('c', 0, 3);
    b.dense('d', -4);
    const spec = b.build();
    spec.inputs[0]!.shape = [0, 8, 3];
    const msgs = errorsOf(spec).map((e) => e.message);
    expect(msgs).toContain("input 'input': the shape must be H x W x C (or a vector length) of positive whole numbers, got [0,8,3]; use a shape such as 224x224x3");
    expect(msgs).toContain("conv 'c': filters must be a positive whole number, got 0; set filters to 1 or more");
    expect(msgs).toContain("dense 'd': units must be a positive whole number, got -4; set units to 1 or more");
  });

  it('an add of mismatched shapes suggests a projection shortcut', () => {
    const b = new SpecBuilder('t', [56, 56, 64]);
    b.conv('main', 128, 3, { stride: 2, padding: 'same' });
    b.sum('add', ['main', 'input'], 'relu');
    const [e] = errorsOf(b.build());
    expect(e!.nodeId).toBe('add');
    expect(e!.code).toBe('shape-mismatch');
    expect(e!.message).toContain("add 'add': cannot add 28x28x128 and 56x56x64");
    expect(e!.message).toContain('projection shortcut (a 1x1 conv with stride 2 and 128 filters) on the 56x56x64 input to match 28x28x128');
  });

  it('a concat whose spatial sizes differ', () => {
    const b = new SpecBuilder('t', [28, 28, 16]);
    b.conv('a', 8, 1);
    b.conv('b', 8, 3, { from: 'input' });
    b.concat('cat', ['a', 'b']);
    const [e] = errorsOf(b.build());
    expect(e!.message).toBe("concat 'cat': spatial sizes differ (28x28 and 26x26); only the channel axis may differ; give every branch the same strides and 'same' padding");
  });

  it('a dense layer on an unflattened tensor', () => {
    const b = new SpecBuilder('t', [7, 7, 512]);
    b.dense('fc', 10);
    expect(errorsOf(b.build())[0]!.message).toBe("dense 'fc': a dense layer needs a flat vector, got 7x7x512; add a flatten or global average pooling layer before it");
  });

  it('a cycle, a dangling edge, an unknown kind, a duplicate id, a missing output', () => {
    const spec: NetworkSpec = {
      schemaVersion: 1,
      name: 't',
      inputs: [{ id: 'x', shape: [8, 8, 3] }],
      nodes: [
        { id: 'ok', kind: 'conv2d', inputs: ['x'], filters: 2, kernel: 1 },
        { id: 'a', kind: 'conv2d', inputs: ['b'], filters: 2, kernel: 1 },
        { id: 'b', kind: 'conv2d', inputs: ['a'], filters: 2, kernel: 1 },
        { id: 'lost', kind: 'conv2d', inputs: ['nowhere'], filters: 2, kernel: 1 },
        { id: 'weird', kind: 'wobble', inputs: ['x'] } as unknown as NetworkSpec['nodes'][number],
        { id: 'ok', kind: 'flatten', inputs: ['x'] },
      ],
      outputs: ['ok', 'ghost'],
    };
    const a = analyze(spec);
    const msgs = a.issues.map((i) => i.message);
    expect(msgs).toContain("conv 'a': is part of a cycle (a -> b -> a); remove one of the edges so data flows one way");
    expect(msgs).toContain("conv 'lost': its input 'nowhere' does not exist; connect it to an existing layer");
    expect(msgs).toContain("layer 'weird': unknown kind 'wobble'; use conv2d, dense, maxPool2d, ... (see the palette)");
    expect(msgs).toContain("flatten 'ok': the id is used twice; rename one");
    expect(msgs).toContain("output 'ghost' is not a layer of the network; pick an existing layer as output");
    expect(a.layers.find((l) => l.id === 'ok')!.outputShape).toEqual([8, 8, 2]);
  });

  it('layers that lead to no output are warned about and left out of the totals', () => {
    const b = new SpecBuilder('t', [8, 8, 3]);
    b.conv('used', 4, 1);
    b.conv('dangling', 4, 1, { from: 'input' });
    const a = analyze(b.build(['used']));
    expect(a.errorCount).toBe(0);
    expect(a.issues[0]!.severity).toBe('warning');
    expect(a.totals.params).toBe(16);
  });

  it('garbage never throws', () => {
    for (const junk of [null, 42, 'x', {}, { nodes: 'no' }, { inputs: [{}], nodes: [null, 1, { kind: 'conv2d' }], outputs: [3] }]) {
      expect(() => analyze(junk as unknown as NetworkSpec)).not.toThrow();
      expect(analyze(junk as unknown as NetworkSpec).errorCount).toBeGreaterThan(0);
    }
  });
});
