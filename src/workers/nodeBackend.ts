/**
 * TF.js's wasm backend for Node (the CLIs, `npm run pretrain`, tests, benchmarks): the package finds its .wasm files
 * next to itself there, so none of the browser's `?url` plumbing in backend.ts applies. Single-threaded, with the
 * app's training kernels registered (composed ones, then its own SIMD module) so training runs as in the worker.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../models/tfjs/wasmKernels';
import { installAtlasKernels } from '../models/tfjs/atlasKernels';

/** Starts wasm with every ConvAtlas kernel; resolves with a line naming what runs. */
export async function startWasmInNode(): Promise<string> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js wasm backend did not start');
  await tf.ready();
  const problem = await installAtlasKernels(readFileSync(new URL('../models/tfjs/kernels/atlas.wasm', import.meta.url)));
  if (problem) throw new Error(problem);
  return `TF.js ${tf.version.tfjs} wasm (SIMD, 1 thread) + ConvAtlas SIMD kernels`;
}

export { tf };
