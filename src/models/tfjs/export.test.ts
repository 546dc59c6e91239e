import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { importKerasModel } from '../import/keras';
import { zooSpec } from '../zoo';
import { SpecBuilder } from '../builder';
import { BuildError } from './build';
import { exportTfjs } from './export';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TF.js model export (model.json + weights)', () => {
  /** AlexNet's grouped convolution and LRN, small enough to initialise quickly. */
  const mini = () => {
    const b = new SpecBuilder('mini AlexNet', [32, 32, 3]);
    b.conv('conv1', 16, 5, { stride: 2, act: 'relu' });
    b.lrn('norm1', 5, 1e-4, 0.75, 2);
    b.maxPool('pool1', 3, { stride: 2, ceil: true });
    b.conv('conv2', 32, 3, { padding: 'same', groups: 2, act: 'relu' });
    b.gap('gap');
    b.dense('fc', 10, 'softmax');
    return b.build();
  };
  it.each(['lenet5-modern', 'mini-alexnet', 'resnet18', 'googlenet', 'cifar-resnet8'])('%s: loads back into TF.js with the app\'s counts, and its topology imports back', async (id) => {
    const spec = id === 'mini-alexnet' ? mini() : zooSpec(id)!;
    const a = analyze(spec);
    const before = tf.memory().numTensors;
    const out = await exportTfjs(spec, id);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.weights.byteLength).toBe(a.totals.params * 4);
    const json = JSON.parse(out.modelJson) as { format: string; weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[]; modelTopology: unknown };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]!.paths).toEqual([`${id}.weights.bin`]);
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as tf.io.ModelJSON['modelTopology'], weightSpecs: json.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[], weightData: out.weights }));
    expect(model.countParams()).toBe(a.totals.params);
    model.dispose();
    // The file the app writes is one the app reads: same counts through the Keras importer.
    const back = importKerasModel(json);
    if (!back.ok) throw new Error(back.error);
    expect(analyze(back.spec).totals.params).toBe(a.totals.params);
    expect(analyze(back.spec).totals.trainableParams).toBe(a.totals.trainableParams);
  });

  it('refuses a network with errors with the engine messages', async () => {
    const spec = zooSpec('lenet5')!;
    spec.nodes = spec.nodes.map((n) => (n.id === 'c1' ? { ...n, kernel: 40 } : n));
    await expect(exportTfjs(spec)).rejects.toBeInstanceOf(BuildError);
  });
});
