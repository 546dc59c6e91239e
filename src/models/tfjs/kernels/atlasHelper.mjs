/* global self -- a Web Worker in the browser; absent in Node (worker_threads) */
// A kernel thread of atlasThreads.ts (a Web Worker in the browser, a worker_threads Worker in Node): instantiates
// atlas-mt.wasm on the shared memory it is sent, then waits on the control block for jobs, runs its part of each
// (its batch range, its partial output) and counts itself done. Plain JavaScript so both runtimes load it as is.
// Control block (Int32 words at byte 0 of the shared memory): 0 job sequence (-1: exit), 1 parts done,
// 2 kernel index, 3 parts, 4 batch size to split, 5 argument count, 6 per-part pointer adjustments,
// 7 threads ready, 8.. (argument index, bytes per part) pairs, 32.. the arguments.
function run({ module, memory, part, names }) {
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctrl = new Int32Array(memory.buffer, 0, 256);
  let seen = Atomics.load(ctrl, 0);
  Atomics.add(ctrl, 7, 1);
  Atomics.notify(ctrl, 7);
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    const seq = Atomics.load(ctrl, 0);
    if (seq < 0) return;
    if (seq === seen) continue;
    seen = seq;
    const parts = ctrl[3];
    // fewer parts than threads this time (setAtlasThreads): sit it out, uncounted
    if (part >= parts) continue;
    const n = ctrl[4];
    const args = Array.from(ctrl.subarray(32, 32 + ctrl[5]));
    for (let k = 0; k < ctrl[6]; k++) args[ctrl[8 + 2 * k]] += part * ctrl[9 + 2 * k];
    kernels[names[ctrl[2]]](...args, Math.floor((n * part) / parts), Math.floor((n * (part + 1)) / parts));
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}

if (typeof self !== 'undefined' && typeof self.postMessage === 'function') {
  self.onmessage = (e) => run(e.data);
} else {
  // Node only; a variable keeps bundlers from resolving it for the browser build.
  const nodeModule = 'node:worker_threads';
  const { parentPort } = await import(/* @vite-ignore */ nodeModule);
  parentPort.once('message', run);
}
