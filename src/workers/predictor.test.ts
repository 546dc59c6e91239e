import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../models/analyze';
import { importKerasModel } from '../models/import/keras';
import { zooSpec } from '../models/zoo';
import { exportTfjs } from '../models/tfjs/export';
import { assembleWeights, fetchModelFiles, ModelLoadError, modelFromFiles, parseModelJson, Predictor } from './predictor';

const FIX = 'e2e/fixtures/tiny-imagenet/';
const fixture = () => {
  const w = readFileSync(FIX + 'model.weights.bin');
  return { json: readFileSync(FIX + 'model.json', 'utf8'), files: new Map([['model.weights.bin', w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength)]]) };
};
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model.json checks', () => {
  it('names the file and the problem for every malformed model.json', () => {
    expect(message(() => parseModelJson('{"modelTopology": ', 'm.json'))).toMatch(/^m\.json is not valid JSON \(/);
    expect(message(() => parseModelJson('[1,2]', 'm.json'))).toContain('JSON but not an object');
    expect(message(() => parseModelJson('{"format":"graph-model","modelTopology":{"node":[]}}', 'g.json'))).toContain('g.json is a TF.js graph model');
    expect(message(() => parseModelJson('{"weightsManifest":[]}', 'm.json'))).toContain('has no "modelTopology"');
    expect(message(() => parseModelJson('{"modelTopology":{}}', 'm.json'))).toContain('has no "weightsManifest"');
    expect(message(() => parseModelJson('{"modelTopology":{},"weightsManifest":[{"paths":"x"}]}', 'm.json'))).toContain('weightsManifest entry 1 is malformed');
  });

  it('names missing weight files and refuses weights of the wrong size', () => {
    const { json, files } = fixture();
    const parsed = parseModelJson(json, 'model.json');
    expect(message(() => assembleWeights(parsed, new Map(), 'model.json'))).toBe(
      'model.json needs 1 weight file (model.weights.bin); missing: model.weights.bin. Pick the weight files together with model.json.',
    );
    const short = new Map([['model.weights.bin', files.get('model.weights.bin')!.slice(0, 1000)]]);
    expect(message(() => assembleWeights(parsed, short, 'model.json'))).toBe(
      'The weight files hold 1,000 bytes but model.json describes 36,896 bytes of weights: they belong to another model or are damaged.',
    );
  });

  it('reports a layer TF.js does not know', async () => {
    const { json, files } = fixture();
    const bad = json.replace('"class_name":"Conv2D"', '"class_name":"FancyConv"');
    expect(bad).not.toBe(json);
    await expect(modelFromFiles(bad, 'model.json', files)).rejects.toThrow(/TF.js could not build model.json: .*FancyConv/);
  });

  it('says when a URL answers with a web page or an error', async () => {
    const page = (async () => new Response('<!doctype html><html></html>', { status: 200 })) as typeof fetch;
    await expect(fetchModelFiles('http://x/models/m/model.json', page)).rejects.toThrow('answered with a web page, not a model.json');
    const missing = (async () => new Response('nope', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(fetchModelFiles('http://x/m.json', missing)).rejects.toThrow('http://x/m.json answered HTTP 404 Not Found.');
  });
});

describe('Predictor', () => {
  it('loads the fixture: TF.js and the engine count the same parameters', async () => {
    const { json, files } = fixture();
    const p = new Predictor();
    const info = await p.load('k', json, 'model.json', files);
    const imported = importKerasModel(JSON.parse(json));
    expect(imported.ok).toBe(true);
    expect(info.params).toBe(9224);
    expect(analyze((imported as { spec: Parameters<typeof analyze>[0] }).spec).totals.params).toBe(info.params);
    expect(info.inputShape).toEqual([32, 32, 3]);
    expect(info.outputUnits).toBe(1000);
    expect(info.softmaxOutput).toBe(true);
    const r = await p.predict('k', new Float32Array(2 * 32 * 32 * 3).fill(0.5), 2, [32, 32, 3]);
    expect(r.count).toBe(2);
    expect(r.classes).toBe(1000);
    expect(r.probs.subarray(0, 1000).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await expect(p.predict('k', new Float32Array(28 * 28), 1, [28, 28, 1])).rejects.toThrow('The model takes inputs of shape 32x32x3; it was given 28x28x1.');
    await expect(p.predict('nope', new Float32Array(1), 1, [1, 1, 1])).rejects.toThrow("No model is loaded as 'nope'.");
    const before = tf.memory().numTensors;
    await p.predict('k', new Float32Array(32 * 32 * 3), 1, [32, 32, 3]);
    expect(tf.memory().numTensors).toBe(before);
    p.dispose();
  });

  it('applies softmax to a model that ends in raw scores (the 1998 LeNet-5 has 10 linear outputs)', async () => {
    const out = await exportTfjs(zooSpec('lenet5')!, 'model');
    const p = new Predictor();
    const info = await p.load('lenet', out.modelJson, 'model.json', new Map([[out.weightsFileName, out.weights]]));
    expect(info.softmaxOutput).toBe(false);
    const r = await p.predict('lenet', new Float32Array(32 * 32).map((_, i) => (i % 7) / 7), 1, [32, 32, 1]);
    expect(r.probs.every((v) => v > 0 && v < 1)).toBe(true);
    expect(r.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Raw scores are the logits themselves.
    const raw = await modelFromFiles(out.modelJson, 'model.json', new Map([[out.weightsFileName, out.weights]]));
    const x = new Float32Array(32 * 32).map((_, i) => (i % 7) / 7);
    const want = tf.tidy(() => (raw.predict(tf.tensor4d(x, [1, 32, 32, 1])) as tf.Tensor).dataSync());
    expect(Array.from(r.logits!)).toEqual(Array.from(want));
    raw.dispose();
    p.dispose();
  });

  it("reads the logits behind a softmax Dense layer: the same network ending in 'linear' gives them, and their softmax is the model's own output", async () => {
    const dir = 'public/models/lenet5-mnist/';
    const w = readFileSync(dir + 'model.weights.bin');
    const files = new Map([['model.weights.bin', w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength)]]);
    const json = readFileSync(dir + 'model.json', 'utf8');
    const p = new Predictor();
    await p.load('m', json, 'model.json', files);
    const x = new Float32Array(2 * 32 * 32).map((_, i) => ((i * 37) % 101) / 100);
    const before = tf.memory().numTensors;
    const r = await p.predict('m', x, 2, [32, 32, 1]);
    expect(tf.memory().numTensors).toBe(before);
    const linear = await modelFromFiles(json.replace('"activation":"softmax"', '"activation":"linear"'), 'model.json', files);
    const own = await modelFromFiles(json, 'model.json', files);
    const [logits, probs] = tf.tidy(() => [linear, own].map((m) => (m.predict(tf.tensor4d(x, [2, 32, 32, 1])) as tf.Tensor).dataSync()));
    expect(r.logits).toHaveLength(20);
    for (let i = 0; i < 20; i++) {
      expect(r.logits![i]).toBeCloseTo(logits![i]!, 4);
      expect(r.probs[i]).toBeCloseTo(probs![i]!, 6);
    }
    linear.dispose();
    own.dispose();
    p.dispose();
  });

  it('has no logits where softmax sits inside another kind of layer (a recurrent layer ending in softmax)', async () => {
    const input = tf.input({ shape: [4, 4, 1] });
    const rows = tf.layers.reshape({ targetShape: [4, 4] }).apply(input) as tf.SymbolicTensor;
    const out = tf.layers.simpleRNN({ units: 3, activation: 'softmax' }).apply(rows) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out });
    let saved: tf.io.ModelArtifacts | null = null;
    await m.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    m.dispose();
    const a = saved! as tf.io.ModelArtifacts;
    const json = JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] });
    const p = new Predictor();
    const info = await p.load('c', json, 'model.json', new Map([['w.bin', a.weightData as ArrayBuffer]]));
    expect(info.softmaxOutput).toBe(true);
    const r = await p.predict('c', new Float32Array(16).fill(0.5), 1, [4, 4, 1]);
    expect(r.logits).toBeNull();
    expect(r.probs.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    p.dispose();
  });
});
