/**
 * The Node half of `npm run bench:train`: one training step (forward, backward, Adam, loss read back) of the app's
 * own Trainer on TF.js's wasm backend with ConvAtlas's kernels, against PyTorch training the module ConvAtlas's
 * exporter writes for the same spec (identical layers; both parameter counts are printed), on one thread and on
 * all cores (ConvAtlas's threaded convolution kernels; PyTorch's intra-op threads). Runs interleave (TF.js, PyTorch,
 * TF.js, PyTorch, ...) so both see the same machine load; figures are medians over all rounds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adaptInput } from '../../src/data/adapt';
import { toPyTorch } from '../../src/models/export/pytorch';
import type { NetworkSpec } from '../../src/models/spec';
import { zooSpec } from '../../src/models/zoo';
import { tfjsParamCounts } from '../../src/models/tfjs/build';
import { startWasmInNode, tf } from '../../src/workers/nodeBackend';
import type { StepProfile } from '../../src/workers/protocol';
import { profileStep } from '../../src/training/stepProfile';
import { outputIsSoftmax, Trainer } from '../../src/training/trainer';
import { setAtlasThreads } from '../../src/models/tfjs/atlasThreads';
import { BENCH_NETS } from '../train-page/nets';

/** One network of the Node benchmark. */
export interface NodeNetResult {
  name: string;
  batch: number;
  threads: number;
  tfjsImgPerSec: number;
  pytorchImgPerSec: number;
  pytorchThreads: number;
  /** PyTorch's images per second over TF.js's: how far the app is from PyTorch on the same CPU. */
  pytorchOverTfjs: number;
  tfjsParams: { trainable: number; nonTrainable: number };
  pytorchParams: { trainable: number; nonTrainable: number };
  tfjsStepMs: number[];
  pytorchStepMs: number[];
  /** With --profile: the TF.js step's kernels (the median of 3 profiled steps). */
  profile?: StepProfile;
}

/** The networks and batch sizes the issue measures. */
export const NODE_NETS: { name: string; batch: number; spec: () => NetworkSpec }[] = [
  { name: 'lenet5-modern', batch: 64, spec: BENCH_NETS['lenet5-modern']! },
  { name: 'small-resnet', batch: 32, spec: BENCH_NETS['small-resnet']! },
  // The shipped Fashion-MNIST model's network, as `npm run pretrain` trains it.
  { name: 'resnet-mini', batch: 64, spec: () => zooSpec('resnet-mini')! },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A Trainer on random MNIST-shaped data, ready to time (`step()` runs one batch). */
function makeTrainer(spec: NetworkSpec, batch: number) {
  const shape: [number, number, number] = [28, 28, 1];
  const count = batch * 4;
  const images = new Uint8Array(count * 28 * 28).map(() => (Math.random() * 256) | 0);
  const labels = new Uint8Array(count).map(() => (Math.random() * 10) | 0);
  const train = { images, labels, count, shape };
  const test = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0, shape };
  const config = {
    modelId: spec.name,
    modelName: spec.name,
    spec,
    datasetId: 'mnist' as const,
    adaptation: adaptInput(shape, spec.inputs[0]!.shape, 10, 10),
    optimizer: 'adam' as const,
    learningRate: 0.001,
    batchSize: batch,
    epochs: 1,
    validationSplit: 0,
  };
  const trainer = new Trainer(config, train, test, 10);
  let s = 0;
  const step = async () => {
    const idx = trainer.trainIdx.subarray((s % 4) * batch, (s % 4) * batch + batch);
    s++;
    if (!(await trainer.trainBatch(idx))) throw new Error('the loss was not finite');
  };
  return { trainer, step };
}

async function timeSteps(step: () => Promise<void>, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await step();
    ms.push(performance.now() - t0);
  }
  return ms;
}

