/**
 * TF.js's wasm backend for Node (the CLIs, `npm run pretrain`, tests): the package finds its .wasm files next to
 * itself there, so none of the browser's `?url` plumbing in backend.ts applies. Single-threaded, with the app's
 * Conv2DBackpropFilter kernel registered so training works too.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../models/tfjs/wasmKernels';

export async function startWasmInNode(): Promise<string> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js wasm backend did not start');
  await tf.ready();
  return `TF.js ${tf.version.tfjs} wasm (SIMD, 1 thread)`;
}

export { tf };
