/** The store's prediction slice driven by the real Predictor in-process (wasm backend, the shipped weights, Node's image decoder). */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile } from '../cli/decodeImage';
import { readModelFiles } from '../cli/nodeData';
import 'fake-indexeddb/auto';
import { zooSpec } from '../models';
import { createAppStore } from '../store';
import { openRunRepo, type RunRecord, type RunRepo } from '../store/persist/runs';
import type { PredictPort } from '../store/predictSlice';
import { startWasmInNode } from './nodeBackend';
import { WorkerError } from './client';
import { Predictor } from './predictor';
import { workOut } from '../predict/inside';

const file = (p: string) => new Blob([readFileSync(p)]);

function store(wrap: (p: PredictPort) => PredictPort = (p) => p, runs: RunRepo | null = null) {
  const predictor = new Predictor();
  const port: PredictPort = wrap({
    init: async () => ({ backend: 'wasm', reason: 'in-process test', probes: [], kernels: 'in-process test' }),
    async loadModel(key, source) {
      if (source.kind === 'url') {
        const { modelJson, files } = readModelFiles(`public${source.url}`);
        return predictor.load(key, modelJson, 'model.json', files);
      }
      return predictor.load(key, source.modelJson, source.fileName, new Map(source.weights.map((x) => [x.name, x.data])));
    },
    predict: (key, input, count, shape) => predictor.predict(key, input, count, shape),
    inside: (key, input, shape, options) => predictor.inside(key, input, shape, options),
    unloadModel: async (key) => predictor.unload(key),
    restart() {},
  });
  return createAppStore({
    predictPort: () => port,
    runs,
    decodeImage: async (blob, name) => {
      const r = decodeImageFile(new Uint8Array(await blob.arrayBuffer()), name);
      return r.ok ? { ok: true, image: r.image, width: r.image.width, height: r.image.height, kind: 'png', notes: r.notes } : r;
    },
  });
}

beforeAll(async () => {
  await startWasmInNode();
});

describe('a kept run on Predict ("Your models")', () => {
  it('answers with the run\'s network, read from the runs store; deleting the run puts Predict back on the shipped model', async () => {
    const runs = openRunRepo(`predict-runs-${Math.random()}`);
    // A run whose trained network is the shipped LeNet-5's files (what a finished run stores: model.json + weights).
    const shipped = readModelFiles('public/models/lenet5-mnist/model.json');
    const spec = zooSpec('lenet5-modern')!;
    const at = Date.now();
    const record: RunRecord = {
      id: 'r1', name: 'my LeNet', createdAt: at, updatedAt: at, network: { key: 'lenet5-modern', name: 'LeNet-5 (modern)', changes: [] },
      config: { runId: 'r1', modelId: 'lenet5-modern', modelName: 'LeNet-5 (modern)', spec, datasetId: 'mnist', adaptation: { ok: true, kind: 'identity', note: '' }, optimizer: 'adam', learningRate: 0.001, batchSize: 64, epochs: 1, validationSplit: 0.1, seed: 1 },
      backend: 'wasm', status: 'completed', message: null, batches: [], epochs: [], result: null, imagesPerSecond: null, hasModel: true,
    };
    await runs.put(record);
    const [name, weights] = [...shipped.files.entries()][0]!;
    await runs.putModel('r1', { modelJson: shipped.modelJson, weights, weightsFileName: name, layerNames: {} });
    const s = store(undefined, runs);
    await s.getState().loadRuns();
    await s.getState().predictWithRun('r1');
    expect(s.getState().view).toBe('predict');
    expect(s.getState().predict.modelId).toBe('run:r1');
    await s.getState().openPredictImage(file('public/sample-images/mnist/digit-7-0.png'), 'digit-7-0.png', 'file');
    let p = s.getState().predict;
    expect(p.status).toBe('done');
    expect(p.answer!.perModel.map((m) => m.name)).toEqual(['my LeNet']);
    expect(p.answer!.top[0]!.label).toBe('7');
    // A run on MNIST is checked against the MNIST training digits' image signals (it has no energy thresholds of its own).
    expect(p.honesty).toMatchObject({ kind: 'checked', flagged: false, against: '60,000 MNIST training digits' });
    expect(p.honesty!.checks.map((c) => c.id)).not.toContain('energy');
    await s.getState().deleteRun('r1');
    p = s.getState().predict;
    expect(p.modelId).toBe('lenet5-mnist');
    expect(p.answer!.perModel.map((m) => m.name)).toEqual(['LeNet-5 · MNIST']);
    expect(await runs.getModel('r1')).toBeUndefined();
  });
});

