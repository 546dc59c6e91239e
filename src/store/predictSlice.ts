/**
 * Prediction slice: the Predict screen's state (the image and its preprocessing steps, the chosen model, crops,
 * ensemble, the user's own model) and the actions that drive the prediction worker through its client. Every
 * change of image or setting recomputes the answer; a newer request makes an older one's answer stale, never shown.
 */
import { answer, type Answer, type ModelRef } from '../predict/answer';
import { decodeInBrowser } from '../predict/browserDecode';
import { DEFAULT_MODEL, SHIPPED_MODELS, shippedModel, type SampleEntry, type TrainingRecord } from '../predict/catalog';
import type { RgbaImage } from '../predict/image';
import type { DatasetId } from '../data/datasets';
import { honesty, type Honesty } from '../predict/honesty';
import { engineFigures, pipelineFor, shippedRef, type EngineFigures } from '../predict/models';
import type { LabelSource } from '../predict/labels';
import type { CropMode, InputRange } from '../predict/pipeline';
import { preprocess, type Preprocessed, type Style } from '../predict/preprocess';
import type { BackendChoice, BackendReport } from '../workers/protocol';
import type { InsideOptions, InsideResult, LoadedModelInfo, ModelSource, Prediction } from '../workers/predictProtocol';
import { createPredictClient, WorkerError } from '../workers/createWorker';
import { runClassNames } from '../training/transfer';
import { analyze } from '../models/analyze';
import { atlasMeta } from '../models/modelMeta';
import { appUrl } from './appUrl';
import { createInsideSection, type InsideSlice } from './insideSection';
import { fetchSampleIndex, fetchTrainingRecords } from './siteFiles';
import type { RunRecord } from './persist/runs';
import type { SliceCreator } from './types';

/** The parts of the prediction client the slice uses (the real PredictClient in the app). */
export interface PredictPort {
  init(backend: BackendChoice): Promise<BackendReport>;
  loadModel(key: string, source: ModelSource): Promise<LoadedModelInfo>;
  predict(key: string, input: Float32Array, count: number, shape: [number, number, number]): Promise<Prediction>;
  inside(key: string, input: Float32Array, shape: [number, number, number], options: InsideOptions): Promise<InsideResult>;
  unloadModel(key: string): Promise<void>;
  restart(reason?: string): void;
}

export interface PredictSliceDeps {
  predictPort?: () => PredictPort;
  /** Decodes a file (the browser's decoder by default; tests pass their own). */
  decodeImage?: typeof decodeInBrowser;
}

/** The id under which the user's own model is loaded. */
export const USER_MODEL = 'user';

/** Predict's model id for a kept training run's network ('run:<run id>'). */
export const runModelKey = (runId: string) => `run:${runId}`;
const runIdOf = (key: string) => (key.startsWith('run:') ? key.slice(4) : null);

export interface UserModel {
  name: string;
  info: LoadedModelInfo;
  labels: string[];
  labelSource: LabelSource;
  /** What the engine makes of the topology: its params and MACs, or why it could not read it. */
  engine: EngineFigures;
  pipeline: 'digit' | 'photo';
  /** ConvAtlas's own export of a network that was never trained (its model.json says so): random weights. */
  untrained: boolean;
}

export interface PredictImage {
  name: string;
  source: 'sample' | 'file' | 'paste' | 'drawing' | 'camera';
  rgba: RgbaImage;
  /** Size of the original picture (before decoding shrank it). */
  width: number;
  height: number;
  notes: string[];
  /** The sample's known class, if any. */
  label: string | null;
}

export interface PredictState {
  backend: BackendReport | null;
  modelId: string;
  modelStatus: 'idle' | 'loading' | 'ready' | 'error';
  modelError: string | null;
  userModel: UserModel | null;
  userModelStatus: 'idle' | 'loading' | 'error';
  userModelError: string | null;
  crops: CropMode;
  ensemble: boolean;
  invert: 'auto' | boolean;
  range: InputRange;
  image: PredictImage | null;
  imageStatus: 'idle' | 'decoding' | 'error';
  imageError: string | null;
  pre: Preprocessed | null;
  status: 'idle' | 'working' | 'done' | 'error';
  answer: Answer | null;
  /** Whether the image is like the answering model's training images, in words (null without an answer). */
  honesty: Honesty | null;
  /** One model, centre crop only: what the crops or the ensemble are compared with. */
  baseline: Answer | null;
  answerError: string | null;
  samples: SampleEntry[] | null;
  samplesError: string | null;
  /** What `npm run pretrain` recorded for each shipped model (public/models/<id>/training.json). */
  records: Record<string, TrainingRecord>;
}


