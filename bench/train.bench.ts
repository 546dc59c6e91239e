/**
 * `npm run bench:train`: in headless Chromium on a production build, images per second per backend for LeNet-5
 * and a small ResNet, trained on the main thread and in the app's worker, and the main thread's long-task time in
 * each case. Writes bench/results/train.json and prints a Markdown table. A benchmark, not a test: read ratios.
 * First, the Node half (bench/node/trainNode.ts): the app's training step on wasm in Node against PyTorch on the
 * same networks, interleaved; bench/results/train-node.json.
 * Options: --node (the Node half only)  --json (print only its JSON object)  --rounds 3  --profile (kernel table)
 *          --threads N (default: every core; 1 and N are both timed)
 *          --backends wasm,webgl,webgpu,cpu  --nets lenet5-modern,small-resnet
 *          --sections node,browser,augment (default all three)
 * The augment section: LeNet-5 b64 on wasm in the app's worker with augmentation off, in the training worker's own
 * loop, and in the augmentation worker, interleaved (A, B, C, A, B, C); bench/results/train-augment.json.
 */
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromiumPath } from '../scripts/chromium-path.mjs';
import { augmentRows, augmentTable } from './augmentRows';
import { benchTrainNode } from './node/trainNode';
import type { BenchRun } from './train-page/main';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i > 0 ? process.argv[i + 1] : undefined) ?? def;
};
const BACKENDS = arg('backends', 'wasm,webgl,webgpu,cpu').split(',');
const NETS = arg('nets', 'lenet5-modern,small-resnet').split(',');
const PORT = Number(arg('port', '4186'));
const OUT = arg('out', 'bench/results/train.json');
const SECTIONS = arg('sections', 'node,browser,augment').split(',');
// Fewer batches where a backend is slow here (software GPU), so the whole run stays within minutes.
const BATCHES: Record<string, Record<string, number>> = {
  'lenet5-modern': { wasm: 24, webgl: 5, webgpu: 4, cpu: 5 },
  'small-resnet': { wasm: 8, webgl: 3, webgpu: 3, cpu: 3 },
};

const chromiumVersion = spawnSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).stdout.trim();

/** Writes the results so far (after every run, so a slow backend cut short still leaves the others). */
function save(runs: BenchRun[]) {
  const out = { date: new Date().toISOString(), chromium: chromiumVersion, cpu: os.cpus()[0]?.model, cores: os.cpus().length, batchSize: 32, note: 'img/s after 2 warm-up batches; long tasks on the main thread while training (PerformanceObserver longtask)', runs };
  writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
}

/** The Node half: writes bench/results/train-node.json and prints its table (or, with --json, the JSON object alone). */
async function nodeHalf() {
  const json = process.argv.includes('--json');
  const log = (line: string) => (json ? console.error(line) : console.log(line));
  const load = os.loadavg();
  const r = await benchTrainNode({ rounds: Number(arg('rounds', '3')), threads: Number(arg('threads', String(os.availableParallelism()))), profile: process.argv.includes('--profile'), log });
  const out = { date: new Date().toISOString(), cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg(), tfjs: r.runtime, ...r };
  writeFileSync('bench/results/train-node.json', JSON.stringify(out, null, 2) + '\n');
  if (json) {
    console.log(JSON.stringify(out));
    return;
  }
  console.log(`\n${r.runtime}; load average ${load.map((l) => l.toFixed(2)).join(', ')} at start\n`);
  console.log('| network, batch | threads | TF.js wasm (the app) img/s | PyTorch img/s | PyTorch / TF.js | TF.js speed-up over 1 thread | parameters (both) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const n of r.networks) {
    const one = r.networks.find((m) => m.name === n.name && m.threads === 1)!;
    console.log(`| ${n.name}, b${n.batch} | ${n.threads} | ${n.tfjsImgPerSec.toFixed(0)} | ${n.pytorchImgPerSec.toFixed(0)} | ${n.pytorchOverTfjs.toFixed(2)}x | ${(n.tfjsImgPerSec / one.tfjsImgPerSec).toFixed(2)}x | ${n.tfjsParams.trainable.toLocaleString('en-US')} |`);
  }
  for (const n of r.networks.filter((x) => x.profile)) {
    const p = n.profile!;
    console.log(`\n${n.name} b${n.batch}, ${n.threads} thread(s), one profiled step: ${p.wallMs.toFixed(1)} ms, ${p.kernelCalls} kernel calls, ${p.outsideMs.toFixed(1)} ms outside kernels\n`);
    console.log('| kernel | calls | ms | share of the step |');
    console.log('|---|---|---|---|');
    for (const k of p.kernels.slice(0, 10)) console.log(`| ${k.kernel} | ${k.calls} | ${k.ms.toFixed(2)} | ${k.share.toFixed(1)}% |`);
  }
}

