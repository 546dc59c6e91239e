/**
 * ConvAtlas's own WebAssembly SIMD training kernels (kernels/atlas.c, built by `npm run build:wasm`), registered on
 * TF.js's wasm backend. The module imports the backend's own WebAssembly.Memory, so a kernel reads and writes
 * tensors where TF.js keeps them: no copy in or out. Registers:
 * - `Conv2DBackpropFilter`: the filter gradient accumulated in register tiles (replaces the composed kernel,
 *   whose transposes and dilated convolution ran at a third of XNNPACK's speed);
 * - `Conv2DBackpropInput`: the output gradient scattered through the filter in register tiles, with no zeros
 *   inserted for strides above 1 (replaces the composed transposed convolution);
 * - `AtlasBatchNormForward` / `AtlasBatchNormBackward`: batch norm in training and its closed-form gradient
 *   (batchNorm.ts), two and two passes over the activations instead of ~25 full-size element-wise ops;
 * - `DepthwiseConv2dNativeBackpropFilter` / `...BackpropInput`, which stock wasm lacks: without them no network
 *   with a depthwise convolution (MobileNet's building block) trains on wasm at all;
 * - `MaxPoolGrad`: four channels at a time (stock wasm's scalar loop was a quarter of LeNet-5's step);
 * - `PadV2` and `Slice` of NHWC tensors in height and width (explicit padding and its gradient), row by row;
 * - `AtlasAdam`: one Adam step of one variable (adam.ts), one pass instead of eleven kernels.
 * The forward convolution stays XNNPACK's: an own one with these tiles measured no faster on the small ResNet and
 * 3.7x slower on LeNet-5's one-channel first layer.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_KERNEL } from './adam';
import { callKernel, convInfo, replaceWasmKernel, type KernelArgs } from './wasmKernels';

/** The kernel names batchNorm.ts runs when the current backend has them. */
export const BN_FORWARD = 'AtlasBatchNormForward';
/** See BN_FORWARD. */
export const BN_BACKWARD = 'AtlasBatchNormBackward';

interface AtlasExports {
  conv2d_backprop_filter(x: number, dy: number, dw: number, h: number, w: number, ci: number, ho: number, wo: number, co: number, kh: number, kw: number, sh: number, sw: number, top: number, left: number, b0: number, b1: number): void;
  conv2d_backprop_input(dy: number, filter: number, dx: number, h: number, w: number, ci: number, ho: number, wo: number, co: number, kh: number, kw: number, sh: number, sw: number, top: number, left: number, scratch: number, b0: number, b1: number): void;
  batch_norm_forward(x: number, gamma: number, beta: number, eps: number, p: number, c: number, y: number, mean: number, variance: number, scratch: number): void;
  batch_norm_backward(x: number, dy: number, mean: number, variance: number, gamma: number, eps: number, p: number, c: number, dx: number, dgamma: number, dbeta: number, scratch: number): void;
  max_pool_grad(x: number, dy: number, dx: number, n: number, h: number, w: number, c: number, ho: number, wo: number, kh: number, kw: number, sh: number, sw: number, top: number, left: number): void;
  pad_hw(x: number, y: number, n: number, h: number, w: number, c: number, top: number, bottom: number, left: number, right: number, value: number): void;
  crop_hw(x: number, y: number, n: number, h: number, w: number, c: number, top: number, left: number, oh: number, ow: number): void;
  adam_update(w: number, g: number, m: number, v: number, wo: number, mo: number, vo: number, n: number, b1: number, b1c: number, b2: number, b2c: number, c1: number, c2: number, nlr: number, eps: number): void;
  depthwise_backprop_filter(x: number, dy: number, dw: number, n: number, h: number, w: number, c: number, m: number, ho: number, wo: number, kh: number, kw: number, sh: number, sw: number, top: number, left: number): void;
  depthwise_backprop_input(dy: number, filter: number, dx: number, n: number, h: number, w: number, c: number, m: number, ho: number, wo: number, kh: number, kw: number, sh: number, sw: number, top: number, left: number): void;
}

/** The parts of tfjs-backend-wasm's BackendWasm the kernels use. */
interface WasmBackend extends tf.KernelBackend {
  wasm: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory; _malloc(n: number): number; _free(p: number): void };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: object): number;
}

let atlas: AtlasExports | null = null;
/** Stock kernels the own ones hand unusual cases to. */
const stock: Record<string, tf.KernelFunc | undefined> = {};

/** Whether the own kernels are loaded (the backend panel and the benchmarks say which kernels ran). */
export function atlasKernelsLoaded(): boolean {
  return atlas !== null;
}

function ptr(backend: WasmBackend, t: tf.TensorInfo): number {
  if (t.dtype !== 'float32') throw new Error(`ConvAtlas wasm kernels take float32 tensors, not ${t.dtype}`);
  return backend.getMemoryOffset(t.dataId);
}

