/**
 * `npm run predict -- <model id | model.json> <image...> [options]`: top-5 classes per image from a shipped model
 * (public/models) or any TF.js layers model.json, on TF.js's wasm backend in Node, with the app's preprocessing,
 * multi-crop and ensembling. Text by default; `--json` prints one JSON object per image per line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { answer, type ModelRef } from '../predict/answer';
import { SHIPPED_MODELS, shippedModel, type ShippedModel } from '../predict/catalog';
import type { DatasetId } from '../data/datasets';
import { honesty } from '../predict/honesty';
import { labelsFor } from '../predict/labels';
import { engineFigures, pipelineFor, shippedRef } from '../predict/models';
import { CROP_COUNT, type CropMode, type InputRange } from '../predict/pipeline';
import { preprocess, type Style } from '../predict/preprocess';
import { Predictor } from '../workers/predictor';
import { decodeImageFile } from './decodeImage';
import type { CommandResult } from './entry';
import { readModelFiles, ROOT } from './nodeData';

export const PREDICT_USAGE = `Usage: npm run predict -- <model> <image...> [options]
  <model>          a shipped model id (${SHIPPED_MODELS.map((m) => m.id).join(', ')})
                   or the path of a TF.js layers model.json (its weight files beside it)
  <image...>       PNG, JPEG, GIF (first frame) or BMP files
Options:
  --json           one JSON object per image per line: {"file", "model", "top": [{"label", "index", "p"}], "honesty", ...}
  --crops 1|5|10   test-time crops: the centre only (default), 4 corners + centre, or those and their mirrors
  --ensemble       average the shipped models trained on the same dataset (e.g. three LeNet-5 seeds)
  --invert auto|yes|no   light-on-dark conversion for digits and items (default auto: from the border)
  --range 0,1|-1,1|0,255 pixel range a photo model expects (default 0,1)
  --top K          how many classes to print (default 5)`;

interface Options {
  json: boolean;
  crops: CropMode;
  ensemble: boolean;
  invert: 'auto' | boolean;
  range: InputRange;
  top: number;
  model: string;
  images: string[];
}

function parseArgs(argv: readonly string[]): Options | string {
  const o: Options = { json: false, crops: 'single', ensemble: false, invert: 'auto', range: '0,1', top: 5, model: '', images: [] };
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') o.json = true;
      else if (a === '--ensemble') o.ensemble = true;
      else if (a === '--crops') {
        const v = value();
        const m: Record<string, CropMode> = { '1': 'single', '5': 'five', '10': 'ten' };
        if (!m[v]) return `--crops takes 1, 5 or 10, not '${v}'`;
        o.crops = m[v]!;
      } else if (a === '--invert') {
        const v = value();
        if (!['auto', 'yes', 'no'].includes(v)) return `--invert takes auto, yes or no, not '${v}'`;
        o.invert = v === 'auto' ? 'auto' : v === 'yes';
      } else if (a === '--range') {
        const v = value();
        if (v !== '0,1' && v !== '-1,1' && v !== '0,255') return `--range takes 0,1 or -1,1 or 0,255, not '${v}'`;
        o.range = v;
      } else if (a === '--top') {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1 || v > 1000) return `--top takes a whole number from 1 to 1000`;
        o.top = v;
      } else if (a.startsWith('--')) return `unknown option ${a}`;
      else pos.push(a);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (pos.length < 2) return pos.length === 0 ? 'give a model and at least one image' : 'give at least one image after the model';
  o.model = pos[0]!;
  o.images = pos.slice(1);
  return o;
}

const pct = (p: number) => `${(p * 100).toFixed(2)}%`;

/** Runs the command; never throws for a user mistake (the message goes to stderr with exit code 2, or 1 per image). */
export async function runPredict(argv: readonly string[]): Promise<CommandResult> {
  const o = parseArgs(argv);
  if (typeof o === 'string') return { stdout: '', stderr: `predict: ${o}\n${PREDICT_USAGE}\n`, code: 2 };
  const predictor = new Predictor();
  const refs: ModelRef[] = [];
  let style: Style | null = null;
  let dataset: DatasetId | null = null;
  try {
    const shipped = shippedModel(o.model);
    if (shipped) {
      const members: ShippedModel[] = o.ensemble ? SHIPPED_MODELS.filter((m) => m.group === shipped.group) : [shipped];
      style = shipped.dataset === 'mnist' ? 'mnist' : 'fashion';
      dataset = shipped.dataset;
      for (const m of members) {
        const file = path.join(ROOT, 'public/models', m.id, 'model.json');
        if (!existsSync(file)) return { stdout: '', stderr: `predict: ${file} is missing; run npm run pretrain -- ${m.id}\n`, code: 2 };
        const { modelJson, files } = readModelFiles(file);
        const info = await predictor.load(m.id, modelJson, 'model.json', files);
        refs.push(shippedRef(m, info.inputShape));
      }
    } else {
      if (o.ensemble) return { stdout: '', stderr: 'predict: --ensemble works with the shipped models, whose siblings are known\n', code: 2 };
      if (!existsSync(o.model) || !statSync(o.model).isFile()) {
        return { stdout: '', stderr: `predict: '${o.model}' is neither a shipped model (${SHIPPED_MODELS.map((m) => m.id).join(', ')}) nor a model.json file\n`, code: 2 };
      }
      const { modelJson, files } = readModelFiles(o.model);
      const info = await predictor.load('user', modelJson, path.basename(o.model), files);
      // Where the engine cannot read the topology, the cost is unknown (0).
      const engine = engineFigures(modelJson);
      const pipeline = pipelineFor(info.inputShape);
      if (pipeline === 'digit') style = 'mnist';
      refs.push({ key: 'user', name: path.basename(path.dirname(path.resolve(o.model))), inputShape: info.inputShape, macs: 'macs' in engine ? engine.macs : 0, labels: labelsFor(info.outputUnits).labels, pipeline });
    }
  } catch (e) {
    predictor.dispose();
    return { stdout: '', stderr: `predict: ${(e as Error).message}\n`, code: 2 };
  }
  let stdout = '';
  let stderr = '';
  let failed = 0;
  for (const file of o.images) {
    let bytes: Uint8Array;
    try {
      if (statSync(file).size > 100_000_000) throw new Error('it is over 100 MB');
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      failed++;
      const message = `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`;
      if (o.json) stdout += JSON.stringify({ file, error: message }) + '\n';
      else stderr += `predict: ${message}\n`;
      continue;
    }
    const decoded = decodeImageFile(bytes, path.basename(file));
    if (!decoded.ok) {
      failed++;
      if (o.json) stdout += JSON.stringify({ file, error: decoded.message }) + '\n';
      else stderr += `predict: ${decoded.message}\n`;
      continue;
    }
    const pre = style ? preprocess(decoded.image, style, o.invert) : null;
    const r = await answer({ rgba: decoded.image, digit: pre && !pre.empty ? pre.image : null }, refs, o.crops, o.range, (key, input) => predictor.predict(key, input.data, input.count, input.shape), o.top);
    if (!r.ok) {
      failed++;
      if (o.json) stdout += JSON.stringify({ file, error: r.message }) + '\n';
      else stderr += `predict: ${file}: ${r.message}\n`;
      continue;
    }
    const a = r.answer;
    const h = honesty(pre, a, dataset);
    const round = (p: number) => Number(p.toFixed(6));
    if (o.json) {
      stdout +=
        JSON.stringify({
          file,
          model: refs.map((m) => m.key).join('+'),
          crops: CROP_COUNT[o.crops],
          macs: a.cost.macs,
          computeMultiplier: a.cost.multiplier,
          ms: Number(a.ms.toFixed(2)),
          notes: decoded.notes,
          top: a.top.map((t) => ({ label: t.label, index: t.index, p: round(t.p) })),
          honesty: {
            kind: h.kind,
            flagged: h.flagged,
            headline: h.headline,
            answerLabel: h.answerLabel,
            against: h.against,
            checks: h.checks.map((c) => ({ signal: c.id, value: round(c.value), threshold: round(c.threshold.value), unusual: c.unusual })),
          },
        }) + '\n';
    } else {
      const head = `${file}  (${refs.map((m) => m.name).join(' + ')}; ${CROP_COUNT[o.crops]} crop${o.crops === 'single' ? '' : 's'}; ${(a.cost.macs / 1e6).toFixed(2)} M MACs = ${a.cost.multiplier}x one pass; ${a.ms.toFixed(1)} ms)`;
      const width = Math.max(...a.top.map((t) => t.label.length));
      const check = [`  ${h.flagged ? 'doubt' : 'check'}: ${h.headline}`, ...h.checks.filter((c) => c.unusual).map((c) => `    unusual: ${c.text}`), ...(h.flagged ? [`  ${h.answerLabel}`] : [])];
      stdout += [head, ...decoded.notes.map((n) => `  note: ${n}`), ...check, ...a.top.map((t, i) => `  ${i + 1}. ${t.label.padEnd(width)}  ${pct(t.p).padStart(7)}`)].join('\n') + '\n';
    }
  }
  predictor.dispose();
  return { stdout, stderr, code: failed > 0 ? 1 : 0 };
}