describe('the inside view on Predict', () => {
  it('follows the answer: layer outputs of the model that answered, a clicked c1 output worked out, Grad-CAM for a chosen class', async () => {
    const s = store();
    await s.getState().setInsideOpen(true);
    expect(s.getState().inside.result).toBeNull();
    await s.getState().openPredictImage(file('public/sample-images/mnist/digit-7-0.png'), 'digit-7-0.png', 'file');
    let i = s.getState().inside;
    expect(i.status).toBe('done');
    expect(i.result!.key).toBe('lenet5-mnist');
    expect(i.result!.layers.find((l) => l.name === 'c1')!.maps).toBe(6);
    expect(i.labels[7]).toBe('7');
    await s.getState().probeInside({ layer: 'c1', y: 10, x: 12, channel: 3 });
    i = s.getState().inside;
    expect(i.result!.worked!.probe).toEqual({ layer: 'c1', y: 10, x: 12, channel: 3 });
    expect(workOut(i.result!.worked!).matches).toBe(true);
    await s.getState().setInsideCamClass(1);
    expect(s.getState().inside.result!.cam).toMatchObject({ layer: 'c3', classIndex: 1 });
    // With the ensemble on, the view shows the first model's single pass; a model without c1 drops the probe.
    await s.getState().setPredictOptions({ ensemble: true, crops: 'five' });
    expect(s.getState().inside.result!.layers[0]!.shape).toEqual([32, 32, 1]);
    await s.getState().setPredictModel('resnet-mini-fashion');
    i = s.getState().inside;
    expect(i.result!.key).toBe('resnet-mini-fashion');
    expect(i.probe).toBeNull();
  });

  it('requests faster than answers (drawing, clicking along a map): one runs at a time, the newest waits, the rest are dropped', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const s = store((p) => ({
      ...p,
      async inside(...a) {
        calls++;
        most = Math.max(most, ++running);
        try {
          return await p.inside(...a);
        } finally {
          running--;
        }
      },
    }));
    await s.getState().setInsideOpen(true);
    await s.getState().openPredictImage(file('public/sample-images/mnist/digit-2-1.png'), 'digit-2-1.png', 'file');
    calls = 0;
    const clicks = Array.from({ length: 9 }, (_, x) => s.getState().probeInside({ layer: 'c1', y: 5, x, channel: 0 }));
    await Promise.all(clicks);
    expect(most).toBe(1);
    // The first click's request, then only the last one's.
    expect(calls).toBe(2);
    expect(s.getState().inside.result!.worked!.probe.x).toBe(8);
  });
});

describe('a model.json exported from Build before training', () => {
  it('says "random weights" on Predict: its metadata says it was never trained', async () => {
    const { exportTfjs } = await import('../models/tfjs/export');
    const files = await exportTfjs(zooSpec('lenet5-modern')!, 'untrained');
    const s = store();
    await s.getState().loadUserModelFiles([new File([files.modelJson], 'untrained.model.json'), new File([files.weights], files.weightsFileName)]);
    expect(s.getState().predict.userModelError).toBeNull();
    expect(s.getState().predict.userModel!.untrained).toBe(true);
    // A trained model's files (the shipped LeNet-5, from npm run pretrain) do not.
    const shipped = readModelFiles('public/models/lenet5-mnist/model.json');
    const [name, weights] = [...shipped.files.entries()][0]!;
    await s.getState().loadUserModelFiles([new File([shipped.modelJson], 'model.json'), new File([weights], name)]);
    expect(s.getState().predict.userModel!.untrained).toBe(false);
  });
});