/** A convolution's geometry as atlas.c's convolution kernels take it. */
export function convArgs(i: tf.backend_util.Conv2DInfo): [number, number, number, number, number, number, number, number, number, number, number, number] {
  return [i.inHeight, i.inWidth, i.inChannels, i.outHeight, i.outWidth, i.outChannels, i.filterHeight, i.filterWidth, i.strideHeight, i.strideWidth, i.padInfo.top, i.padInfo.left];
}

function backpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs ?? {};
  const filterShape = attrs.filterShape as [number, number, number, number];
  const i = convInfo(x.shape, filterShape, attrs);
  const out = backend.makeOutput(filterShape, 'float32');
  atlas!.conv2d_backprop_filter(ptr(backend, x), ptr(backend, dy), ptr(backend, out), ...convArgs(i), 0, i.batchSize);
  return out;
}

function backpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = args.attrs!.inputShape as number[];
  const i = convInfo(inputShape, filter.shape, args.attrs!);
  const out = backend.makeOutput(inputShape, 'float32');
  // the filter transposed to [kh, kw, co, ci]
  withScratch(backend, tf.util.sizeFromShape(filter.shape) * 4, (s) =>
    atlas!.conv2d_backprop_input(ptr(backend, dy), ptr(backend, filter), ptr(backend, out), ...convArgs(i), s, 0, i.batchSize),
  );
  return out;
}

function depthwiseFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = args.attrs!.filterShape as [number, number, number, number];
  const i = convInfo(x.shape, filterShape, args.attrs!, true);
  const out = backend.makeOutput(filterShape, 'float32');
  atlas!.depthwise_backprop_filter(
    ptr(backend, x), ptr(backend, dy), ptr(backend, out),
    i.batchSize, i.inHeight, i.inWidth, i.inChannels, filterShape[3], i.outHeight, i.outWidth,
    i.filterHeight, i.filterWidth, i.strideHeight, i.strideWidth, i.padInfo.top, i.padInfo.left,
  );
  return out;
}

function depthwiseInput(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = args.attrs!.inputShape as number[];
  const i = convInfo(inputShape, filter.shape, args.attrs!, true);
  const out = backend.makeOutput(inputShape, 'float32');
  atlas!.depthwise_backprop_input(
    ptr(backend, dy), ptr(backend, filter), ptr(backend, out),
    i.batchSize, i.inHeight, i.inWidth, i.inChannels, filter.shape[3]!, i.outHeight, i.outWidth,
    i.filterHeight, i.filterWidth, i.strideHeight, i.strideWidth, i.padInfo.top, i.padInfo.left,
  );
  return out;
}

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const a = args.attrs!;
  const i = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    a.filterSize as [number, number],
    a.strides as [number, number],
    1,
    a.pad as 'same' | 'valid' | number,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const out = backend.makeOutput(input.shape, 'float32');
  atlas!.max_pool_grad(
    ptr(backend, input), ptr(backend, dy), ptr(backend, out),
    i.batchSize, i.inHeight, i.inWidth, i.inChannels, i.outHeight, i.outWidth,
    i.filterHeight, i.filterWidth, i.strideHeight, i.strideWidth, i.padInfo.top, i.padInfo.left,
  );
  return out;
}

/** PadV2 in height and width of a rank-4 float32 tensor; anything else goes to the stock kernel. */
function padV2(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = args.inputs.x!;
  const p = (args.attrs!.paddings as [number, number][]).flat();
  // [[batch], [height], [width], [channels]]: only height and width padded
  if (x.shape.length !== 4 || x.dtype !== 'float32' || p.length !== 8 || p[0] || p[1] || p[6] || p[7]) return callKernel(stock.PadV2!, args);
  const [top, bottom, left, right] = p.slice(2, 6) as [number, number, number, number];
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out = backend.makeOutput([n, h + top + bottom, w + left + right, c], 'float32');
  atlas!.pad_hw(ptr(backend, x), ptr(backend, out), n, h, w, c, top, bottom, left, right, (args.attrs!.constantValue as number) ?? 0);
  return out;
}

/** Slice in height and width of a rank-4 float32 tensor; anything else goes to the stock kernel. */
function slice(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const x = args.inputs.x!;
  const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, args.attrs!.begin as number[], args.attrs!.size as number[]) as [number[], number[]];
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (x.shape.length !== 4 || x.dtype !== 'float32' || begin[0] !== 0 || begin[3] !== 0 || size[0] !== n || size[3] !== c) {
    return callKernel(stock.Slice!, args);
  }
  const out = backend.makeOutput(size, 'float32');
  atlas!.crop_hw(ptr(backend, x), ptr(backend, out), n, h, w, c, begin[1]!, begin[2]!, size[1]!, size[2]!);
  return out;
}

