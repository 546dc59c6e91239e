// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '..';
import { importKerasModel, isKerasModelJson } from './keras';

const fixture = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${name}`, import.meta.url)), 'utf8')) as unknown;
/** Parameter count of a weights manifest: what the real Keras model holds. */
const manifestParams = (m: unknown) =>
  ((m as { weightsManifest: { weights: { shape: number[] }[] }[] }).weightsManifest ?? []).flatMap((g) => g.weights).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);

describe('Keras / TF.js model.json import', () => {
  it('reads a Sequential model (tensorflowjs_converter format): counts equal its weights manifest', () => {
    const m = fixture('keras-sequential.model.json');
    expect(isKerasModelJson(m)).toBe(true);
    const r = importKerasModel(m);
    if (!r.ok) throw new Error(r.error);
    const a = analyze(r.spec);
    expect(a.errorCount).toBe(0);
    expect(a.totals.params).toBe(manifestParams(m));
    expect(a.totals.params).toBe(225_162);
    expect(a.totals.nonTrainableParams).toBe(64);
    expect(r.spec.inputs).toEqual([{ id: 'conv2d_input', shape: [28, 28, 1] }]);
    expect(a.layers.find((l) => l.id === 'flatten')?.outputShape).toEqual([1600]);
    expect(r.spec.outputs).toEqual(['dense_1']);
  });

  it('reads a functional model with a residual Add, a Concatenate, padding, depthwise and global pooling', () => {
    const m = fixture('keras-functional.model.json');
    const r = importKerasModel(m);
    if (!r.ok) throw new Error(r.error);
    const a = analyze(r.spec);
    expect(a.errorCount).toBe(0);
    expect(a.totals.params).toBe(manifestParams(m));
    expect(a.totals.params).toBe(3_426);
    const kinds = new Set(r.spec.nodes.map((n) => n.kind));
    for (const k of ['zeroPad2d', 'conv2d', 'batchNorm', 'activation', 'add', 'depthwiseConv2d', 'maxPool2d', 'concat', 'globalAvgPool2d', 'dropout', 'dense']) expect(kinds).toContain(k);
    expect(r.spec.nodes.find((n) => n.id === 'res_add')?.inputs).toEqual(['stem_relu', 'res_bn']);
    expect(a.layers.find((l) => l.id === 'concat')?.outputShape).toEqual([32, 32, 24]);
  });

  it('reads the Keras 3 inbound_nodes format and a bare TF.js model.toJSON() topology', () => {
    const layer = (name: string, cls: string, config: object, from: string[]) => ({
      name,
      class_name: cls,
      config: { name, ...config },
      inbound_nodes: from.length ? [{ args: from.map((f) => ({ class_name: '__keras_tensor__', config: { keras_history: [f, 0, 0] } })), kwargs: {} }] : [],
    });
    const topo = {
      class_name: 'Functional',
      config: {
        name: 'k3',
        layers: [
          layer('in', 'InputLayer', { batch_shape: [null, 16, 16, 3] }, []),
          layer('c', 'Conv2D', { filters: 8, kernel_size: [3, 3], padding: 'same', activation: 'relu' }, ['in']),
          layer('g', 'GlobalAveragePooling2D', {}, ['c']),
          layer('d', 'Dense', { units: 2, activation: 'softmax' }, ['g']),
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
    };
    const r = importKerasModel({ modelTopology: topo });
    if (!r.ok) throw new Error(r.error);
    expect(analyze(r.spec).totals.params).toBe(3 * 3 * 3 * 8 + 8 + 8 * 2 + 2);
  });

  it('reports every unsupported layer by name, and imports nothing', () => {
    const m = fixture('keras-sequential.model.json') as { modelTopology: { model_config: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } } };
    const layers = m.modelTopology.model_config.config.layers;
    layers.splice(3, 0, { class_name: 'LSTM', config: { name: 'lstm_1', units: 4 } }, { class_name: 'Conv2D', config: { name: 'swish_conv', filters: 2, kernel_size: [3, 3], activation: 'swish' } });
    const r = importKerasModel(m);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain("'lstm_1' (LSTM)");
      expect(r.error).toContain("'swish_conv' (Conv2D: activation \"swish\"");
      expect(r.error).toMatch(/^2 layers are not supported/);
    }
  });

  it('refuses non-layers formats and junk with a message', () => {
    expect(importKerasModel({ format: 'graph-model', modelTopology: { node: [] } })).toMatchObject({ ok: false, error: expect.stringContaining("'graph-model'") });
    expect(importKerasModel(null)).toMatchObject({ ok: false });
    expect(importKerasModel({ modelTopology: { class_name: 'Sequential', config: { layers: 'nope' } } })).toMatchObject({ ok: false, error: expect.stringContaining('no list of layers') });
    expect(importKerasModel({ modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 3 } }] } } })).toMatchObject({ ok: false, error: expect.stringContaining('batch_input_shape') });
  });
});
