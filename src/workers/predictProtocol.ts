/**
 * The prediction worker's protocol (a second worker, so a prediction never waits behind a training batch): load
 * a TF.js layers model by URL or from the user's files, predict a batch of prepared inputs with it, unload it.
 * Inputs and probabilities are transferred, never copied.
 */
import type { BackendChoice, BackendReport } from './protocol';

/** Where a model comes from: a URL to its model.json (weights beside it), or the files the user picked. */
export type ModelSource =
  | { kind: 'url'; url: string }
  | { kind: 'files'; modelJson: string; fileName: string; weights: { name: string; data: ArrayBuffer }[] };

export interface LoadedModelInfo {
  key: string;
  /** Input shape without the batch dimension; null where the model leaves a size open. */
  inputShape: (number | null)[];
  /** Units of the (first) output. */
  outputUnits: number;
  params: number;
  weightBytes: number;
  /** The model.json text, so the main thread can analyse the topology with the engine. */
  modelJson: string;
  /** Whether the last layer applies softmax (else the worker applies it to the outputs). */
  softmaxOutput: boolean;
  loadMs: number;
}

export interface Prediction {
  /** count x classes probabilities, row-major. */
  probs: Float32Array;
  count: number;
  classes: number;
  /** Wall time of the forward pass (data upload to probabilities read back). */
  ms: number;
}

export type PredictToWorker =
  | { type: 'init'; requestId: number; backend: BackendChoice }
  | { type: 'loadModel'; requestId: number; key: string; source: ModelSource }
  | { type: 'predict'; requestId: number; key: string; input: Float32Array; count: number; shape: [number, number, number] }
  | { type: 'unloadModel'; requestId: number; key: string }
  | { type: 'cancel'; requestId: number; target: number };

export type PredictFromWorker =
  | { type: 'backend'; requestId: number; report: BackendReport }
  | { type: 'modelLoaded'; requestId: number; info: LoadedModelInfo }
  | { type: 'predicted'; requestId: number; prediction: Prediction }
  | { type: 'ok'; requestId: number }
  | { type: 'error'; requestId: number; message: string; deviceLost?: boolean };
