/**
 * `npm run bench`: is the analysis fast enough to re-run on every keystroke? Times analysing ResNet-152
 * against building the same network as a TF.js model and reading its layer shapes, in one run, and writes
 * bench/results/analysis.json. Node, TF.js cpu backend; medians of repeated runs.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { analyze } from '../src/models/analyze';
import { buildModel, tfjsOutputShape } from '../src/models/tfjs/build';
import { ZOO, zooSpec } from '../src/models/zoo';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => void): { medianMs: number; minMs: number; runs: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return { medianMs: median(ms), minMs: Math.min(...ms), runs };
}

async function main() {
  await tf.setBackend('cpu');
  const spec = zooSpec('resnet152')!;
  const nodes = spec.nodes.length;
  for (let i = 0; i < 20; i++) analyze(spec); // warm up the JIT

  const analysis = time(200, () => analyze(spec));
  const readShapes = (init: 'zeros' | 'default') => () => {
    const built = buildModel(spec, { init });
    for (const l of built.analysis.layers) tfjsOutputShape(built, l.id);
    built.model.dispose();
  };
  readShapes('zeros')();
  const tfjsZeros = time(7, readShapes('zeros'));
  const tfjsDefault = time(3, readShapes('default'));
  const wholeZoo = time(50, () => ZOO.forEach((z) => analyze(z.build())));

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    tfjs: `${tf.version.tfjs} (${tf.getBackend()} backend)`,
    network: `resnet152 (${nodes} nodes)`,
    analysis,
    tfjsBuildAndReadShapes: { zerosInit: tfjsZeros, defaultInit: tfjsDefault },
    ratio: {
      tfjsZerosOverAnalysis: Math.round(tfjsZeros.medianMs / analysis.medianMs),
      tfjsDefaultOverAnalysis: Math.round(tfjsDefault.medianMs / analysis.medianMs),
    },
    analyseWholeZoo: { networks: ZOO.length, ...wholeZoo },
  };
  writeFileSync(new URL('./results/analysis.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  const f = (x: number) => x.toFixed(2).padStart(9);
  console.log(`ResNet-152 (${nodes} nodes), ${result.machine}, TF.js ${result.tfjs}`);
  console.log(`  engine analysis                         ${f(analysis.medianMs)} ms (median of ${analysis.runs})`);
  console.log(`  TF.js build + read shapes, zeros init   ${f(tfjsZeros.medianMs)} ms (median of ${tfjsZeros.runs})  ${result.ratio.tfjsZerosOverAnalysis}x slower`);
  console.log(`  TF.js build + read shapes, Glorot init  ${f(tfjsDefault.medianMs)} ms (median of ${tfjsDefault.runs})  ${result.ratio.tfjsDefaultOverAnalysis}x slower`);
  console.log(`  analyse all ${ZOO.length} zoo networks            ${f(wholeZoo.medianMs)} ms (median of ${wholeZoo.runs})`);
  console.log('written to bench/results/analysis.json');
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
