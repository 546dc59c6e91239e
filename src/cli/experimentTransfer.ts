/**
 * `npm run experiment:transfer`: the course's transfer-learning advice, measured. LeNet-5 trained on MNIST digits
 * 0-4 (the shipped `lenet5-mnist04`) carried over to digits 5-9 with 5, 20, 100 and 1,000 labelled images per class
 * and all of them, 3 seeds each (the seed draws the sample and the new weights): a new softmax on the frozen output of
 * every layer it can be cut after; the three regimes (frozen at the convolutional features, the convolutional part
 * frozen and the rest fine-tuned, everything fine-tuned) and training from scratch; and a kNN head on the frozen
 * features. Every run of one size takes the same number of steps. Writes public/experiments/transfer.json (the
 * Transfer screen draws it) and prints the README's tables. Options: --sizes 5,20,100,1000,all --seeds 1,2,3.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TASKS } from '../data/tasks';
import { shippedModel } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { median } from '../training/transferResults';
import { cutPoints, EXPERIMENT_CUT, transferSteps, TRANSFER_RECIPE, type Regime, type TransferConfig, type TransferExperiment, type TransferOutcome } from '../training/transfer';
import { memoryFeatureCache } from '../training/transferModels';
import { startWasmInNode, tf } from '../workers/nodeBackend';
import { ROOT } from './nodeData';
import { runTransfer } from './transferRun';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const FROM = 'lenet5-mnist04';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main() {
  const sizes = (arg('sizes') ?? '5,20,100,1000,all').split(',').map((s) => (s === 'all' ? ('all' as const) : Number(s)));
  const seeds = (arg('seeds') ?? '1,2,3').split(',').map(Number);
  await startWasmInNode();
  const cuts = cutPoints(shippedSpec(shippedModel(FROM)!));
  const t0 = performance.now();
  const runs: TransferOutcome[] = [];
  const cache = memoryFeatureCache();
  const one = async (t: TransferConfig, perClass: number | 'all', seed: number) => {
    const images = perClass === 'all' ? TASKS.mnist59.trainCount : perClass * 5;
    const r = await runTransfer({ ...t, ...(perClass === 'all' ? {} : { perClass }) }, { ...TRANSFER_RECIPE, seed, steps: transferSteps(images, TRANSFER_RECIPE.batchSize) }, cache);
    runs.push(r);
    console.log(`${String(perClass).padStart(4)} per class, seed ${seed}: ${t.regime}${t.cut ? ` at ${t.cut}` : ''}${t.head === 'knn' ? ' (kNN)' : ''}: ${pct(r.testAccuracy)} (${r.seconds.toFixed(1)} s)`);
    return r;
  };
  for (const size of sizes) {
    for (const seed of seeds) {
      for (const cut of cuts) await one({ from: FROM, task: 'mnist59', regime: 'frozen', cut }, size, seed);
      await one({ from: FROM, task: 'mnist59', regime: 'frozen', cut: EXPERIMENT_CUT, head: 'knn' }, size, seed);
      for (const regime of ['partial', 'full', 'scratch'] as Regime[]) await one({ from: FROM, task: 'mnist59', regime, ...(regime === 'partial' ? { cut: EXPERIMENT_CUT } : {}) }, size, seed);
    }
  }
  // The cache's worth: the same frozen run with its features computed once, then with the backbone run every batch,
  // interleaved (A, B, A, B, A, B) on this noisy machine; medians of three.
  const cacheTiming: TransferExperiment['cacheTiming'] = [];
  for (const perClass of [100, 'all'] as const) {
    const images = perClass === 'all' ? TASKS.mnist59.trainCount : perClass * 5;
    const steps = transferSteps(images, TRANSFER_RECIPE.batchSize);
    const t: TransferConfig = { from: FROM, task: 'mnist59', regime: 'frozen', cut: EXPERIMENT_CUT, ...(perClass === 'all' ? {} : { perClass }) };
    const cached: TransferOutcome[] = [];
    const uncached: TransferOutcome[] = [];
    for (let rep = 0; rep < 3; rep++) {
      cached.push(await runTransfer(t, { ...TRANSFER_RECIPE, steps }));
      uncached.push(await runTransfer({ ...t, cache: false }, { ...TRANSFER_RECIPE, steps }));
    }
    const row = {
      perClass,
      cut: EXPERIMENT_CUT,
      cachedSeconds: median(cached.map((r) => r.seconds)),
      uncachedSeconds: median(uncached.map((r) => r.seconds)),
      featureSeconds: median(cached.map((r) => (r.features?.computeMs ?? 0) / 1000)),
      steps,
    };
    cacheTiming.push(row);
    console.log(`cache, ${perClass} per class: ${row.cachedSeconds.toFixed(1)} s with the features computed once, ${row.uncachedSeconds.toFixed(1)} s computing them every batch (medians of 3)`);
  }
  const out: TransferExperiment = {
    from: FROM,
    to: 'mnist59',
    recipe: TRANSFER_RECIPE,
    stepsRule: 'two epochs of the sample, at least 300 and at most 2,000 steps; every regime of a size takes as many',
    seeds,
    perClass: sizes,
    engine: `TF.js ${tf.version.tfjs} wasm + ConvAtlas kernels, Node ${process.version}`,
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`,
    loadAverage: os.loadavg()[0]!,
    date: new Date().toISOString().slice(0, 10),
    seconds: Math.round((performance.now() - t0) / 1000),
    runs,
    cacheTiming,
  };
  mkdirSync(path.join(ROOT, 'public/experiments'), { recursive: true });
  writeFileSync(path.join(ROOT, 'public/experiments/transfer.json'), JSON.stringify(out) + '\n');
  console.log(table(out));
}

/** The README's tables: median test accuracy by cut and by regime, one column per labelled examples per class. */
export function table(e: TransferExperiment): string {
  const cell = (pick: (r: TransferOutcome) => boolean, size: number | 'all') => {
    const xs = e.runs.filter((r) => pick(r) && r.perClass === size).map((r) => r.testAccuracy);
    return xs.length ? `${pct(median(xs))} (${pct(Math.min(...xs))}-${pct(Math.max(...xs))})` : '';
  };
  const head = `| | ${e.perClass.map((p) => (p === 'all' ? 'all images' : `${p} per class`)).join(' | ')} |\n|---|${e.perClass.map(() => '---').join('|')}|`;
  const cutsSeen = [...new Set(e.runs.filter((r) => r.regime === 'frozen' && r.head === 'softmax').map((r) => r.cut!))];
  const byCut = cutsSeen.map((c) => `| softmax on frozen \`${c}\` | ${e.perClass.map((p) => cell((r) => r.regime === 'frozen' && r.head === 'softmax' && r.cut === c, p)).join(' | ')} |`);
  const rows: [string, (r: TransferOutcome) => boolean][] = [
    [`1 · frozen at \`${EXPERIMENT_CUT}\`, new softmax`, (r) => r.regime === 'frozen' && r.head === 'softmax' && r.cut === EXPERIMENT_CUT],
    [`1 · frozen at \`${EXPERIMENT_CUT}\`, kNN (k = 5)`, (r) => r.regime === 'frozen' && r.head === 'knn'],
    [`2 · \`${EXPERIMENT_CUT}\` and before frozen, the rest fine-tuned`, (r) => r.regime === 'partial'],
    ['3 · everything fine-tuned', (r) => r.regime === 'full'],
    ['from scratch', (r) => r.regime === 'scratch'],
  ];
  const byRegime = rows.map(([name, pick]) => `| ${name} | ${e.perClass.map((p) => cell(pick, p)).join(' | ')} |`);
  const cache = e.cacheTiming.map((c) => `| ${c.perClass} per class (${c.steps} steps) | ${c.cachedSeconds.toFixed(1)} s (features once: ${c.featureSeconds.toFixed(1)} s) | ${c.uncachedSeconds.toFixed(1)} s |`);
  return [head, ...byCut, '', head, ...byRegime, '', '| frozen head at `flatten` | features cached | backbone every batch |', '|---|---|---|', ...cache].join('\n');
}

if (process.argv[1]?.endsWith('experimentTransfer.ts')) {
  main().catch((e: unknown) => {
    console.error(`experiment:transfer: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
