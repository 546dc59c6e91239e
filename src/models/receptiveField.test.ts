/**
 * Receptive fields against published figures. The reference is the table of Araujo, Norris and Sim's library
 * (github.com/google-research/receptive_field, RECEPTIVE_FIELD_TABLE.md; the README's summary table is the one the
 * Distill article "Computing receptive fields of convolutional neural networks", 2019, shows), computed on the TF-Slim
 * models with TensorFlow's padding. Its effective padding P relates to our start (the first field's centre) as
 * P = (size - 1) / 2 - start. The empirical check against the real TF.js models is tfjs/receptiveField.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type LayerAnalysis } from './analyze';
import { SpecBuilder } from './builder';
import type { ReceptiveField } from './receptiveField';
import { fieldSentence, formatField, formatJump } from './receptiveField';
import { summaryRows, summaryText } from './summary';
import type { NetworkSpec } from './spec';
import { zooSpec } from './zoo';

function fields(spec: NetworkSpec): Map<string, LayerAnalysis['receptiveField']> {
  const a = analyze(spec);
  expect(a.errorCount).toBe(0);
  return new Map(a.layers.map((l) => [l.id, l.receptiveField]));
}

/** [size, jump, effective padding] of a square local field. */
function sjp(f: ReceptiveField | null | undefined): [number, number, number] {
  if (f?.kind !== 'local') throw new Error(`not a local field: ${JSON.stringify(f)}`);
  expect(f.cols).toEqual(f.rows);
  return [f.rows.size, f.rows.jump, (f.rows.size - 1) / 2 - f.rows.start];
}