/** The Predict screen's state and actions; its "Inside" view is a section of its own (insideSection.ts). */
export interface PredictSlice extends InsideSlice {
  predict: PredictState;
  /** Loads the sample list and the shipped models' training records, starts the worker and the default model. */
  openPredictScreen(): Promise<void>;
  openSample(entry: SampleEntry): Promise<void>;
  setPredictModel(id: string): Promise<void>;
  setPredictOptions(o: Partial<Pick<PredictState, 'crops' | 'ensemble' | 'invert' | 'range'>>): Promise<void>;
  openPredictImage(blob: Blob, name: string, source: PredictImage['source'], label?: string | null): Promise<void>;
  /** Answers a drawing (or a camera frame), or clears the image with null. */
  setDrawing(rgba: RgbaImage | null, from?: 'drawing' | 'camera'): Promise<void>;
  loadUserModelFiles(files: File[]): Promise<void>;
  loadUserModelUrl(url: string): Promise<void>;
  /** Loads a kept run's trained network and answers with it on the Predict screen. */
  predictWithRun(runId: string): Promise<void>;
  /** Drops a deleted run's network: unloaded from the worker, and Predict back on the default model if it was chosen. */
  forgetRunModel(runId: string): Promise<void>;
}

export const DEFAULT_PREDICT: PredictState = {
  backend: null,
  modelId: DEFAULT_MODEL.mnist,
  modelStatus: 'idle',
  modelError: null,
  userModel: null,
  userModelStatus: 'idle',
  userModelError: null,
  crops: 'single',
  ensemble: false,
  invert: 'auto',
  range: '0,1',
  image: null,
  imageStatus: 'idle',
  imageError: null,
  pre: null,
  status: 'idle',
  answer: null,
  honesty: null,
  baseline: null,
  answerError: null,
  samples: null,
  samplesError: null,
  records: {},
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The dataset the chosen model was trained on, or null where that is unknown (the user's model, a run on their own classes). */
export function trainedDataset(s: PredictState, runs: readonly RunRecord[] = []): DatasetId | null {
  if (s.modelId === USER_MODEL) return null;
  const runId = runIdOf(s.modelId);
  if (!runId) return shippedModel(s.modelId)?.dataset ?? null;
  const config = runs.find((r) => r.id === runId)?.config;
  return config && !config.own ? config.datasetId : null;
}

/** The preprocessing style a model's images need (null: the photo pipeline, no digit steps). */
export function styleOf(s: PredictState, runs: readonly RunRecord[] = []): Style | null {
  if (s.modelId === USER_MODEL) return s.userModel?.pipeline === 'digit' ? 'mnist' : null;
  const runId = runIdOf(s.modelId);
  const dataset = runId ? runs.find((r) => r.id === runId)?.config.datasetId : shippedModel(s.modelId)?.dataset;
  return dataset === 'fashion-mnist' ? 'fashion' : 'mnist';
}

/** Creates the prediction slice; the worker starts on the first action that needs it. */
export function createPredictSlice(deps: PredictSliceDeps = {}): SliceCreator<PredictSlice> {
  return (set, get) => {
    let port: PredictPort | null = null;
    const client = () => {
      if (!port && !deps.predictPort && typeof Worker === 'undefined') throw new Error('Prediction needs Web Workers, which this environment does not provide');
      port ??= (deps.predictPort ?? createPredictClient)();
      return port;
    };
    const decode = deps.decodeImage ?? decodeInBrowser;
    const patch = (p: Partial<PredictState>) => set((s) => ({ predict: { ...s.predict, ...p } }));
    const P = () => get().predict;
    const loaded = new Map<string, Promise<LoadedModelInfo>>();
    let backend: Promise<void> | null = null;
    let backendChoice: BackendChoice = 'auto';
    let seq = 0;
    const inside = createInsideSection(set, get, () => (key, input, shape, options) => client().inside(key, input, shape, options));

    const ensureBackend = () =>
      (backend ??= client()
        .init(backendChoice)
        .then((report) => patch({ backend: report }))
        .catch((e) => {
          backend = null;
          throw e;
        }));

    const ensureShipped = (id: string) => {
      let p = loaded.get(id);
      if (!p) {
        p = ensureBackend().then(() => client().loadModel(id, { kind: 'url', url: appUrl(`models/${id}/model.json`) }));
        p.catch(() => loaded.delete(id));
        loaded.set(id, p);
      }
      return p;
    };

    const runOf = (runId: string) => get().training.runs.find((r) => r.id === runId) ?? null;
    /** Loads a kept run's trained network (read from the runs store) into the worker under its run key. */
    const ensureRun = (runId: string) => {
      const key = runModelKey(runId);
      let p = loaded.get(key);
      if (!p) {
        p = (async () => {
          const files = await get().runModel(runId);
          if (!files) throw new Error('The trained network of this run is not in storage any more.');
          await ensureBackend();
          return client().loadModel(key, { kind: 'files', modelJson: files.modelJson, fileName: 'model.json', weights: [{ name: files.weightsFileName, data: files.weights }] });
        })();
        p.catch(() => loaded.delete(key));
        loaded.set(key, p);
      }
      return p;
    };
    const ensureModel = (id: string) => {
      const runId = runIdOf(id);
      return runId ? ensureRun(runId) : ensureShipped(id);
    };

    /** Loads a shipped model or a run's into the worker, showing it in modelStatus; false (with the message) when it fails. */
    const loadWithStatus = async (id: string): Promise<boolean> => {
      patch({ modelStatus: 'loading', modelError: null });
      try {
        await ensureModel(id);
        patch({ modelStatus: 'ready' });
        return true;
      } catch (e) {
        patch({ modelStatus: 'error', modelError: errorText(e) });
        return false;
      }
    };

    /** The models the current settings ask for, loaded. */
    const modelRefs = async (s: PredictState): Promise<ModelRef[]> => {
      if (s.modelId === USER_MODEL) {
        const u = s.userModel;
        if (!u) throw new Error('Load your model first.');
        return [{ key: USER_MODEL, name: u.name, inputShape: u.info.inputShape, macs: 'macs' in u.engine ? u.engine.macs : 0, labels: u.labels, pipeline: u.pipeline }];
      }
      const runId = runIdOf(s.modelId);
      if (runId) {
        const r = runOf(runId);
        if (!r) throw new Error('That run was deleted.');
        const info = await ensureRun(runId);
        return [{ key: s.modelId, name: r.name, inputShape: info.inputShape, macs: analyze(r.config.spec).totals.macs, labels: runClassNames(r.config), pipeline: 'digit' }];
      }
      const chosen = shippedModel(s.modelId)!;
      const members = s.ensemble ? SHIPPED_MODELS.filter((m) => m.group === chosen.group) : [chosen];
      return Promise.all(
        members.map(async (m) => shippedRef(m, (await ensureShipped(m.id)).inputShape)),
      );
    };

    /**
     * After the worker crashed or lost its GPU device, its models are gone: forget them so the next request loads
     * them into a fresh worker (on wasm after a lost device). The user's model cannot be reloaded (its files were
     * handed to the old worker), so it is dropped with a message. True when the error was one of those.
     */
    const recover = (e: unknown): boolean => {
      if (!(e instanceof WorkerError) || !(e.crashed || e.deviceLost)) return false;
      loaded.clear();
      backend = null;
      if (e.deviceLost) {
        backendChoice = 'wasm';
        client().restart('The GPU device was lost; predicting on wasm');
      }
      if (P().userModel) {
        patch({
          userModel: null,
          userModelError: 'The prediction worker stopped, and your model with it: load it again.',
          ...(P().modelId === USER_MODEL ? { modelId: DEFAULT_MODEL.mnist } : {}),
        });
      }
      return true;
    };

    /** Preprocesses the image for the current model and runs it; only the latest request's answer is kept. */
    const recompute = async (retry = true): Promise<void> => {
      const id = ++seq;
      const s = P();
      if (!s.image) return;
      const style = styleOf(s, get().training.runs);
      const pre = style ? preprocess(s.image.rgba, style, s.invert) : null;
      patch({ pre, status: 'working', answerError: null });
      if (pre?.empty) {
        patch({ status: 'error', answer: null, honesty: null, baseline: null, answerError: 'The image is blank after preprocessing: there is nothing to classify. Draw or drop something with more contrast.' });
        return;
      }
      try {
        if (s.modelId !== USER_MODEL) patch({ modelStatus: 'loading' });
        const refs = await modelRefs(s);
        if (id !== seq) return;
        patch({ modelStatus: 'ready', modelError: null });
        const run = async (key: string, input: { data: Float32Array; count: number; shape: [number, number, number] }) => client().predict(key, input.data.slice(), input.count, input.shape);
        const img = { rgba: s.image.rgba, digit: pre ? pre.image : null };
        const r = await answer(img, refs, s.crops, s.range, run);
        let base = null;
        if (r.ok && (s.crops !== 'single' || refs.length > 1)) {
          const b = await answer(img, refs.slice(0, 1), 'single', s.range, run);
          base = b.ok ? b.answer : null;
        }
        if (id !== seq) return;
        if (!r.ok) patch({ status: 'error', answer: null, honesty: null, baseline: null, answerError: r.message });
        else {
          patch({ status: 'done', answer: r.answer, honesty: honesty(pre, r.answer, trainedDataset(s, get().training.runs)), baseline: base, answerError: null });
          await inside.refresh();
        }
      } catch (e) {
        if (id !== seq) return;
        // One more try in a fresh worker when the old one died under this request.
        if (retry && recover(e)) return recompute(false);
        const loading = P().modelStatus === 'loading';
        patch({ status: 'error', answer: null, honesty: null, baseline: null, answerError: errorText(e), ...(loading ? { modelStatus: 'error' as const, modelError: errorText(e) } : {}) });
      }
    };

    const loadUser = async (name: string, source: ModelSource) => {
      patch({ userModelStatus: 'loading', userModelError: null });
      try {
        await ensureBackend();
        const info = await client().loadModel(USER_MODEL, source);
        // ImageNet's 1,000 names load only when a user's model needs them.
        const { labelsFor } = await import('../predict/labels');
        const { labels, source: labelSource } = labelsFor(info.outputUnits);
        const pipeline = pipelineFor(info.inputShape);
        const untrained = atlasMeta(info.modelJson)?.trained === false;
        patch({ userModel: { name, info, labels, labelSource, engine: engineFigures(info.modelJson), pipeline, untrained }, userModelStatus: 'idle', modelId: USER_MODEL, range: pipeline === 'photo' && labelSource === 'imagenet' ? '-1,1' : P().range });
        await recompute();
      } catch (e) {
        // The model that was there (if any) stays in use.
        patch({ userModelStatus: 'error', userModelError: errorText(e) });
      }
    };

    return {
      ...inside.slice,
      predict: DEFAULT_PREDICT,
      async openPredictScreen() {
        if (!P().samples) {
          fetchSampleIndex()
            .then((samples) => patch({ samples, samplesError: null }))
            .catch((e) => patch({ samplesError: `The sample images could not be listed: ${errorText(e)}` }));
        }
        if (Object.keys(P().records).length === 0) {
          void fetchTrainingRecords(SHIPPED_MODELS.map((m) => m.id)).then((records) => patch({ records }));
        }
        // Kept runs are Predict's "Your models"; the list comes from the runs store.
        await get().loadRuns();
        const id = P().modelId;
        if (id !== USER_MODEL && P().modelStatus === 'idle') await loadWithStatus(id);
      },
      async openSample(entry) {
        patch({ imageStatus: 'decoding', imageError: null });
        let blob: Blob;
        try {
          const r = await fetch(appUrl(`sample-images/${entry.file}`));
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          blob = await r.blob();
        } catch (e) {
          patch({ imageStatus: 'error', imageError: `The sample ${entry.file} could not be fetched: ${errorText(e)}` });
          return;
        }
        // A digit sample goes to the MNIST model, a clothing sample to the Fashion-MNIST one, unless the user's model is on.
        const want = entry.group === 'mnist' ? 'mnist' : entry.group === 'fashion' ? 'fashion-mnist' : null;
        const cur = shippedModel(P().modelId);
        if (want && cur && cur.dataset !== want) patch({ modelId: DEFAULT_MODEL[want], ensemble: false });
        await get().openPredictImage(blob, entry.file.split('/').pop()!, 'sample', entry.label);
      },
      async setPredictModel(id) {
        const runId = runIdOf(id);
        if (runId ? !runOf(runId)?.hasModel : id !== USER_MODEL && !shippedModel(id)) return;
        if (id === USER_MODEL && !P().userModel) return;
        patch({ modelId: id, ...(id === USER_MODEL || runId ? { ensemble: false } : {}) });
        if (id !== USER_MODEL && !(await loadWithStatus(id))) return;
        await recompute();
      },
      async setPredictOptions(o) {
        patch(o);
        await recompute();
      },
      async openPredictImage(blob, name, source, label = null) {
        patch({ imageStatus: 'decoding', imageError: null });
        const d = await decode(blob, name);
        if (!d.ok) {
          // The image (and answer) that were there stay.
          patch({ imageStatus: 'error', imageError: d.message });
          return;
        }
        patch({ image: { name, source, rgba: d.image, width: d.width, height: d.height, notes: d.notes, label }, imageStatus: 'idle', imageError: null });
        await recompute();
      },
      async setDrawing(rgba, from = 'drawing') {
        if (!rgba) {
          seq++;
          patch({ image: null, pre: null, answer: null, honesty: null, baseline: null, status: 'idle', answerError: null });
          return;
        }
        patch({ image: { name: from === 'camera' ? 'the camera' : 'your drawing', source: from, rgba, width: rgba.width, height: rgba.height, notes: [], label: null }, imageError: null, imageStatus: 'idle' });
        await recompute();
      },
      async loadUserModelFiles(files) {
        const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
        if (json.length !== 1) {
          patch({ userModelStatus: 'error', userModelError: json.length === 0 ? 'Pick a model.json together with its weight files (.bin); no .json file was among them.' : `Pick one model.json at a time; ${json.length} .json files were picked (${json.map((f) => f.name).join(', ')}).` });
          return;
        }
        const weights = await Promise.all(files.filter((f) => f !== json[0]).map(async (f) => ({ name: f.name, data: await f.arrayBuffer() })));
        await loadUser(json[0]!.name, { kind: 'files', modelJson: await json[0]!.text(), fileName: json[0]!.name, weights });
      },
      async forgetRunModel(runId) {
        const key = runModelKey(runId);
        const had = loaded.has(key);
        loaded.delete(key);
        if (P().modelId === key) {
          seq++;
          patch({ modelId: DEFAULT_MODEL.mnist, answer: null, honesty: null, baseline: null, status: 'idle', answerError: null, modelStatus: 'idle' });
          if (P().image) await get().setPredictModel(DEFAULT_MODEL.mnist);
        }
        if (had && port) await client().unloadModel(key).catch(() => undefined);
      },
      async predictWithRun(runId) {
        get().setView('predict');
        await get().setPredictModel(runModelKey(runId));
      },
      async loadUserModelUrl(url) {
        let parsed: URL;
        try {
          parsed = new URL(url, globalThis.location?.href);
        } catch {
          patch({ userModelStatus: 'error', userModelError: `'${url}' is not a web address.` });
          return;
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
          patch({ userModelStatus: 'error', userModelError: `Models load over http or https, not ${parsed.protocol}` });
          return;
        }
        await loadUser(parsed.pathname.split('/').filter(Boolean).slice(-2).join('/') || parsed.host, { kind: 'url', url: parsed.href });
      },
    };
  };
}
