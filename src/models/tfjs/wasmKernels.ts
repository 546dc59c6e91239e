/**
 * Training kernels for TF.js 4.22's wasm backend composed from kernels it has, so that training stays on XNNPACK's
 * fast paths (BACKENDS.md; the CPU training-speed issue):
 * - `Conv2DBackpropFilter`, which stock wasm lacks (BACKENDS.md gap 1): a convolution of the transposed, padded
 *   input with the transposed output gradient, dilated by the forward stride. atlasKernels.ts replaces it with an
 *   own SIMD kernel once that module is loaded; this one stays for where it cannot be.
 * - `Conv2DBackpropInput`: stock wasm runs it as a scalar loop (2.9 GFLOP/s against 40 for the forward convolution);
 *   here it is an XNNPACK convolution of the (zero-inserted) output gradient with the flipped, transposed filter.
 * - `BatchMatMul` with a transposed operand: stock wasm reaches XNNPACK only without transposes, else a scalar
 *   loop (0.8 GFLOP/s); here the operand is transposed first.
 * - `Identity` (tf.clone, and every tensor a custom gradient saves): stock wasm copies the data; tensors are
 *   immutable, so here the clone shares it, as wasm's Reshape and the cpu backend's Identity do.
 */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;
type Attrs = Record<string, unknown>;
/** What TF.js passes a kernel function. */
export interface KernelArgs {
  inputs: Record<string, Info>;
  backend: tf.KernelBackend;
  attrs?: Attrs;
}
type Conv4 = [number, number, number, number];

/** Calls a kernel function directly, outside the engine (a stock kernel an own one hands a case to). */
export function callKernel(f: tf.KernelFunc, args: KernelArgs): Info {
  return f(args as unknown as Parameters<tf.KernelFunc>[0]) as Info;
}