describe('prediction slice with the shipped LeNet-5', () => {
  it('answers a dropped digit, keeps it when a bad file follows, and drops stale answers', async () => {
    const s = store();
    await s.getState().openPredictImage(file('public/sample-images/mnist/digit-7-0.png'), 'digit-7-0.png', 'file');
    let p = s.getState().predict;
    expect(p.status).toBe('done');
    expect(p.answer!.top[0]!.label).toBe('7');
    expect(p.pre!.steps.map((x) => x.id)).toEqual(['resize', 'grayscale', 'invert', 'crop', 'scale', 'centre']);
    expect(p.pre!.inverted).toBe(true);

    await s.getState().openPredictImage(new Blob(['plain text']), 'notes.txt', 'file');
    p = s.getState().predict;
    expect(p.imageError).toContain('notes.txt is not an image');
    expect(p.image!.name).toBe('digit-7-0.png');
    expect(p.answer!.top[0]!.label).toBe('7');

    // Two images in quick succession: only the second one's answer is shown.
    const first = s.getState().openPredictImage(file('public/sample-images/mnist/digit-0-3.png'), 'digit-0-3.png', 'file');
    const second = s.getState().openPredictImage(file('public/sample-images/mnist/digit-2-1.png'), 'digit-2-1.png', 'file');
    await Promise.all([first, second]);
    expect(s.getState().predict.image!.name).toBe('digit-2-1.png');
    expect(s.getState().predict.answer!.top[0]!.label).toBe('2');
  });

  it('says whether the image is like the training images: the cat photo is doubted (the answer kept, labelled), a digit is not, and a new image or a cleared drawing clears it', async () => {
    const s = store();
    await s.getState().openPredictImage(file('public/sample-images/photos/chelsea.jpg'), 'chelsea.jpg', 'file');
    let p = s.getState().predict;
    expect(p.modelId).toBe('lenet5-mnist');
    expect(p.answer!.perModel[0]!.energy).not.toBeNull();
    expect(p.honesty).toMatchObject({ kind: 'checked', flagged: true, answerLabel: "The model's answer, if it were a digit:" });
    expect(p.honesty!.headline).toBe('This does not look like a handwritten digit (it is a colour photo with texture); the shipped models know digits and clothing.');
    await s.getState().setPredictModel('resnet-mini-fashion');
    p = s.getState().predict;
    expect(p.honesty).toMatchObject({ flagged: true, answerLabel: "The model's answer, if it were a piece of clothing:" });
    await s.getState().openPredictImage(file('public/sample-images/fashion/trouser-2.png'), 'trouser-2.png', 'file');
    expect(s.getState().predict.honesty).toMatchObject({ kind: 'checked', flagged: false });
    await s.getState().setDrawing(null);
    expect(s.getState().predict.honesty).toBeNull();
  });

  it('10-crop and the ensemble: the answer, the one-pass baseline, and their costs', async () => {
    const s = store();
    await s.getState().openPredictImage(file('public/sample-images/mnist/digit-4-4.png'), 'digit-4-4.png', 'file');
    await s.getState().setPredictOptions({ crops: 'ten' });
    let p = s.getState().predict;
    expect(p.answer!.input.count).toBe(10);
    expect(p.answer!.cost).toEqual({ macs: 4_165_200, multiplier: 10 });
    expect(p.baseline!.cost.multiplier).toBe(1);
    await s.getState().setPredictOptions({ crops: 'single', ensemble: true });
    p = s.getState().predict;
    expect(p.answer!.perModel.map((m) => m.key)).toEqual(['lenet5-mnist', 'lenet5-mnist-2', 'lenet5-mnist-3', 'lenet5-mnist-aug']);
    expect(p.answer!.cost.multiplier).toBe(4);
    expect(p.answer!.top[0]!.label).toBe('4');
  });

  it('a crashed worker: the models load again in a fresh one and the answer still comes', async () => {
    const loads: string[] = [];
    let crashes = 1;
    const s = store((p) => ({
      ...p,
      loadModel: (key, source) => (loads.push(key), p.loadModel(key, source)),
      predict: (...a) => (crashes-- > 0 ? Promise.reject(new WorkerError('The prediction worker crashed: out of memory', false, true)) : p.predict(...a)),
    }));
    await s.getState().openPredictImage(file('public/sample-images/mnist/digit-9-7.png'), 'digit-9-7.png', 'file');
    expect(s.getState().predict.answerError).toBeNull();
    expect(s.getState().predict.answer!.top[0]!.label).toBe('9');
    expect(loads).toEqual(['lenet5-mnist', 'lenet5-mnist']);
  });

  it('a blank drawing says there is nothing to classify', async () => {
    const s = store();
    await s.getState().setDrawing({ width: 280, height: 280, data: new Uint8ClampedArray(280 * 280 * 4).fill(255) });
    expect(s.getState().predict.answerError).toContain('blank');
  });

  it("loads the user's model from files, and a broken one leaves the loaded one in place", async () => {
    const s = store();
    const json = new File([readFileSync('e2e/fixtures/tiny-imagenet/model.json')], 'model.json');
    const bin = new File([readFileSync('e2e/fixtures/tiny-imagenet/model.weights.bin')], 'model.weights.bin');
    await s.getState().loadUserModelFiles([json, bin]);
    let p = s.getState().predict;
    expect(p.userModelError).toBeNull();
    expect(p.modelId).toBe('user');
    expect(p.userModel!.engine).toMatchObject({ params: 9224 });
    expect(p.userModel!.labelSource).toBe('imagenet');
    expect(p.range).toBe('-1,1');
    await s.getState().loadUserModelFiles([new File(['{"modelTopology": '], 'broken.json')]);
    p = s.getState().predict;
    expect(p.userModelError).toMatch(/^broken\.json is not valid JSON/);
    expect(p.userModel!.info.params).toBe(9224);
    await s.getState().loadUserModelFiles([bin]);
    expect(s.getState().predict.userModelError).toContain('no .json file was among them');
    // Its domain is unknown: only its confidence is spoken of.
    await s.getState().openPredictImage(file('public/sample-images/photos/chelsea.jpg'), 'chelsea.jpg', 'file');
    expect(s.getState().predict.honesty).toMatchObject({ kind: 'unknown', checks: [] });
  });
});
