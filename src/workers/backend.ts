/**
 * Choosing the TF.js backend in the worker. WebGPU and WebGL win only on a hardware adapter: a software one
 * (SwiftShader, `isFallbackAdapter`) is ~80x (WebGPU) and ~12x (WebGL) slower than wasm on these machines
 * (BACKENDS.md), so 'auto' reads that signal instead of trusting the order alone. The user may override.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import atlasWasm from '../models/tfjs/kernels/atlas.wasm?url';
import atlasMtWasm from '../models/tfjs/kernels/atlas-mt.wasm?url';
import { installAtlasKernels } from '../models/tfjs/atlasKernels';
import { atlasThreads, startAtlasThreads } from '../models/tfjs/atlasThreads';
import { registerWasmTrainingKernels } from '../models/tfjs/wasmKernels';
import { BACKEND_ORDER, type BackendChoice, type BackendName, type BackendProbe, type BackendReport } from './protocol';

let wasmReady = false;

/** Serves the wasm binaries from the app itself and turns threads off (BACKENDS.md gap 2). */
function prepareWasm() {
  if (wasmReady) return;
  // The threaded build's helper workers break once minified, and threads do not help on 2 cores.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  registerWasmTrainingKernels();
  wasmReady = true;
}

interface GpuAdapterLike {
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
}

/** Looks at the WebGPU adapter without creating a device. */
async function probeWebGpu(): Promise<BackendProbe & { software: boolean }> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return { name: 'webgpu', available: false, software: false, detail: 'WebGPU is not available in this browser' };
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return { name: 'webgpu', available: false, software: false, detail: 'no WebGPU adapter' };
  const software = adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true || adapter.info?.architecture === 'swiftshader';
  const what = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ') || 'unknown GPU';
  return { name: 'webgpu', available: true, software, detail: software ? `software adapter (${what}), ~80x slower than wasm` : `hardware adapter (${what})` };
}

/** Looks at WebGL through an OffscreenCanvas: a SwiftShader renderer is software. */
function probeWebGl(): BackendProbe & { software: boolean } {
  if (typeof OffscreenCanvas === 'undefined') return { name: 'webgl', available: false, software: false, detail: 'no OffscreenCanvas in this worker' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { name: 'webgl', available: false, software: false, detail: 'WebGL 2 is not available' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  const software = /swiftshader|llvmpipe|software/i.test(renderer);
  return { name: 'webgl', available: true, software, detail: software ? `software renderer (${renderer}), ~12x slower than wasm` : `hardware renderer (${renderer})` };
}

/** Probes every backend and returns what was found, cheaply (no device, no model). */
export async function probeBackends(): Promise<(BackendProbe & { software: boolean })[]> {
  const wasm = typeof WebAssembly === 'object';
  return [
    await probeWebGpu(),
    probeWebGl(),
    { name: 'wasm', available: wasm, software: true, detail: wasm ? 'WebAssembly with SIMD' : 'no WebAssembly' },
    { name: 'cpu', available: true, software: true, detail: 'plain JavaScript, always works, slowest' },
  ];
}

/** What the wasm backend trains with, in a sentence (the backend panel shows it). */
let wasmKernels = '';

const fetchBytes = (url: string) => fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status} for ${url}`))));

/**
 * Starts the convolution kernels' threads: one per core, in a cross-origin-isolated worker (the calling thread
 * blocks in Atomics.wait, which a page's main thread may not). Resolves with why not, or null.
 */
async function startThreads(): Promise<string | null> {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  if (!('WorkerGlobalScope' in globalThis)) return 'threads run only in a worker';
  if (!globalThis.crossOriginIsolated) return 'the page is not cross-origin isolated (the host sends no COOP/COEP headers)';
  const bytes = await fetchBytes(atlasMtWasm);
  return startAtlasThreads(bytes, cores, () => new Worker(new URL('../models/tfjs/kernels/atlasHelper.mjs', import.meta.url), { type: 'module' }));
}

/** Loads ConvAtlas's own SIMD kernels (and, with `threads`, their threads) into the running wasm backend; says which kernels train. */
async function loadAtlasKernels(threads: boolean): Promise<string> {
  const problem = await fetchBytes(atlasWasm)
    .then((bytes) => installAtlasKernels(bytes))
    .catch((e: Error) => `atlas.wasm could not be fetched (${e.message})`);
  if (problem) return `Training kernels: XNNPACK for convolutions, dense layers and (as transposed convolutions) input gradients, composed filter gradients; ConvAtlas's own SIMD kernels are off: ${problem}; 1 thread.`;
  const noThreads = threads ? await startThreads().catch((e: Error) => e.message) : 'this worker predicts, one image at a time';
  const n = atlasThreads().threads;
  const where = noThreads ? `1 thread (${noThreads})` : `convolutions and their gradients on ${n} threads, one per core`;
  return `Training kernels: XNNPACK for forward convolutions and dense layers; ConvAtlas's own SIMD kernels (atlas.wasm) for both convolution gradients, batch norm, depthwise gradients, max pooling's gradient and padding; ${where}.`;
}

