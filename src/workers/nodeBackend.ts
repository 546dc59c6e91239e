/**
 * TF.js's wasm backend for Node (the CLIs, `npm run pretrain`, tests, benchmarks): the package finds its .wasm files
 * next to itself there, so none of the browser's `?url` plumbing in backend.ts applies. Single-threaded, with the
 * app's training kernels registered (composed ones, then its own SIMD module) so training runs as in the worker.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../models/tfjs/wasmKernels';
import { installAtlasKernels } from '../models/tfjs/atlasKernels';
import { startAtlasThreads } from '../models/tfjs/atlasThreads';

const kernelFile = (name: string) => new URL(`../models/tfjs/kernels/${name}`, import.meta.url);

/**
 * Starts wasm with every ConvAtlas kernel, its convolution kernels on `threads` threads (1 by default: the tests;
 * `os.availableParallelism()` for all cores); resolves with a line naming what runs.
 */
export async function startWasmInNode(threads = 1): Promise<string> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js wasm backend did not start');
  await tf.ready();
  const problem = await installAtlasKernels(readFileSync(kernelFile('atlas.wasm')));
  if (problem) throw new Error(problem);
  if (threads > 1) {
    const why = await startAtlasThreads(readFileSync(kernelFile('atlas-mt.wasm')), threads, () => {
      const w = new Worker(kernelFile('atlasHelper.mjs'));
      w.unref();
      return w;
    });
    if (why) throw new Error(why);
  }
  return `TF.js ${tf.version.tfjs} wasm (SIMD) + ConvAtlas SIMD kernels, convolutions on ${threads} thread${threads === 1 ? '' : 's'} of ${os.availableParallelism()} cores`;
}

export { tf };
