/**
 * Kernels stock TF.js 4.22 lacks on its wasm backend (BACKENDS.md gap 1). `Conv2DBackpropFilter` (the filter
 * gradient of a convolution) is built from kernels wasm has: the gradient is a convolution of the transposed,
 * padded input with the transposed output gradient, dilated by the forward stride.
 */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;
type Attrs = Record<string, unknown>;

function run(name: string, backend: tf.KernelBackend, inputs: Record<string, Info>, attrs: Attrs): Info {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is missing`);
  return k.kernelFunc({ inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0]) as Info;
}

/** The filter gradient dW[kh, kw, ci, co] of an NHWC convolution, from kernels the wasm backend has. */
export function conv2dBackpropFilterWasm(args: { inputs: Record<string, Info>; backend: tf.KernelBackend; attrs?: Attrs }): Info {
  const { inputs, backend, attrs = {} } = args;
  const x = inputs.x!;
  const dy = inputs.dy!;
  const filterShape = attrs.filterShape as [number, number, number, number];
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const strides = attrs.strides as number | [number, number];
  const pad = attrs.pad as 'same' | 'valid';
  // build.ts only emits 'same' and 'valid' (explicit padding becomes a ZeroPadding2D layer).
  if (pad !== 'same' && pad !== 'valid') throw new Error(`Conv2DBackpropFilter on wasm supports 'same' and 'valid' padding, not ${JSON.stringify(pad)}`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const [kh, kw, ci, co] = filterShape;
  const { top, bottom, left, right } = info.padInfo;
  const temps: Info[] = [];
  const keep = (t: Info) => (temps.push(t), t);
  // [N, H, W, Ci] -> [Ci, H + pads, W + pads, N]: channels become the batch, the batch becomes the channels.
  const xT = keep(run('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }));
  const xP =
    top + bottom + left + right > 0
      ? keep(run('PadV2', backend, { x: xT }, { paddings: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]], constantValue: 0 }))
      : xT;
  // [N, Ho, Wo, Co] -> [Ho, Wo, N, Co]: the output gradient is the filter.
  const dyT = keep(run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));
  const conv = keep(
    run('Conv2D', backend, { x: xP, filter: dyT }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth], dimRoundingMode: undefined }),
  );
  // Rows and columns beyond the filter's size come from input pixels no output used: drop them.
  const sliced = conv.shape[1] === kh && conv.shape[2] === kw ? conv : keep(run('Slice', backend, { x: conv }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] }));
  const out = run('Transpose', backend, { x: sliced }, { perm: [1, 2, 0, 3] });
  for (const t of temps) backend.disposeData(t.dataId);
  return out;
}

let registered = false;

/** Registers the wasm kernels TF.js lacks (idempotent); call before training on the wasm backend. */
export function registerWasmTrainingKernels(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    registered = true;
    return;
  }
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterWasm as unknown as tf.KernelFunc });
  registered = true;
}