describe('published receptive fields', () => {
  it("AlexNet: the course's single tower has alexnet_v2's geometry (11/4, 3/2, 5 same, 3/2, three 3 same, 3/2): conv5 163, pool5 195", () => {
    const f = fields(zooSpec('alexnet')!);
    const table: [string, number, number, number][] = [
      ['conv1', 11, 4, 0],
      ['pool1', 19, 8, 0],
      ['conv2', 51, 8, 16],
      ['conv3', 99, 16, 32],
      ['conv4', 131, 16, 48],
      ['conv5', 163, 16, 64],
      ['pool5', 195, 32, 64],
    ];
    for (const [id, ...want] of table) expect(sjp(f.get(id)), id).toEqual(want);
  });

  it("VGG-16 ('same' 3x3 convolutions, 2x2/2 pools, as TF-Slim's vgg_16): conv5_3 196, pool5 212, stride 32, padding 90", () => {
    const f = fields(zooSpec('vgg16')!);
    const table: [string, number, number, number][] = [
      ['conv1_1', 3, 1, 1],
      ['pool1', 6, 2, 2],
      ['conv2_1', 10, 2, 4],
      ['pool2', 16, 4, 6],
      ['conv3_1', 24, 4, 10],
      ['conv3_2', 32, 4, 14],
      ['pool3', 44, 8, 18],
      ['conv4_1', 60, 8, 26],
      ['conv4_2', 76, 8, 34],
      ['pool4', 100, 16, 42],
      ['conv5_1', 132, 16, 58],
      ['conv5_2', 164, 16, 74],
      ['pool5', 212, 32, 90],
    ];
    for (const [id, ...want] of table) expect(sjp(f.get(id)), id).toEqual(want);
    // Not an end-point of the table: conv5_2's 164 plus 2 x 16.
    expect(sjp(f.get('conv5_3'))).toEqual([196, 16, 90]);
    expect(f.get('fc6')).toMatchObject({ kind: 'global', whole: true });
  });

  it('ResNet-50/101/152 in the original layout (stride in the first 1x1 of a stage): 483, 1027 and 1507 px, stride 32', () => {
    // resnet_v1_* in the table; TF-Slim puts the stride in the last unit's 3x3 instead, which gives the same sizes at
    // the stage ends (35, 99, 291, 483 for ResNet-50). torchvision's v1.5 moves it into the first unit's 3x3 (below).
    const original = (depth: number): NetworkSpec => {
      const s = zooSpec(`resnet${depth}`)!;
      const strided = new Set(s.nodes.filter((n) => n.kind === 'conv2d' && /\.0\.conv2$/.test(n.id) && n.stride === 2).map((n) => n.id.replace('conv2', '')));
      return {
        ...s,
        nodes: s.nodes.map((n) => {
          if (n.kind !== 'conv2d') return n;
          const block = n.id.replace(/conv[12]$/, '');
          if (!strided.has(block)) return n;
          return n.id.endsWith('conv1') ? { ...n, stride: 2 } : n.id.endsWith('conv2') ? { ...n, stride: 1 } : n;
        }),
      };
    };
    const r50 = fields(original(50));
    expect(['layer1.2.add', 'layer2.3.add', 'layer3.5.add', 'layer4.2.add'].map((id) => sjp(r50.get(id))[0])).toEqual([35, 99, 291, 483]);
    expect(sjp(r50.get('layer4.2.add'))[1]).toBe(32);
    expect(sjp(fields(original(101)).get('layer4.2.add')).slice(0, 2)).toEqual([1027, 32]);
    expect(sjp(fields(original(152)).get('layer4.2.add')).slice(0, 2)).toEqual([1507, 32]);
  });

  it("torchvision's layouts as the zoo builds them: ResNet-50 (v1.5) 427 px, ResNet-18 435 px, every add the max over its two paths", () => {
    const r50 = fields(zooSpec('resnet50')!);
    expect(sjp(r50.get('layer4.2.add'))).toEqual([427, 32, 213]);
    const r18 = fields(zooSpec('resnet18')!);
    // The shortcut skips the block's convolutions, so the add sees what its main path sees.
    expect(sjp(r18.get('layer4.1.add'))).toEqual([435, 32, 217]);
    expect(r18.get('layer4.1.add')).toEqual(r18.get('layer4.1.bn2'));
    expect(sjp(r18.get('layer4.0.add'))[0]).toBe(307);
    expect(r18.get('avgpool')).toMatchObject({ kind: 'global', whole: true });
  });

  it('LeNet-5 (C1 5x5, S2 2x2, C3 5x5, S4 2x2, then C5 spans the whole 5x5 S4 maps): 5, 6, 14, 16, then the whole 32x32 input', () => {
    const f = fields(zooSpec('lenet5')!);
    expect(['c1', 's2', 'c3', 's4'].map((id) => sjp(f.get(id))[0])).toEqual([5, 6, 14, 16]);
    expect(['c1', 's2', 'c3', 's4'].map((id) => sjp(f.get(id))[1])).toEqual([1, 2, 2, 4]);
    // The paper's C5 is a 5x5 convolution on S4's 5x5 maps; the zoo writes it as flatten + dense, as the course does.
    expect(f.get('c5')).toEqual({ kind: 'global', input: 'input', rows: { from: 0, to: 31 }, cols: { from: 0, to: 31 }, whole: true });
  });
});

