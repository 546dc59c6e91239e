/**
 * `npm run experiment:depth`: the depth experiment's grid (plain and residual CIFAR networks per depth) trained
 * with the app's own training loop on wasm in Node, seeded, on the same 5,000-image subset and settings as the
 * Depth screen, written to public/experiments/depth.json so the screen shows it at once on a first visit (a live
 * experiment draws over it). Options: --depths 8,14,20 --steps 300 --dataset fashion-mnist|mnist --batch 64
 * --lr 0.1 --no-bn --out FILE. Prints one line per run and the table for the README.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adaptInput } from '../data/adapt';
import { DATASETS, isDatasetId } from '../data/datasets';
import { takeFirst } from '../data/idx';
import { DEPTH_DEFAULTS, depthPlans, finalTrainingError, type DepthResults } from '../training/depthExperiment';
import { TrainControl, Trainer } from '../training/trainer';
import { startWasmInNode, tf } from '../workers/nodeBackend';
import type { TrainConfig } from '../workers/protocol';
import { loadNodeDataset, ROOT } from './nodeData';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const datasetId = arg('dataset') ?? DEPTH_DEFAULTS.datasetId;
  if (!isDatasetId(datasetId)) throw new Error(`--dataset must be mnist or fashion-mnist, not ${datasetId}`);
  const settings = {
    ...DEPTH_DEFAULTS,
    datasetId,
    depths: (arg('depths') ?? '8,14,20').split(',').map(Number),
    steps: Number(arg('steps') ?? DEPTH_DEFAULTS.steps),
    batchSize: Number(arg('batch') ?? DEPTH_DEFAULTS.batchSize),
    learningRate: Number(arg('lr') ?? DEPTH_DEFAULTS.learningRate),
    batchNorm: !process.argv.includes('--no-bn'),
  };
  const out = path.resolve(ROOT, arg('out') ?? 'public/experiments/depth.json');
  const plans = depthPlans(settings);
  if (typeof plans === 'string') throw new Error(plans);
  await startWasmInNode();
  const all = loadNodeDataset(datasetId);
  // The Depth screen's data: the first 5,000 training and 1,000 test images, a tenth held out to validate.
  const train = takeFirst(all.train, 5000);
  const test = takeFirst(all.test, 1000);
  const d = DATASETS[datasetId];
  const results: DepthResults = { settings, engine: `TF.js ${tf.version.tfjs} wasm + ConvAtlas kernels, Node ${process.version}, 1 thread`, machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`, date: new Date().toISOString().slice(0, 10), runs: [] };
  for (const p of plans) {
    const config: TrainConfig = {
      modelId: p.key,
      modelName: p.name,
      spec: p.spec,
      datasetId,
      adaptation: adaptInput(d.shape, p.spec.inputs[0]!.shape, d.classes.length, d.classes.length),
      optimizer: settings.optimizer,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      epochs: Math.ceil((settings.steps * settings.batchSize) / 4500),
      validationSplit: 0.1,
      maxSteps: settings.steps,
      seed: settings.seed,
    };
    const t0 = performance.now();
    const trainer = new Trainer(config, train, test, d.classes.length);
    const r = await trainer.run(new TrainControl());
    const seconds = (performance.now() - t0) / 1000;
    const steps = trainer.batches.map((b) => ({ step: b.step, loss: +b.loss.toFixed(4), accuracy: +b.accuracy.toFixed(4) }));
    const trainingError = finalTrainingError(trainer.batches) ?? NaN;
    const testError = r.test ? 1 - r.test.accuracy : NaN;
    trainer.dispose();
    results.runs.push({ key: p.key, name: p.name, depth: p.depth, residual: p.residual, seconds: +seconds.toFixed(1), steps, trainingError: +trainingError.toFixed(4), testError: +testError.toFixed(4) });
    console.log(`${p.name.padEnd(26)} ${r.status.padEnd(9)} ${seconds.toFixed(0).padStart(5)} s  training error ${(trainingError * 100).toFixed(1)}%  test error ${(testError * 100).toFixed(1)}%`);
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results)}\n`);
  console.log(`\n| depth | plain: training error | residual: training error | plain: test error | residual: test error |\n|---|---|---|---|---|`);
  for (const depth of settings.depths) {
    const [pl, re] = [false, true].map((res) => results.runs.find((x) => x.depth === depth && x.residual === res)!);
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    console.log(`| ${depth} | ${pct(pl!.trainingError)} | ${pct(re!.trainingError)} | ${pct(pl!.testError)} | ${pct(re!.testError)} |`);
  }
  console.log(`\nwrote ${path.relative(ROOT, out)} (${results.engine}; ${results.machine})`);
}

main().catch((e: unknown) => {
  console.error(`experiment:depth: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
