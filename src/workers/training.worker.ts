/**
 * The training worker's entry: a thin exhaustive switch over the protocol. It owns the TF.js backend, the loaded
 * dataset and the running trainer; it posts per-batch deltas, never the history, and writes a checkpoint to
 * IndexedDB after every epoch.
 */
import { type BatchFeed, inThreadFeed, portFeed, type ProducerSetup } from '../data/augment/stream';
import { DATASETS } from '../data/datasets';
import { cachedFetch } from '../data/cache';
import { loadDataset, type LoadedDataset } from '../data/load';
import { selectBackend } from './backend';
import { loadCheckpoint, saveCheckpoint } from './checkpoints';
import { configData, runTraining, type BatchSource } from '../training/runTraining';
import { TrainControl, Trainer, type TrainStart } from '../training/trainer';
import { manifestWeights } from '../models/weights';
import { indexedDbFeatureCache } from './featureCache';
import { ownData } from '../data/tasks';
import type { AugmentWorkerStart } from './augment.worker';
import type { FromWorker, ToWorker, TrainConfig } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

let data: LoadedDataset | null = null;
/** The limits the loaded data was read with, so a run never trains on another subset than it asked for. */
let dataLimits = '';
let latestLoad = 0;
const controls = new Map<number, TrainControl>();
const loads = new Map<number, AbortController>();

function fail(requestId: number, e: unknown) {
  const message = e instanceof Error ? e.message : String(e);
  post({ type: 'error', requestId, message, deviceLost: /device (was )?lost|GPUDevice|context lost/i.test(message) });
}

/**
 * A second worker making the run's augmented batches: it gets a copy of the training images and one end of a
 * MessageChannel, and is terminated when the feed closes. It is cheap enough (its elastic fields made once per
 * run) that the convolution kernels keep all their threads.
 */
function augmentationWorker(setup: ProducerSetup): BatchFeed {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./augment.worker.ts', import.meta.url), { type: 'module', name: 'convatlas-augmentation' });
  } catch {
    // A browser without workers inside workers: augment in this thread rather than not train.
    return inThreadFeed(setup);
  }
  const channel = new MessageChannel();
  const feed = portFeed(channel.port2);
  worker.onerror = (e) => {
    // Handled here: it must not propagate to the page as this worker's own error.
    e.preventDefault();
    feed.fail(e.message || 'it could not start');
  };
  worker.postMessage({ port: channel.port1, setup } satisfies AugmentWorkerStart, [channel.port1]);
  return {
    ...feed,
    close() {
      feed.close();
      worker.terminate();
    },
  };
}

/** The loaded data as a batch source for a config (which must ask for what is loaded). */
function sourceFor(config: TrainConfig): BatchSource {
  // A run on the user's own examples carries its data.
  if (config.own) return { ...ownData(config.own, config.seed ?? 0), augmenter: augmentationWorker };
  const want = `${config.trainLimit ?? 'all'}/${config.testLimit ?? 'all'}`;
  if (!data || data.id !== config.datasetId || dataLimits !== want) throw new Error(`Load ${DATASETS[config.datasetId].name} (${want}) before training on it`);
  return { ...configData(config, data.train, data.test, DATASETS[data.id].classes.length), augmenter: augmentationWorker };
}

/** What a run starts from: the pretrained weights the page sent (transfer runs), and the feature cache. */
function startOf(msg: Extract<ToWorker, { type: 'train' }>): TrainStart {
  return { ...(msg.pretrained ? { pretrained: manifestWeights(msg.pretrained.modelJson, msg.pretrained.weights) } : {}), featureCache: indexedDbFeatureCache };
}

async function profile(requestId: number, config: TrainConfig) {
  if (controls.size > 0) throw new Error('A run is training: stop it (or let it finish) before profiling a step');
  const s = sourceFor(config);
  const trainer = new Trainer(config, s.train, s.test, s.classes);
  try {
    post({ type: 'profiled', requestId, profile: await trainer.profileOneStep() });
  } finally {
    trainer.dispose();
  }
}

async function train(requestId: number, msg: Extract<ToWorker, { type: 'train' }>) {
  const source = sourceFor(msg.config);
  const control = new TrainControl();
  controls.set(requestId, control);
  try {
    await runTraining(requestId, msg.config, msg.resume, source, control, post, { load: loadCheckpoint, save: saveCheckpoint }, startOf(msg));
  } finally {
    controls.delete(requestId);
  }
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      post({ type: 'backend', requestId: msg.requestId, report: await selectBackend(msg.backend, true) });
      return;
    case 'load': {
      // A newer load replaces any older one still streaming.
      for (const a of loads.values()) a.abort();
      const abort = new AbortController();
      loads.set(msg.requestId, abort);
      latestLoad = msg.requestId;
      try {
        data = null;
        const d = await loadDataset(msg.dataset, msg.files, {
          fetcher: cachedFetch,
          ...(msg.trainLimit !== undefined ? { trainLimit: msg.trainLimit } : {}),
          ...(msg.testLimit !== undefined ? { testLimit: msg.testLimit } : {}),
          signal: abort.signal,
          onProgress: (p) => post({ type: 'loadProgress', requestId: msg.requestId, loaded: p.loaded, total: p.total }),
        });
        if (latestLoad !== msg.requestId) throw new DOMException('A newer dataset load replaced this one', 'AbortError');
        data = d;
        dataLimits = `${msg.trainLimit ?? 'all'}/${msg.testLimit ?? 'all'}`;
        const [h, w, c] = d.train.shape;
        const n = Math.min(msg.sampleCount, d.train.count);
        const samples = d.train.images.slice(0, n * h * w * c);
        const sampleLabels = d.train.labels.slice(0, n);
        post({ type: 'loaded', requestId: msg.requestId, dataset: d.id, trainCount: d.train.count, testCount: d.test.count, samples, sampleLabels }, [samples.buffer, sampleLabels.buffer]);
      } finally {
        loads.delete(msg.requestId);
      }
      return;
    }
    case 'train':
      return train(msg.requestId, msg);
    case 'profile':
      return profile(msg.requestId, msg.config);
    case 'control': {
      const c = controls.get(msg.target);
      if (c) {
        if (msg.action === 'pause') c.pause();
        else if (msg.action === 'resume') c.resume();
        else c.stop();
        if (msg.action !== 'stop') post({ type: 'paused', requestId: msg.target, paused: c.isPaused });
      }
      post({ type: 'ok', requestId: msg.requestId });
      return;
    }
    case 'cancel':
      controls.get(msg.target)?.stop();
      loads.get(msg.target)?.abort();
      return;
    default: {
      const never: never = msg;
      throw new Error(`Unknown message ${JSON.stringify(never)}`);
    }
  }
}

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  handle(e.data).catch((err) => fail(e.data.requestId, err));
};
