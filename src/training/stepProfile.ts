/**
 * Where one training step's time goes, per kernel, on whatever backend runs (tf.profile: on wasm and cpu each
 * kernel's own wall time, on WebGL/WebGPU the GPU timer where the browser has one). Kernels ConvAtlas composes from
 * others count as one. Used by the Train screen's "Profile one step" and by `npm run bench:train -- --profile`.
 */
import * as tf from '@tensorflow/tfjs';
import type { StepProfile } from '../workers/protocol';

/** Runs `step` (one batch of `batchSize`) once under tf.profile and sums its kernels by name. */
export async function profileStep(step: () => Promise<unknown>, batchSize: number): Promise<StepProfile> {
  const t0 = performance.now();
  let wallMs = 0;
  const info = await tf.profile(async () => {
    await step();
    wallMs = performance.now() - t0;
  });
  const by = new Map<string, { calls: number; ms: number }>();
  const backend = tf.getBackend();
  // tf.profile also lists custom-gradient ops (fusedConv2d__op, a layer's scope) around the kernels they run.
  const kernelsRun = info.kernels.filter((k) => tf.getKernel(k.name, backend));
  for (const k of kernelsRun) {
    const s = by.get(k.name) ?? { calls: 0, ms: 0 };
    s.calls++;
    // tf.profile has awaited each timer by now; a backend without timers reports { error }.
    s.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    by.set(k.name, s);
  }
  const kernels = [...by.entries()]
    .map(([kernel, s]) => ({ kernel, calls: s.calls, ms: +s.ms.toFixed(3), share: +((100 * s.ms) / wallMs).toFixed(1) }))
    .sort((a, b) => b.ms - a.ms);
  const kernelMs = kernels.reduce((a, k) => a + k.ms, 0);
  return { backend, batchSize, wallMs: +wallMs.toFixed(2), kernelMs: +kernelMs.toFixed(2), outsideMs: +(wallMs - kernelMs).toFixed(2), kernelCalls: kernelsRun.length, kernels };
}
