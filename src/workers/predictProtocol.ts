/**
 * The prediction worker's protocol (a second worker, so a prediction never waits behind a training batch): load
 * a TF.js layers model by URL or from the user's files, predict a batch of prepared inputs with it, look inside it
 * for one input (every layer's output, filters, Grad-CAM, one convolution output worked out), unload it.
 * Inputs, probabilities and the inside view's values are transferred, never copied.
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
  /**
   * count x classes scores before softmax (the logits), row-major, where the model's last step is a softmax the
   * worker can take apart (a softmax dense layer, a Softmax layer, or raw scores); null where it cannot.
   */
  logits: Float32Array | null;
  count: number;
  classes: number;
  /** Wall time of the forward pass (data upload to probabilities read back). */
  ms: number;
}

/**
 * Which positions of a layer's input its output positions read (receptive fields are traced back through these):
 * a window (convolution, pooling: output row i reads rows i*stride - pad ... i*stride - pad + (kernel-1)*dilation),
 * a shift (zero padding: negative; cropping: positive), pointwise (same position: activations, batch norm, add,
 * concatenate), or none that can be traced (flatten, dense, global pooling, layers ConvAtlas does not know).
 */
export type LayerGeometry =
  | { kind: 'window'; kernel: [number, number]; strides: [number, number]; dilation: [number, number]; pad: [number, number]; padding: 'valid' | 'same' | 'explicit' }
  | { kind: 'shift'; offset: [number, number] }
  | { kind: 'pointwise' }
  | { kind: 'opaque' };

/** One layer of the inside view: what it is, what it reads, and its output for the image. */
export interface InsideLayer {
  name: string;
  className: string;
  /** In a few words: "5x5 conv, 6 filters, stride 1, valid, relu". */
  what: string;
  /** Names of the layers it reads (none for the input). */
  inputs: string[];
  /** Output shape without the batch: [height, width, channels] for feature maps, [units] for a vector. */
  shape: number[];
  geometry: LayerGeometry;
  /** Maps channel after channel (each height x width, row-major) for the first `maps` channels, or the vector; null past the size budget. */
  values: Float32Array | null;
  /** Channels whose maps `values` holds (0 for a vector). */
  maps: number;
}

/** An output position of a layer: row, column and channel (map). */
export interface InsideProbe {
  layer: string;
  y: number;
  x: number;
  channel: number;
}

/** The numbers behind one convolution output: its input patch, the filter, the bias and the activation. */
export interface WorkedValue {
  probe: InsideProbe;
  /** The layer the convolution reads. */
  inputLayer: string;
  kernelSize: [number, number];
  /** Input channels (the filter's depth). */
  channels: number;
  /** Input row and column under the kernel's first tap (negative on 'same' padding), and the step between taps. */
  origin: [number, number];
  dilation: [number, number];
  /** The input under the kernel, [row][column][channel]; 0 where the tap lies on padding. */
  patch: Float32Array;
  /** 1 where a tap (row, column) lies on 'same' padding, outside the input. */
  padded: Uint8Array;
  /** The filter's weights, [row][column][channel]. */
  kernel: Float32Array;
  bias: number | null;
  activation: string;
  /** The layer's output at the position, as TF.js computed it. */
  value: number;
}

/** Grad-CAM (Selvaraju et al. 2017) for one class at one layer: ReLU of the maps weighted by the class's mean gradient. */
export interface GradCam {
  layer: string;
  classIndex: number;
  /** What was differentiated: the class's score before softmax, or its probability where softmax cannot be taken apart. */
  target: 'score' | 'probability';
  height: number;
  width: number;
  /** height x width, row-major, >= 0. */
  map: Float32Array;
}

/** A convolution's learned filters, as TF.js stores them: [row][column][input channel][filter]. */
export interface LayerFilters {
  layer: string;
  kernelSize: [number, number];
  channels: number;
  count: number;
  weights: Float32Array;
  bias: Float32Array | null;
}

/** What a request for the inside view asks besides the layer outputs. */
export interface InsideOptions {
  /** A convolution output to work out (ignored for other layers). */
  probe: InsideProbe | null;
  /** Grad-CAM's class (null: the predicted one). */
  camClass: number | null;
}

/** The inside view of a model for one input. */
export interface InsideResult {
  key: string;
  /** The input first, then every layer in the order the model runs them. */
  layers: InsideLayer[];
  /** The first convolution's filters (null without one). */
  filters: LayerFilters | null;
  /** Grad-CAM at the last convolutional layer, or why there is none. */
  cam: GradCam | { note: string };
  worked: WorkedValue | null;
  /** Wall time in the worker, input upload to the last value read. */
  ms: number;
}

export type PredictToWorker =
  | { type: 'init'; requestId: number; backend: BackendChoice }
  | { type: 'loadModel'; requestId: number; key: string; source: ModelSource }
  | { type: 'predict'; requestId: number; key: string; input: Float32Array; count: number; shape: [number, number, number] }
  | { type: 'inside'; requestId: number; key: string; input: Float32Array; shape: [number, number, number]; options: InsideOptions }
  | { type: 'unloadModel'; requestId: number; key: string }
  | { type: 'cancel'; requestId: number; target: number };

export type PredictFromWorker =
  | { type: 'backend'; requestId: number; report: BackendReport }
  | { type: 'modelLoaded'; requestId: number; info: LoadedModelInfo }
  | { type: 'predicted'; requestId: number; prediction: Prediction }
  | { type: 'insideResult'; requestId: number; inside: InsideResult }
  | { type: 'ok'; requestId: number }
  | { type: 'error'; requestId: number; message: string; deviceLost?: boolean };
