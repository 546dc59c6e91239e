/**
 * ConvAtlas's kernels on several cores: atlas-mt.wasm (the same atlas.c, built for a shared memory) instantiated on
 * this thread and in kernel threads (kernels/atlasHelper.mjs), all on one shared WebAssembly.Memory. A convolution,
 * its input gradient and its filter gradient split the batch between the threads: the inputs are copied from
 * TF.js's heap into the shared one, every thread runs its part (this one too), the result is copied back (the
 * filter gradient as the sum of one partial per thread). Threads wait for jobs with Atomics.wait on a control block
 * at the start of the shared memory (its layout: atlasHelper.mjs). TF.js's own kernels stay on one thread.
 *
 * Needs SharedArrayBuffer: in a browser, a cross-origin-isolated page (COOP/COEP headers) and a worker, since the
 * calling thread blocks in Atomics.wait while the others finish.
 */
import * as tf from '@tensorflow/tfjs';
import { convArgs } from './atlasKernels';
import { callKernel, convInfo, replaceWasmKernel, type KernelArgs } from './wasmKernels';

/** A kernel thread as the runtime makes it (a Worker, or Node's worker_threads Worker). */
export interface KernelThread {
  postMessage(message: unknown): void;
  terminate(): void | Promise<number>;
}

interface WasmBackend extends tf.KernelBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

type Kernel = (...args: number[]) => void;

/** The kernels threads run, by index (the control block names a kernel by its place here). */
const NAMES = ['conv2d_forward', 'conv2d_backprop_input', 'conv2d_backprop_filter'] as const;
const CTRL_WORDS = 256;
const HEAP_START = CTRL_WORDS * 4;
const WAIT_MS = 20_000;
/** The shared memory's maximum: 2 GiB (atlas-mt.wasm is linked with --max-memory=2147483648). */
const MAX_PAGES = 32768;

interface Pool {
  kernels: Record<(typeof NAMES)[number], Kernel>;
  memory: WebAssembly.Memory;
  ctrl: Int32Array;
  threads: KernelThread[];
  /** Threads a kernel uses now (setAtlasThreads), 1 to threads.length + 1. */
  parts: number;
  top: number;
  /** Kernel calls that ran split across threads. */
  calls: number;
  /** Calls with fewer multiply-adds stay on one thread: the copies and the wake-ups would cost more. */
  minMacs: number;
  /** Calls that need more shared heap than this stay on one thread (the memory's maximum, or less in the tests). */
  maxHeapBytes: number;
}

let pool: Pool | null = null;

/** How many threads ConvAtlas's convolution kernels run on (1 when the pool is not started), and how many calls were split so far. */
export function atlasThreads(): { threads: number; splitCalls: number } {
  return { threads: pool?.parts ?? 1, splitCalls: pool?.calls ?? 0 };
}

/**
 * Uses `n` threads from now on (at most the pool's size; 1 turns threading off), splitting calls of at least
 * `minMacs` multiply-adds (2 M by default; the tests split every call) that fit `maxHeapBytes` of shared heap
 * (its 2 GiB maximum by default); returns how many threads.
 */
export function setAtlasThreads(n: number, minMacs = 2e6, maxHeapBytes = MAX_PAGES * 65536): number {
  if (!pool) return 1;
  pool.parts = Math.max(1, Math.min(pool.threads.length + 1, Math.floor(n)));
  pool.minMacs = minMacs;
  pool.maxHeapBytes = maxHeapBytes;
  return pool.parts;
}

/** The shared heap cannot hold a call (its maximum, or the memory would not grow): that call runs on one thread. */
class HeapFull extends Error {}

/** A bump allocator over the shared heap, reset for every kernel call; grows the memory as needed. */
function alloc(p: Pool, floats: number): number {
  const at = (p.top + 15) & ~15;
  p.top = at + floats * 4;
  if (p.top > p.maxHeapBytes) throw new HeapFull();
  const need = p.top - p.memory.buffer.byteLength;
  if (need > 0) {
    try {
      p.memory.grow(Math.ceil(need / 65536));
    } catch {
      throw new HeapFull();
    }
  }
  return at;
}