/** Builds and serves the benchmark page, opens it in headless Chromium, runs `fn`, and cleans up. */
async function withPage<T>(fn: (page: import('@playwright/test').Page) => Promise<T>): Promise<T> {
  const built = spawnSync('npx', ['vite', 'build', '--config', 'bench/train-page/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build of the benchmark page failed');
  const server = spawn('npx', ['vite', 'preview', '--config', 'bench/train-page/vite.config.ts', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-quic', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'] });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && console.error(`page console: ${m.text().slice(0, 300)}`));
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://localhost:${PORT}/`);
        break;
      } catch (e) {
        if (i > 60) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    return await fn(page);
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

/** One run on a freshly loaded page. */
async function benchOnce(page: import('@playwright/test').Page, o: Parameters<Window['benchTrain']>[0]): Promise<BenchRun> {
  await page.reload();
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return page.evaluate((x) => window.benchTrain(x), o);
}

/** Backends x networks, on the main thread and in the worker. */
async function browserHalf(page: import('@playwright/test').Page) {
  const runs: BenchRun[] = [];
  for (const net of NETS) {
    for (const backend of BACKENDS) {
      for (const where of ['main', 'worker'] as const) {
        const batches = BATCHES[net]?.[backend] ?? 4;
        const r = await benchOnce(page, { net, backend: backend as BenchRun['backend'], where, batchSize: 32, batches, warmup: 2 });
        runs.push(r);
        save(runs);
        console.log(`${net} ${r.backend} ${where}: ${r.imagesPerSecond.toFixed(0)} img/s, first 2 batches ${(r.firstBatchesMs / 1000).toFixed(1)} s, long tasks ${r.longTasks.count} (${r.longTasks.totalMs.toFixed(0)} ms, max ${r.longTasks.maxMs.toFixed(0)} ms)`);
      }
    }
  }
  console.log('\n| network | backend | main thread img/s | worker img/s | main-thread long tasks: main / worker training |');
  console.log('|---|---|---|---|---|');
  for (const net of NETS) {
    for (const backend of BACKENDS) {
      const m = runs.find((r) => r.net === net && r.where === 'main' && r.backend === backend);
      const w = runs.find((r) => r.net === net && r.where === 'worker' && r.backend === backend);
      if (!m || !w) continue;
      const lt = (r: BenchRun) => `${r.longTasks.count} (${(r.longTasks.totalMs / 1000).toFixed(1)} s)`;
      console.log(`| ${net} | ${backend} | ${m.imagesPerSecond.toFixed(0)} | ${w.imagesPerSecond.toFixed(0)} | ${lt(m)} / ${lt(w)} |`);
    }
  }
}

/** Augmentation off / in the training worker / in the augmentation worker, interleaved; medians and ratios. */
async function augmentHalf(page: import('@playwright/test').Page) {
  const rounds = Number(arg('rounds', '3'));
  const batches = Number(arg('augment-batches', '100'));
  const load = os.loadavg();
  const runs: BenchRun[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const augment of ['off', 'thread', 'worker'] as const) {
      const x = await benchOnce(page, { net: 'lenet5-modern', backend: 'wasm', where: 'worker', batchSize: 64, batches, warmup: 5, augment });
      runs.push(x);
      console.log(`augmentation ${augment}, round ${r + 1}: ${x.imagesPerSecond.toFixed(0)} img/s, waited ${(x.waitedMs / 1000).toFixed(2)} s${x.producerImagesPerSecond ? `, producer ${x.producerImagesPerSecond.toFixed(0)} img/s` : ''}`);
    }
  }
  const rows = augmentRows(runs);
  const out = { date: new Date().toISOString(), chromium: chromiumVersion, cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg(), network: 'lenet5-modern', batchSize: 64, batches, warmup: 5, rounds, runs, rows };
  writeFileSync('bench/results/train-augment.json', JSON.stringify(out, null, 2) + '\n');
  console.log(`\nLeNet-5 b64, wasm in the training worker, ${batches} batches after 5 warm-up, median of ${rounds} interleaved rounds; load average ${load.map((l) => l.toFixed(2)).join(', ')} at start\n`);
  console.log(augmentTable(rows));
}

async function main() {
  if (SECTIONS.includes('node')) await nodeHalf();
  if (process.argv.includes('--node')) return;
  const browser = SECTIONS.includes('browser');
  const augment = SECTIONS.includes('augment');
  if (!browser && !augment) return;
  await withPage(async (page) => {
    if (browser) await browserHalf(page);
    if (augment) await augmentHalf(page);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