function adam(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { w, g, m, v } = args.inputs as Record<'w' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const a = args.attrs as Record<string, number>;
  const [wo, mo, vo] = [w, m, v].map((t) => backend.makeOutput(t.shape, 'float32')) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  atlas!.adam_update(
    ptr(backend, w), ptr(backend, g), ptr(backend, m), ptr(backend, v), ptr(backend, wo), ptr(backend, mo), ptr(backend, vo), tf.util.sizeFromShape(w.shape),
    a.beta1!, a.oneMinusBeta1!, a.beta2!, a.oneMinusBeta2!, a.c1!, a.c2!, a.negLearningRate!, a.epsilon!,
  );
  return [wo, mo, vo];
}

/** Scratch memory in TF.js's heap for the length of one kernel call. */
function withScratch<T>(backend: WasmBackend, bytes: number, f: (p: number) => T): T {
  const p = backend.wasm._malloc(bytes);
  try {
    return f(p);
  } finally {
    backend.wasm._free(p);
  }
}

function bnForward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const c = x.shape[x.shape.length - 1]!;
  const y = backend.makeOutput(x.shape, 'float32');
  const mean = backend.makeOutput([c], 'float32');
  const variance = backend.makeOutput([c], 'float32');
  // 2 float64 and 2 float32 values a channel
  withScratch(backend, c * 24, (s) =>
    atlas!.batch_norm_forward(ptr(backend, x), ptr(backend, gamma), ptr(backend, beta), args.attrs!.epsilon as number, tf.util.sizeFromShape(x.shape) / c, c, ptr(backend, y), ptr(backend, mean), ptr(backend, variance), s),
  );
  return [y, mean, variance];
}

function bnBackward(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmBackend;
  const { x, dy, mean, variance, gamma } = args.inputs as Record<'x' | 'dy' | 'mean' | 'variance' | 'gamma', tf.TensorInfo>;
  const c = x.shape[x.shape.length - 1]!;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dgamma = backend.makeOutput([c], 'float32');
  const dbeta = backend.makeOutput([c], 'float32');
  withScratch(backend, c * 24, (s) =>
    atlas!.batch_norm_backward(
      ptr(backend, x), ptr(backend, dy), ptr(backend, mean), ptr(backend, variance), ptr(backend, gamma), args.attrs!.epsilon as number,
      tf.util.sizeFromShape(x.shape) / c, c, ptr(backend, dx), ptr(backend, dgamma), ptr(backend, dbeta), s,
    ),
  );
  return [dx, dgamma, dbeta];
}

let installing: Promise<string | null> | null = null;

/**
 * Instantiates atlas.wasm against the running wasm backend's memory and registers its kernels. Call once the wasm
 * backend is ready (tf.setBackend('wasm') resolved); `bytes` is atlas.wasm, read by the caller (fetched in the
 * browser, read from disk in Node). Resolves with null when loaded, else with why not (the composed kernels of
 * wasmKernels.ts then stay in place).
 */
export function installAtlasKernels(bytes: BufferSource): Promise<string | null> {
  // Once: a second call (while the first instantiates, or after) gets the first one's answer.
  installing ??= install(bytes);
  return installing;
}


async function install(bytes: BufferSource): Promise<string | null> {
  const backend = tf.findBackend('wasm') as WasmBackend | null;
  const memory = backend?.wasm.asm?.memory ?? backend?.wasm.wasmMemory;
  if (!backend || !memory) return 'the TF.js wasm backend is not running';
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return "TF.js runs its threaded wasm build, whose shared memory ConvAtlas's kernels do not import";
  try {
    const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
    atlas = instance.exports as unknown as AtlasExports;
  } catch (e) {
    return `ConvAtlas's SIMD kernels could not start (${(e as Error).message})`;
  }
  replaceWasmKernel('Conv2DBackpropFilter', backpropFilter);
  replaceWasmKernel('Conv2DBackpropInput', backpropInput);
  replaceWasmKernel(BN_FORWARD, bnForward as unknown as (a: KernelArgs) => tf.TensorInfo);
  replaceWasmKernel(BN_BACKWARD, bnBackward as unknown as (a: KernelArgs) => tf.TensorInfo);
  replaceWasmKernel('DepthwiseConv2dNativeBackpropFilter', depthwiseFilter);
  replaceWasmKernel('DepthwiseConv2dNativeBackpropInput', depthwiseInput);
  replaceWasmKernel('MaxPoolGrad', maxPoolGrad);
  stock.PadV2 = replaceWasmKernel('PadV2', padV2);
  stock.Slice = replaceWasmKernel('Slice', slice);
  replaceWasmKernel(ADAM_KERNEL, adam as unknown as (a: KernelArgs) => tf.TensorInfo);
  return null;
}