function runTorch(file: string, spec: NetworkSpec, batch: number, threads: number, iters: number) {
  const [h, w, c] = spec.inputs[0]!.shape;
  // the same loss as the Trainer: on probabilities when the network ends in softmax, else on logits
  const softmax = outputIsSoftmax(spec);
  const args = ['bench/node/torch_step.py', file, '--shape', `${c},${h},${w}`, '--batch', String(batch), '--threads', String(threads), '--warmup', '5', '--iters', String(iters), ...(softmax ? ['--softmax'] : [])];
  const r = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`PyTorch reference failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { params: { trainable: number; nonTrainable: number }; stepMs: number[]; imgPerSec: number };
}

/**
 * Runs the Node benchmark: `rounds` rounds, each timing every network on 1 thread and on `threads` threads (if more
 * than 1), TF.js then PyTorch on the same thread count, interleaved.
 */
export async function benchTrainNode(o: { rounds: number; threads: number; profile: boolean; log: (line: string) => void }): Promise<{ runtime: string; networks: NodeNetResult[] }> {
  const runtime = await startWasmInNode(o.threads);
  const threadCounts = o.threads > 1 ? [1, o.threads] : [1];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'convatlas-bench-'));
  try {
    const nets = NODE_NETS.map((n) => {
      const spec = n.spec();
      const code = toPyTorch(spec);
      if (!code.ok) throw new Error(code.error);
      const file = path.join(dir, `${n.name.replace(/\W/g, '_')}.py`);
      writeFileSync(file, code.code);
      const t = makeTrainer(spec, n.batch);
      const runs = threadCounts.map((threads) => ({ threads, tfjs: [] as number[], torch: [] as number[], profile: null as StepProfile | null }));
      return { ...n, spec, file, ...t, runs, torchParams: { trainable: 0, nonTrainable: 0 } };
    });
    for (const n of nets) {
      for (const run of n.runs) {
        setAtlasThreads(run.threads);
        for (let i = 0; i < 3; i++) await n.step(); // warm-up: XNNPACK operators, V8's JIT
      }
    }
    for (let r = 0; r < o.rounds; r++) {
      for (const n of nets) {
        for (const run of n.runs) {
          // About a second of steps per round each side.
          const iters = n.name === 'lenet5-modern' ? 30 : n.name === 'resnet-mini' ? 6 : 10;
          setAtlasThreads(run.threads);
          run.tfjs.push(...(await timeSteps(n.step, iters)));
          const t = runTorch(n.file, n.spec, n.batch, run.threads, iters * 2);
          run.torch.push(...t.stepMs);
          n.torchParams = t.params;
          o.log(`round ${r + 1}: ${n.name} b${n.batch}, ${run.threads} thread${run.threads > 1 ? 's' : ''}: TF.js ${((n.batch * 1000) / median(run.tfjs.slice(-iters))).toFixed(0)} img/s, PyTorch ${t.imgPerSec.toFixed(0)} img/s (load ${os.loadavg()[0]!.toFixed(2)})`);
        }
      }
    }
    if (o.profile) {
      for (const n of nets) {
        for (const run of n.runs) {
          setAtlasThreads(run.threads);
          const ps: StepProfile[] = [];
          for (let i = 0; i < 3; i++) ps.push(await profileStep(n.step, n.batch));
          run.profile = ps.sort((a, b) => a.wallMs - b.wallMs)[1]!;
        }
      }
    }
    const numTensors = tf.memory().numTensors;
    const networks = nets.flatMap((n): NodeNetResult[] => {
      const p = tfjsParamCounts(n.trainer.model);
      n.trainer.dispose();
      if (p.trainable !== n.torchParams.trainable || p.nonTrainable !== n.torchParams.nonTrainable) {
        throw new Error(`${n.name}: TF.js has ${p.trainable} + ${p.nonTrainable} parameters, PyTorch ${n.torchParams.trainable} + ${n.torchParams.nonTrainable}: not the same network`);
      }
      return n.runs.map((run) => {
        const tfjsImgPerSec = +((n.batch * 1000) / median(run.tfjs)).toFixed(1);
        const pytorchImgPerSec = +((n.batch * 1000) / median(run.torch)).toFixed(1);
        return {
          name: n.name,
          batch: n.batch,
          threads: run.threads,
          tfjsImgPerSec,
          pytorchImgPerSec,
          pytorchThreads: run.threads,
          pytorchOverTfjs: +(pytorchImgPerSec / tfjsImgPerSec).toFixed(2),
          tfjsParams: { trainable: p.trainable, nonTrainable: p.nonTrainable },
          pytorchParams: n.torchParams,
          tfjsStepMs: run.tfjs.map((x) => +x.toFixed(2)),
          pytorchStepMs: run.torch,
          ...(run.profile ? { profile: run.profile } : {}),
        };
      });
    });
    o.log(`tensors alive after disposing the trainers: ${tf.memory().numTensors} (before: ${numTensors})`);
    return { runtime, networks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