/** Runs another wasm kernel from inside a kernel (no tape, no engine bookkeeping). */
export function runWasm(name: string, backend: tf.KernelBackend, inputs: Record<string, Info>, attrs: Attrs = {}): Info {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is missing`);
  return callKernel(k.kernelFunc, { inputs, backend, attrs });
}

/**
 * The convolution geometry of a gradient kernel's attributes (NHWC, 'same'/'valid' or explicit padding, no
 * dilation: TF.js has no gradient for dilated convolutions).
 */
export function convInfo(xShape: number[], filterShape: number[], attrs: Attrs, depthwise = false): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') throw new Error('ConvAtlas wasm convolution gradients support NHWC only');
  return tf.backend_util.computeConv2DInfo(
    xShape as Conv4,
    filterShape as Conv4,
    attrs.strides as number | [number, number],
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
}

/** Disposes the temporaries a composed kernel made. */
function scratch(backend: tf.KernelBackend) {
  const temps: Info[] = [];
  return {
    keep: (t: Info) => (temps.push(t), t),
    done: () => temps.forEach((t) => backend.disposeData(t.dataId)),
  };
}

/** The filter gradient dW[kh, kw, ci, co] of an NHWC convolution, from kernels the wasm backend has. */
export function conv2dBackpropFilterComposed(args: KernelArgs): Info {
  const { inputs, backend, attrs = {} } = args;
  const x = inputs.x!;
  const dy = inputs.dy!;
  const filterShape = attrs.filterShape as Conv4;
  const info = convInfo(x.shape, filterShape, attrs);
  const [kh, kw, ci, co] = filterShape;
  const { top, bottom, left, right } = info.padInfo;
  const s = scratch(backend);
  // [N, H, W, Ci] -> [Ci, H + pads, W + pads, N]: channels become the batch, the batch becomes the channels.
  const xT = s.keep(runWasm('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }));
  const xP =
    top + bottom + left + right > 0
      ? s.keep(runWasm('PadV2', backend, { x: xT }, { paddings: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]], constantValue: 0 }))
      : xT;
  // [N, Ho, Wo, Co] -> [Ho, Wo, N, Co]: the output gradient is the filter.
  const dyT = s.keep(runWasm('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));
  const conv = s.keep(
    runWasm('Conv2D', backend, { x: xP, filter: dyT }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth], dimRoundingMode: undefined }),
  );
  // Rows and columns beyond the filter's size come from input pixels no output used: drop them.
  const sliced = conv.shape[1] === kh && conv.shape[2] === kw ? conv : s.keep(runWasm('Slice', backend, { x: conv }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] }));
  const out = runWasm('Transpose', backend, { x: sliced }, { perm: [1, 2, 0, 3] });
  s.done();
  return out;
}

let stockBackpropInput: tf.KernelFunc | undefined;

/**
 * The input gradient of an NHWC convolution as a forward XNNPACK convolution: dy with (stride - 1) zeros inserted
 * between its pixels, padded by (filter - 1 - forward padding), convolved with the filter flipped in space and with
 * its in/out channels swapped.
 */
export function conv2dBackpropInputAsConv(args: KernelArgs): Info {
  const { inputs, backend, attrs = {} } = args;
  const dy = inputs.dy!;
  const filter = inputs.filter!;
  const info = convInfo(attrs.inputShape as number[], filter.shape, attrs);
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw, outChannels: co } = info;
  const padTop = kh - 1 - info.padInfo.top;
  const padLeft = kw - 1 - info.padInfo.left;
  const zh = (ho - 1) * sh + 1;
  const zw = (wo - 1) * sw + 1;
  const padBottom = h + kh - 1 - padTop - zh;
  const padRight = w + kw - 1 - padLeft - zw;
  // Padding larger than the filter (explicit pads TF.js allows) would need a crop: the stock kernel handles it.
  if (Math.min(padTop, padLeft, padBottom, padRight) < 0) return callKernel(stockBackpropInput!, args);
  const s = scratch(backend);
  let z = dy;
  if (sh > 1 || sw > 1) {
    // Zero insertion: [N, Ho, 1, Wo, 1, Co] padded to [N, Ho, sh, Wo, sw, Co], the trailing zeros sliced off.
    const r = s.keep(runWasm('Reshape', backend, { x: dy }, { shape: [n, ho, 1, wo, 1, co] }));
    const p = s.keep(runWasm('PadV2', backend, { x: r }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 }));
    const r2 = s.keep(runWasm('Reshape', backend, { x: p }, { shape: [n, ho * sh, wo * sw, co] }));
    z = s.keep(runWasm('Slice', backend, { x: r2 }, { begin: [0, 0, 0, 0], size: [n, zh, zw, co] }));
  }
  const flipped = s.keep(runWasm('Reverse', backend, { x: filter }, { dims: [0, 1] }));
  const swapped = s.keep(runWasm('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] }));
  const out = runWasm(
    'Conv2D',
    backend,
    { x: z, filter: swapped },
    { strides: [1, 1], pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
  );
  s.done();
  return out;
}

let stockBatchMatMul: tf.KernelFunc | undefined;

/** BatchMatMul whose transposed operands are transposed first, so the product takes XNNPACK's path. */
export function batchMatMulNoTranspose(args: KernelArgs): Info {
  const { inputs, backend, attrs = {} } = args;
  let a = inputs.a!;
  let b = inputs.b!;
  const s = scratch(backend);
  const swapLast = (t: Info) => {
    const p = t.shape.map((_, i) => i);
    const r = p.length;
    [p[r - 2], p[r - 1]] = [p[r - 1]!, p[r - 2]!];
    return s.keep(runWasm('Transpose', backend, { x: t }, { perm: p }));
  };
  if (attrs.transposeA) a = swapLast(a);
  if (attrs.transposeB) b = swapLast(b);
  const out = callKernel(stockBatchMatMul!, { inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  s.done();
  return out;
}

/** A clone that shares its input's data (reference counted). */
export function identityShared(args: KernelArgs): Info {
  const x = args.inputs.x!;
  if (x.dtype === 'string') return callKernel(stockIdentity!, args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let stockIdentity: tf.KernelFunc | undefined;

/**
 * Replaces (or adds) a wasm kernel, returning the one it replaced; the replaced kernel's setup (which binds its wasm
 * function when the backend starts) stays, since the new kernel may call it.
 */
export function replaceWasmKernel(kernelName: string, kernelFunc: (args: KernelArgs) => Info): tf.KernelFunc | undefined {
  const old = tf.getKernel(kernelName, 'wasm');
  if (old) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc, ...(old?.setupFunc ? { setupFunc: old.setupFunc } : {}) });
  return old?.kernelFunc;
}

let registered = false;

/** Registers the composed training kernels on the wasm backend (idempotent); call before training on wasm. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  if (!tf.getKernel('Conv2DBackpropInput', 'wasm')) throw new Error("import '@tensorflow/tfjs-backend-wasm' before registering ConvAtlas's wasm kernels");
  registered = true;
  replaceWasmKernel('Conv2DBackpropFilter', conv2dBackpropFilterComposed);
  stockBackpropInput = replaceWasmKernel('Conv2DBackpropInput', conv2dBackpropInputAsConv);
  stockBatchMatMul = replaceWasmKernel('BatchMatMul', batchMatMulNoTranspose);
  stockIdentity = replaceWasmKernel('Identity', identityShared);
}
