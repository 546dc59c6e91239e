/**
 * The prediction worker's entry: a thin exhaustive switch over predictProtocol. It owns its own TF.js backend and
 * the loaded models (shipped ones by URL, the user's from files or a URL).
 */
import { selectBackend } from './backend';
import type { PredictFromWorker, PredictToWorker } from './predictProtocol';
import { insideBuffers } from './inside';
import { fetchModelFiles, Predictor } from './predictor';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: PredictFromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
const predictor = new Predictor();

async function handle(msg: PredictToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      post({ type: 'backend', requestId: msg.requestId, report: await selectBackend(msg.backend) });
      return;
    case 'loadModel': {
      const s = msg.source;
      const { modelJson, fileName, files } =
        s.kind === 'url' ? await fetchModelFiles(s.url) : { modelJson: s.modelJson, fileName: s.fileName, files: new Map(s.weights.map((w) => [w.name, w.data])) };
      const info = await predictor.load(msg.key, modelJson, fileName, files);
      post({ type: 'modelLoaded', requestId: msg.requestId, info });
      return;
    }
    case 'predict': {
      const prediction = await predictor.predict(msg.key, msg.input, msg.count, msg.shape);
      post({ type: 'predicted', requestId: msg.requestId, prediction }, prediction.logits ? [prediction.probs.buffer, prediction.logits.buffer] : [prediction.probs.buffer]);
      return;
    }
    case 'inside': {
      const inside = await predictor.inside(msg.key, msg.input, msg.shape, msg.options);
      post({ type: 'insideResult', requestId: msg.requestId, inside }, insideBuffers(inside));
      return;
    }
    case 'unloadModel':
      predictor.unload(msg.key);
      post({ type: 'ok', requestId: msg.requestId });
      return;
    case 'cancel':
      // Loads, predictions and inside views are short; a cancelled one's answer is dropped by the client.
      return;
    default: {
      const never: never = msg;
      throw new Error(`Unknown message ${JSON.stringify(never)}`);
    }
  }
}

scope.onmessage = (e: MessageEvent<PredictToWorker>) => {
  handle(e.data).catch((err) => {
    const message = err instanceof Error ? err.message : String(err);
    post({ type: 'error', requestId: e.data.requestId, message, deviceLost: /device (was )?lost|GPUDevice|context lost/i.test(message) });
  });
};