/** A threaded kernel that hands a call to the single-threaded one when the shared heap cannot hold it. */
function orAlone(fallback: tf.KernelFunc, threaded: (args: KernelArgs) => tf.TensorInfo) {
  return (args: KernelArgs): tf.TensorInfo => {
    try {
      return threaded(args);
    } catch (e) {
      if (e instanceof HeapFull) return callKernel(fallback, args);
      throw e;
    }
  };
}

function copyIn(p: Pool, backend: WasmBackend, t: tf.TensorInfo): number {
  const src = backend.typedArrayFromHeap(t);
  const at = alloc(p, src.length);
  new Float32Array(p.memory.buffer, at, src.length).set(src);
  return at;
}

/** A new TF.js tensor of `shape` holding the floats at `at` in the shared heap. */
function copyOut(p: Pool, backend: WasmBackend, shape: number[], at: number): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  const o = backend.typedArrayFromHeap(out);
  o.set(new Float32Array(p.memory.buffer, at, o.length));
  return out;
}

/** Runs kernel `name` on all threads, splitting a batch of n; `perPart` moves an argument by some bytes a part. */
function runParallel(p: Pool, name: (typeof NAMES)[number], args: number[], n: number, perPart: [number, number][] = []) {
  const c = p.ctrl;
  c[2] = NAMES.indexOf(name);
  c[3] = p.parts;
  c[4] = n;
  c[5] = args.length;
  c[6] = perPart.length;
  perPart.forEach(([i, bytes], k) => {
    c[8 + 2 * k] = i;
    c[9 + 2 * k] = bytes;
  });
  c.set(args, 32);
  p.calls++;
  Atomics.store(c, 1, 0);
  Atomics.add(c, 0, 1);
  Atomics.notify(c, 0);
  p.kernels[name](...args, 0, Math.floor(n / p.parts));
  // Threads past p.parts - 1 sit this job out (the job says how many parts there are) and are not counted.
  for (let done = Atomics.load(c, 1); done < p.parts - 1; done = Atomics.load(c, 1)) {
    if (Atomics.wait(c, 1, done, WAIT_MS) === 'timed-out') throw new Error(`a ConvAtlas kernel thread did not finish ${name} within ${WAIT_MS / 1000} s`);
  }
}

/** Whether a call is worth splitting: at least a part of the batch per thread and enough work to pay the copies. */
const worth = (p: Pool, batch: number, macs: number) => p.parts > 1 && batch >= p.parts && macs >= p.minMacs;

function forward(fallback: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const p = pool!;
    const { x, filter, bias } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
    const a = args.attrs!;
    const act = (a.activation as string | undefined) ?? 'linear';
    const plain = (act === 'linear' || act === 'relu') && [a.dilations ?? 1].flat().every((d) => d === 1) && (a.dataFormat ?? 'NHWC') === 'NHWC' && x.dtype === 'float32';
    const i = plain ? convInfo(x.shape, filter.shape, a) : null;
    // Fewer than 4 input channels: XNNPACK's forward is faster than these tiles (LeNet-5's first layer).
    if (!i || i.inChannels < 4 || !worth(p, i.batchSize, i.outHeight * i.outWidth * i.outChannels * i.filterHeight * i.filterWidth * i.inChannels * i.batchSize)) {
      return callKernel(fallback, args);
    }
    const backend = args.backend as WasmBackend;
    p.top = HEAP_START;
    const xs = copyIn(p, backend, x);
    const fs = copyIn(p, backend, filter);
    const bs = bias ? copyIn(p, backend, bias) : 0;
    const ys = alloc(p, tf.util.sizeFromShape(i.outShape));
    runParallel(p, 'conv2d_forward', [xs, fs, bs, ys, ...convArgs(i), act === 'relu' ? 1 : 0], i.batchSize);
    return copyOut(p, backend, i.outShape, ys);
  };
}