describe('receptive-field rules', () => {
  it("TensorFlow's 'same' pads an odd total after, so an even kernel's or a strided window's centre moves right", () => {
    const b = new SpecBuilder('same', [10, 9, 1]);
    b.conv('even', 1, [2, 4], { padding: 'same' });
    b.conv('strided', 1, 3, { stride: [2, 3], padding: 'same' });
    const f = fields(b.build());
    // 2 rows: total 1, none above; 4 cols: total 3, 1 on the left.
    expect(f.get('even')).toMatchObject({ rows: { size: 2, jump: 1, start: 0.5 }, cols: { size: 4, jump: 1, start: 0.5 } });
    // Rows 10 / 2: total (5 - 1) x 2 + 3 - 10 = 1, none above; cols 9 / 3: total (3 - 1) x 3 + 3 - 9 = 0.
    expect(f.get('strided')).toMatchObject({ rows: { size: 4, jump: 2, start: 1.5 }, cols: { size: 6, jump: 3, start: 1.5 } });
    expect(formatField(f.get('strided')!)).toBe('4x6');
    expect(formatJump(f.get('strided')!)).toBe('2x3');
  });

  it('dilation spreads the kernel; ceil mode leaves the first window and the step alone', () => {
    const b = new SpecBuilder('dilated', [32, 32, 1]);
    b.conv('d', 1, 3, { dilation: [2, 3] });
    b.maxPool('p', 3, { stride: 2, ceil: true });
    const f = fields(b.build());
    expect(f.get('d')).toMatchObject({ rows: { size: 5, start: 2 }, cols: { size: 7, start: 3 } });
    expect(f.get('p')).toMatchObject({ rows: { size: 7, jump: 2, start: 3 }, cols: { size: 9, jump: 2, start: 4 } });
  });

  it('a global layer after a valid window that misses the last pixels reads only those some position reached', () => {
    const b = new SpecBuilder('misses', [32, 32, 1]);
    b.conv('c', 2, 5, { stride: 2 });
    b.gap('gap');
    b.dense('fc', 3);
    const f = fields(b.build());
    // 14 outputs; the last window covers 26..30, so row and column 31 are never read.
    const partial = { kind: 'global', input: 'input', rows: { from: 0, to: 30 }, cols: { from: 0, to: 30 }, whole: false };
    expect(f.get('gap')).toEqual(partial);
    expect(f.get('fc')).toEqual(partial);
    expect(formatField(f.get('fc')!)).toBe('rows 0-30, cols 0-30');
    expect(formatJump(f.get('fc')!)).toBe('—');
  });

  it('no image, no field: a vector input, and a node fed by two different inputs', () => {
    const mlp = new SpecBuilder('mlp', [20]);
    mlp.dense('fc', 10);
    expect(analyze(mlp.build()).layers.map((l) => l.receptiveField)).toEqual([null, null]);
    const spec: NetworkSpec = {
      schemaVersion: 2,
      name: 'two images',
      inputs: [
        { id: 'a', shape: [8, 8, 1] },
        { id: 'b', shape: [8, 8, 1] },
      ],
      nodes: [{ id: 'sum', kind: 'add', inputs: ['a', 'b'] }],
      outputs: ['sum'],
    };
    const f = fields(spec);
    expect(f.get('a')).toMatchObject({ kind: 'local', input: 'a', rows: { size: 1, jump: 1, start: 0 } });
    expect(f.get('sum')).toBeNull();
    expect(formatField(null)).toBe('—');
  });

  it('an error upstream leaves the field unknown', () => {
    const b = new SpecBuilder('broken', [4, 4, 1]);
    b.conv('big', 1, 7);
    b.act('relu', 'relu');
    const a = analyze(b.build());
    expect(a.layers.map((l) => l.receptiveField === null)).toEqual([false, true, true]);
  });
});

describe('how the field reads', () => {
  it('in the summary rows and the copied text, and as a sentence for layer details', () => {
    const a = analyze(zooSpec('vgg16')!);
    const pool5 = summaryRows(a).find((r) => r.name === 'pool5')!;
    expect(formatField(pool5.receptiveField)).toBe('212x212');
    expect(summaryText(a)).toMatch(/pool5 \(max pool\) .* 212x212 +32\n/);
    expect(fieldSentence(pool5.receptiveField)).toBe(
      '212x212 input pixels (padding included); jump 32; the first centred at row 15.5, col 15.5',
    );
    expect(fieldSentence(a.layers.find((l) => l.id === 'fc8')!.receptiveField)).toBe('the whole input (every value reads every input pixel)');
    expect(fieldSentence(null)).toMatch(/^none/);
    const b = new SpecBuilder('misaligned', [14, 14, 1]);
    b.concat('concat', [b.conv('strided', 2, 3, { stride: 2, padding: 'same', from: 'input' }), b.conv('wide', 2, 8, { from: 'input' })]);
    const f = analyze(b.build()).layers.find((l) => l.id === 'concat')!.receptiveField;
    expect(formatField(f)).toBe('up to 9x9');
    expect(fieldSentence(f)).toMatch(/^up to 9x9 input pixels \(padding included\): its branches step by different amounts/);
  });
});