async function activate(name: BackendName, threads: boolean): Promise<boolean> {
  if (name === 'wasm') prepareWasm();
  try {
    if (!(await tf.setBackend(name)) || tf.getBackend() !== name) return false;
    await tf.ready();
    if (name === 'wasm' && !wasmKernels) wasmKernels = await loadAtlasKernels(threads);
    return true;
  } catch {
    return false;
  }
}

const kernelsOf = (name: BackendName) => (name === 'wasm' ? wasmKernels : `Training kernels: TF.js's own ${name} kernels, with ConvAtlas's closed-form batch-norm gradient.`);

/** The selection in progress: a second request (a run started while the screen's own start is under way) waits for it. */
let selecting: Promise<unknown> = Promise.resolve();

/**
 * Picks and activates a backend (ready to use when this resolves): the user's choice if it works, else the fastest
 * one the probes suggest. `threads`: start ConvAtlas's kernel threads on wasm (the training worker does). Requests
 * run one after the other, so two never load the kernels at once.
 */
export function selectBackend(choice: BackendChoice, threads = false): Promise<BackendReport> {
  const next = selecting.then(() => select(choice, threads));
  selecting = next.catch(() => undefined);
  return next;
}

async function select(choice: BackendChoice, threads: boolean): Promise<BackendReport> {
  const probes = await probeBackends();
  const publicProbes = probes.map(({ name, available, detail }) => ({ name, available, detail }));
  const failed: string[] = [];
  if (choice !== 'auto') {
    if (await activate(choice, threads)) return { backend: choice, reason: `You chose ${choice}.`, probes: publicProbes, kernels: kernelsOf(choice) };
    failed.push(`${choice} (your choice) could not start`);
  }
  const hardware = probes.filter((p) => p.available && !p.software && (p.name === 'webgpu' || p.name === 'webgl'));
  const order: BackendName[] = [...hardware.map((p) => p.name), ...(['wasm', 'cpu'] as const), ...BACKEND_ORDER];
  for (const name of [...new Set(order)]) {
    if (!probes.find((p) => p.name === name)?.available) continue;
    if (name === choice) continue;
    if (await activate(name, threads)) {
      const why =
        hardware.some((h) => h.name === name)
          ? `${name}: ${probes.find((p) => p.name === name)!.detail}, the fastest here.`
          : `${name}: no hardware GPU adapter was found (${probes
              .filter((p) => p.name === 'webgpu' || p.name === 'webgl')
              .map((p) => `${p.name}: ${p.detail}`)
              .join('; ')}), so ${name} is the fastest here.`;
      return { backend: name, reason: failed.length ? `${failed.join('; ')}. Using ${why}` : `Using ${why}`, probes: publicProbes, kernels: kernelsOf(name) };
    }
    failed.push(`${name} could not start`);
  }
  throw new Error(`No TF.js backend could start: ${failed.join('; ')}`);
}