function backpropInput(fallback: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const p = pool!;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const inputShape = args.attrs!.inputShape as number[];
    const i = convInfo(inputShape, filter.shape, args.attrs!);
    if (!worth(p, i.batchSize, tf.util.sizeFromShape(dy.shape) * i.filterHeight * i.filterWidth * i.inChannels)) return callKernel(fallback, args);
    const backend = args.backend as WasmBackend;
    p.top = HEAP_START;
    const dys = copyIn(p, backend, dy);
    const fs = copyIn(p, backend, filter);
    const fsize = tf.util.sizeFromShape(filter.shape);
    const scratch = alloc(p, fsize * p.parts);
    const dxs = alloc(p, tf.util.sizeFromShape(inputShape));
    // each thread transposes the filter into its own scratch
    runParallel(p, 'conv2d_backprop_input', [dys, fs, dxs, ...convArgs(i), scratch], i.batchSize, [[15, fsize * 4]]);
    return copyOut(p, backend, inputShape, dxs);
  };
}

function backpropFilter(fallback: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const p = pool!;
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const filterShape = args.attrs!.filterShape as number[];
    const i = convInfo(x.shape, filterShape, args.attrs!);
    const fsize = tf.util.sizeFromShape(filterShape);
    if (!worth(p, i.batchSize, tf.util.sizeFromShape(dy.shape) * fsize / i.outChannels)) return callKernel(fallback, args);
    const backend = args.backend as WasmBackend;
    p.top = HEAP_START;
    const xs = copyIn(p, backend, x);
    const dys = copyIn(p, backend, dy);
    const parts = alloc(p, fsize * p.parts);
    // each thread sums its batches into its own partial dW
    runParallel(p, 'conv2d_backprop_filter', [xs, dys, parts, ...convArgs(i)], i.batchSize, [[2, fsize * 4]]);
    const out = copyOut(p, backend, filterShape, parts);
    const o = backend.typedArrayFromHeap(out);
    for (let k = 1; k < p.parts; k++) {
      const part = new Float32Array(p.memory.buffer, parts + k * fsize * 4, fsize);
      for (let j = 0; j < fsize; j++) o[j]! += part[j]!;
    }
    return out;
  };
}

let starting: Promise<string | null> | null = null;

/**
 * Starts `threads` - 1 kernel threads (this thread is the first) and registers the threaded convolution kernels
 * over the single-threaded ones, which small calls still use. Call after installAtlasKernels. Resolves with null
 * when running, else with why not (then everything stays on one thread).
 */
export function startAtlasThreads(bytes: BufferSource, threads: number, spawn: () => KernelThread): Promise<string | null> {
  // Once: a second call gets the first one's answer.
  starting ??= start(bytes, threads, spawn);
  return starting;
}


async function start(bytes: BufferSource, threads: number, spawn: () => KernelThread): Promise<string | null> {
  if (threads < 2) return 'this machine reports one core';
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available (the page is not cross-origin isolated)';
  let memory: WebAssembly.Memory;
  let module: WebAssembly.Module;
  try {
    memory = new WebAssembly.Memory({ initial: 256, maximum: MAX_PAGES, shared: true });
    module = await WebAssembly.compile(bytes);
  } catch (e) {
    return `shared WebAssembly memory is not available (${(e as Error).message})`;
  }
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Pool['kernels'];
  const ctrl = new Int32Array(memory.buffer, 0, CTRL_WORDS);
  const helpers: KernelThread[] = [];
  try {
    for (let part = 1; part < threads; part++) {
      const t = spawn();
      helpers.push(t);
      t.postMessage({ module, memory, part, names: NAMES });
    }
    const t0 = Date.now();
    while (Atomics.load(ctrl, 7) < threads - 1) {
      if (Date.now() - t0 > WAIT_MS) throw new Error(`${Atomics.load(ctrl, 7)} of ${threads - 1} kernel threads started within ${WAIT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } catch (e) {
    helpers.forEach((h) => void h.terminate());
    return `the kernel threads could not start (${(e as Error).message})`;
  }
  pool = { kernels, memory, ctrl, threads: helpers, parts: threads, top: HEAP_START, calls: 0, minMacs: 2e6, maxHeapBytes: MAX_PAGES * 65536 };
  for (const [name, make] of [['Conv2D', forward], ['FusedConv2D', forward], ['Conv2DBackpropInput', backpropInput], ['Conv2DBackpropFilter', backpropFilter]] as const) {
    const previous = tf.getKernel(name, 'wasm')!.kernelFunc;
    replaceWasmKernel(name, orAlone(previous, make(previous)));
  }
  return null;
}
