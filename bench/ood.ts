/**
 * `npm run bench:ood`: chooses the thresholds of the honest-prediction check on the training sets and measures
 * what it does. For each dataset (and each shipped model, adding its energy score) the signals of all 60,000
 * training images, dropped as a user would (dark on white, through the app's preprocessing), fix thresholds that
 * flag at most 1 in 1,000 of them (src/predict/oodSignals.ts, chooseThresholds); the result is written to
 * src/predict/oodReference.json, which the app and the CLI read. Then, with the app's own answer path, it counts
 * the test images each model wrongly flags, the photos and drawings it catches (the sample photos, plus
 * scikit-image's and scikit-learn's pictures when SKIMAGE_DATA / SKLEARN_DATA or python3 finds them), the other
 * dataset's test images, and scikit-learn's 8x8 handwritten digits; writes bench/results/ood.json and prints the
 * README's table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeImageFile } from '../src/cli/decodeImage';
import { loadNodeDataset, readModelFiles, ROOT } from '../src/cli/nodeData';
import { DATASETS, type DatasetId } from '../src/data/datasets';
import type { ImageSet } from '../src/data/idx';
import { TASKS, taskSubset } from '../src/data/tasks';
import { answer, type ModelRef } from '../src/predict/answer';
import { SHIPPED_MODELS, trainedOn, type ShippedModel } from '../src/predict/catalog';
import type { RgbaImage } from '../src/predict/image';
import { shippedRef } from '../src/predict/models';
import { chooseThresholds, energyScore, IMAGE_SIGNALS, imageSignals, judge, type Reference, type SignalId } from '../src/predict/oodSignals';
import { digitInput } from '../src/predict/pipeline';
import { preprocess, type Style } from '../src/predict/preprocess';
import type { OodReferenceFile } from '../src/predict/honesty';
import { startWasmInNode } from '../src/workers/nodeBackend';
import { Predictor } from '../src/workers/predictor';

/** At most this share of the training images may be flagged (the one number the thresholds are chosen for). */
const TARGET = 0.001;
/** Signals that must be unusual together: one odd measurement alone (a coloured pen, a faint digit) is no reason. */
const NEED = 2;
const BATCH = 500;

const STYLE: Record<DatasetId, Style> = { mnist: 'mnist', 'fashion-mnist': 'fashion' };
const NOUN: Record<DatasetId, string> = { mnist: 'digits', 'fashion-mnist': 'items' };

/** A 28x28 test or training image as a user drops it: dark on white, opaque RGBA. */
function asDropped(bytes: Uint8Array, size = 28, max = 255): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    data.fill(255 - Math.round((bytes[p]! * 255) / max), p * 4, p * 4 + 3);
    data[p * 4 + 3] = 255;
  }
  return { width: size, height: size, data };
}

interface Picture {
  name: string;
  kind: 'photo' | 'graphic';
  source: string;
  image: RgbaImage;
}

/** Python's answer for a package's folder, or null. */
function pythonDir(pkg: string, sub: string): string | null {
  try {
    const dir = execFileSync('python3', ['-c', `import ${pkg}, os; print(os.path.dirname(${pkg}.__file__))`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path.join(dir, sub);
  } catch {
    return null;
  }
}

const SAMPLE_PHOTOS: [string, Picture['kind']][] = [['astronaut.jpg', 'photo'], ['camera.png', 'photo'], ['chelsea.jpg', 'photo'], ['coffee.jpg', 'photo'], ['rocket.jpg', 'photo'], ['horse.png', 'graphic']];
/** scikit-image's data folder beyond the samples: photos and scans, and drawn or synthetic pictures. */
const SKIMAGE: [string, Picture['kind']][] = [
  ...['brick.png', 'cell.png', 'clock_motion.png', 'coins.png', 'grass.png', 'gravel.png', 'hubble_deep_field.jpg', 'ihc.png', 'microaneurysms.png', 'moon.png', 'motorcycle_left.png', 'motorcycle_right.png', 'page.png', 'retina.jpg', 'text.png'].map((f) => [f, 'photo'] as [string, Picture['kind']]),
  ...['bw_text.png', 'chessboard_GRAY.png', 'color.png', 'green_palette.png', 'logo.png', 'phantom.png'].map((f) => [f, 'graphic'] as [string, Picture['kind']]),
];
const SKLEARN_IMAGES = ['china.jpg', 'flower.jpg'];

function loadPictures(): { pictures: Picture[]; sources: string[] } {
  const pictures: Picture[] = [];
  const sources: string[] = [];
  const add = (dir: string, file: string, kind: Picture['kind'], source: string) => {
    const r = decodeImageFile(new Uint8Array(readFileSync(path.join(dir, file))), file);
    if (!r.ok) throw new Error(r.message);
    pictures.push({ name: file.replace(/\.[a-z]+$/, ''), kind, source, image: r.image });
  };
  for (const [f, kind] of SAMPLE_PHOTOS) add(path.join(ROOT, 'public/sample-images/photos'), f, kind, 'public/sample-images');
  sources.push('public/sample-images/photos');
  const skimage = process.env.SKIMAGE_DATA ?? pythonDir('skimage', 'data');
  if (skimage && existsSync(path.join(skimage, 'brick.png'))) {
    for (const [f, kind] of SKIMAGE) add(skimage, f, kind, 'scikit-image');
    sources.push(`scikit-image data (${skimage})`);
  } else console.log('scikit-image data not found (set SKIMAGE_DATA or apt-get install python3-skimage): its pictures are left out');
  const sklearn = sklearnDir();
  if (sklearn) {
    for (const f of SKLEARN_IMAGES) add(path.join(sklearn, 'images'), f, 'photo', 'scikit-learn');
    sources.push(`scikit-learn images (${sklearn})`);
  } else console.log('scikit-learn datasets not found (set SKLEARN_DATA or apt-get install python3-sklearn): its photos and 8x8 digits are left out');
  return { pictures, sources };
}

function sklearnDir(): string | null {
  const dir = process.env.SKLEARN_DATA ?? pythonDir('sklearn', 'datasets');
  return dir && existsSync(path.join(dir, 'images/china.jpg')) ? dir : null;
}

/** scikit-learn's 1,797 8x8 digits (values 0..16, 16 = ink), as dropped images. */
function sklearnDigits(): { images: RgbaImage[]; labels: number[] } | null {
  const dir = sklearnDir();
  if (!dir) return null;
  const rows = gunzipSync(readFileSync(path.join(dir, 'data/digits.csv.gz'))).toString('utf8').trim().split('\n');
  const images: RgbaImage[] = [];
  const labels: number[] = [];
  for (const row of rows) {
    const v = row.split(',').map(Number);
    images.push(asDropped(Uint8Array.from(v.slice(0, 64)), 8, 16));
    labels.push(v[64]!);
  }
  return { images, labels };
}

async function main() {
  const t0 = performance.now();
  await startWasmInNode();
  const predictor = new Predictor();
  const refs = new Map<string, ModelRef>();
  for (const m of SHIPPED_MODELS) {
    const { modelJson, files } = readModelFiles(path.join(ROOT, 'public/models', m.id, 'model.json'));
    const info = await predictor.load(m.id, modelJson, 'model.json', files);
    refs.set(m.id, shippedRef(m, info.inputShape));
  }
  const sets = { mnist: loadNodeDataset('mnist'), 'fashion-mnist': loadNodeDataset('fashion-mnist') };
  const confidenceCut = new Map<string, number>();
  const file: OodReferenceFile = { note: 'Written by npm run bench:ood (bench/ood.ts); do not edit.', target: TARGET, domains: {} as OodReferenceFile['domains'], models: {} };

  // 1. Thresholds from the training images.
  for (const dataset of ['mnist', 'fashion-mnist'] as DatasetId[]) {
    const train = sets[dataset].train;
    const members = SHIPPED_MODELS.filter((m) => m.dataset === dataset);
    const values: Record<SignalId, Float64Array> = Object.fromEntries([...IMAGE_SIGNALS, 'energy'].map((id) => [id, new Float64Array(train.count)])) as Record<SignalId, Float64Array>;
    const energies = new Map(members.map((m) => [m.id, new Float64Array(train.count)]));
    const confidences = new Map(members.map((m) => [m.id, new Float64Array(train.count)]));
    for (let start = 0; start < train.count; start += BATCH) {
      const count = Math.min(BATCH, train.count - start);
      const digits: Float32Array[] = [];
      for (let i = start; i < start + count; i++) {
        const pre = preprocess(asDropped(train.images.subarray(i * 784, (i + 1) * 784)), STYLE[dataset]);
        const s = imageSignals(pre)!;
        for (const id of IMAGE_SIGNALS) values[id][i] = s[id];
        digits.push(pre.image.data);
      }
      for (const m of members) {
        const ref = refs.get(m.id)!;
        const one = ref.inputShape[0]! * ref.inputShape[1]!;
        const batch = new Float32Array(count * one);
        digits.forEach((d, j) => {
          const p = digitInput({ width: 28, height: 28, data: d }, ref.inputShape, 'single');
          if (!p.ok) throw new Error(p.message);
          batch.set(p.input.data, j * one);
        });
        const r = await predictor.predict(m.id, batch, count, [ref.inputShape[0]!, ref.inputShape[1]!, 1]);
        for (let j = 0; j < count; j++) {
          energies.get(m.id)![start + j] = energyScore(r.logits!.subarray(j * r.classes, (j + 1) * r.classes));
          confidences.get(m.id)![start + j] = Math.max(...r.probs.subarray(j * r.classes, (j + 1) * r.classes));
        }
      }
    }
    const imageOnly = Object.fromEntries(IMAGE_SIGNALS.map((id) => [id, values[id]]));
    const d = chooseThresholds(imageOnly, NEED, TARGET);
    file.domains[dataset] = { what: `${DATASETS[dataset].name} training ${NOUN[dataset]}`, images: train.count, need: NEED, thresholds: d.thresholds, flagged: d.flagged };
    console.log(`${dataset}: image signals cut at the ${(d.tail * 100).toFixed(3)}% tail, ${(d.flagged * 100).toFixed(3)}% of training images flagged`);
    for (const m of members) {
      // A model trained on a subset of the classes (digits 0-4) is compared with the training images it saw.
      const keep = keptIndices(train, m);
      const pickOf = (v: Float64Array) => Float64Array.from(keep, (i) => v[i]!);
      const r = chooseThresholds({ ...Object.fromEntries(IMAGE_SIGNALS.map((id) => [id, pickOf(values[id])])), energy: pickOf(energies.get(m.id)!) }, NEED, TARGET);
      file.models[m.id] = { domain: dataset, what: m.task ? `training images of ${trainedOn(m)}` : `${DATASETS[dataset].name} training ${NOUN[dataset]}`, images: keep.length, need: NEED, thresholds: r.thresholds, flagged: r.flagged };
      // The baseline: the model's confidence alone, cut where it flags the same share of the training images.
      const sure = pickOf(confidences.get(m.id)!).sort();
      confidenceCut.set(m.id, sure[Math.floor(TARGET * sure.length)]!);
      console.log(`  ${m.id}: with its energy score, cut at the ${(r.tail * 100).toFixed(3)}% tail, ${(r.flagged * 100).toFixed(3)}% flagged`);
    }
  }
  writeFileSync(path.join(ROOT, 'src/predict/oodReference.json'), JSON.stringify(file, null, 2) + '\n');

  // 2. What the check does, through the app's answer path (one model, centre crop).
  const { pictures, sources } = loadPictures();
  const small = sklearnDigits();
  const run = (key: string, input: { data: Float32Array; count: number; shape: [number, number, number] }) => predictor.predict(key, input.data, input.count, input.shape);
  const verdict = async (m: ShippedModel, ref: Reference, image: RgbaImage) => {
    const pre = preprocess(image, STYLE[m.dataset]);
    const signals = imageSignals(pre);
    if (!signals) return { flagged: true, unusual: ['blank'] };
    const a = await answer({ rgba: image, digit: pre.image }, [refs.get(m.id)!], 'single', '0,1', run, 1);
    if (!a.ok) throw new Error(a.message);
    const j = judge({ ...signals, energy: a.answer.perModel[0]!.energy ?? undefined }, ref);
    return { flagged: j.flagged, unusual: j.checks.filter((c) => c.unusual).map((c) => c.id as string), top: a.answer.top[0]! };
  };
  /** Flagged images of a labelled set, and how often the model is right on the flagged and on the other ones. */
  const rate = async (m: ShippedModel, ref: Reference, images: RgbaImage[], labels: ArrayLike<number> | null) => {
    let flagged = 0;
    let unsure = 0;
    const right = { flagged: 0, kept: 0 };
    const why = new Map<string, number>();
    for (let i = 0; i < images.length; i++) {
      const v = await verdict(m, ref, images[i]!);
      const ok = labels !== null && v.top?.index === labels[i];
      if (v.top && v.top.p < confidenceCut.get(m.id)!) unsure++;
      if (v.flagged) {
        flagged++;
        right.flagged += ok ? 1 : 0;
        const key = v.unusual.join('+');
        why.set(key, (why.get(key) ?? 0) + 1);
      } else right.kept += ok ? 1 : 0;
    }
    const n = images.length;
    return {
      images: n,
      flagged,
      rate: flagged / n,
      confidenceOnlyFlagged: unsure,
      ...(labels ? { accuracyFlagged: flagged > 0 ? right.flagged / flagged : null, accuracyKept: n > flagged ? right.kept / (n - flagged) : null } : {}),
      unusualSignals: Object.fromEntries([...why].sort((a, b) => b[1] - a[1])),
    };
  };
  const dropped = (set: ImageSet) => Array.from({ length: set.count }, (_, i) => asDropped(set.images.subarray(i * 784, (i + 1) * 784)));
  const rows = [];
  for (const m of SHIPPED_MODELS) {
    const ref = file.models[m.id]!;
    const test = sets[m.dataset].test;
    const own = m.task ? taskSubset(test, m.task) : test;
    const other = m.dataset === 'mnist' ? sets['fashion-mnist'].test : sets.mnist.test;
    const unseen = m.task === 'mnist04' ? taskSubset(test, 'mnist59') : null;
    const perPicture = [];
    for (const p of pictures) perPicture.push({ name: p.name, kind: p.kind, source: p.source, ...(await verdict(m, ref, p.image)) });
    const row = {
      model: m.id,
      name: m.name,
      reference: ref,
      testSet: { what: `${trainedOn(m)} test images`, ...(await rate(m, ref, dropped(own), own.labels)) },
      photos: { caught: perPicture.filter((p) => p.kind === 'photo' && p.flagged).length, of: perPicture.filter((p) => p.kind === 'photo').length },
      graphics: { caught: perPicture.filter((p) => p.kind === 'graphic' && p.flagged).length, of: perPicture.filter((p) => p.kind === 'graphic').length },
      otherDataset: { what: `${m.dataset === 'mnist' ? 'Fashion-MNIST' : 'MNIST'} test images`, ...(await rate(m, ref, dropped(other), null)) },
      ...(unseen ? { unseenDigits: { what: 'MNIST test digits 5-9 (never seen in training)', ...(await rate(m, ref, dropped(unseen), null)) } } : {}),
      ...(small && m.dataset === 'mnist' ? { sklearnDigits: { what: "scikit-learn's 8x8 handwritten digits", ...(await rate(m, ref, small.images, m.task ? null : small.labels)) } } : {}),
      confidenceOnly: {
        threshold: confidenceCut.get(m.id)!,
        photos: perPicture.filter((p) => p.kind === 'photo' && p.top && p.top.p < confidenceCut.get(m.id)!).length,
        graphics: perPicture.filter((p) => p.kind === 'graphic' && p.top && p.top.p < confidenceCut.get(m.id)!).length,
      },
      pictures: perPicture,
    };
    rows.push(row);
    console.log(`${m.id}: ${row.testSet.flagged}/${row.testSet.images} test images flagged; photos ${row.photos.caught}/${row.photos.of}, graphics ${row.graphics.caught}/${row.graphics.of}; ${row.otherDataset.what} ${(row.otherDataset.rate * 100).toFixed(1)}%`);
    console.log(`  missed: ${perPicture.filter((p) => !p.flagged).map((p) => `${p.name} (${p.unusual.join('+') || 'nothing unusual'})`).join(', ') || 'none'}`);
  }
  const load = os.loadavg().map((v) => v.toFixed(2)).join(' ');
  writeFileSync(
    path.join(ROOT, 'bench/results/ood.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', loadAverage: load, seconds: (performance.now() - t0) / 1000, target: TARGET, need: NEED, pictureSources: sources, results: rows }, null, 2) + '\n',
  );
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log('\n| model | test images wrongly flagged | photos caught | drawings caught | other dataset flagged |\n|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.testSet.flagged} of ${r.testSet.images.toLocaleString('en-US')} (${pct(r.testSet.rate)}) | ${r.photos.caught} of ${r.photos.of} | ${r.graphics.caught} of ${r.graphics.of} | ${r.otherDataset.what}: ${pct(r.otherDataset.rate)} |`);
  }
  const acc = (x: number | null | undefined) => (x === null || x === undefined ? '-' : pct(x));
  console.log('\n| model | confidence alone: top class under | test images flagged | photos caught | drawings caught |\n|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${pct(r.confidenceOnly.threshold)} | ${r.testSet.confidenceOnlyFlagged} of ${r.testSet.images.toLocaleString('en-US')} | ${r.confidenceOnly.photos} of ${r.photos.of} | ${r.confidenceOnly.graphics} of ${r.graphics.of} |`);
  }
  console.log('\n| model | right on the test images it flags | right on the others | scikit-learn 8x8 digits flagged (right on them / the others) |\n|---|---|---|---|');
  for (const r of rows) {
    const sk = r.sklearnDigits;
    const skText = sk ? `${sk.flagged} of ${sk.images.toLocaleString('en-US')} (${acc(sk.accuracyFlagged)} / ${acc(sk.accuracyKept)})` : '-';
    console.log(`| ${r.name} | ${acc(r.testSet.accuracyFlagged)} | ${acc(r.testSet.accuracyKept)} | ${skText} |`);
    if (r.unseenDigits) console.log(`  (${r.unseenDigits.what}: ${r.unseenDigits.flagged} of ${r.unseenDigits.images.toLocaleString('en-US')} flagged, ${pct(r.unseenDigits.rate)})`);
  }
  console.log(`\nload average ${load}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  predictor.dispose();
}

/** Indices of the training images a model saw (all of them, or those of its task's classes). */
function keptIndices(set: ImageSet, m: ShippedModel): number[] {
  const classes = new Set(m.task ? TASKS[m.task].classes : DATASETS[m.dataset].classes.map((_, k) => k));
  return Array.from({ length: set.count }, (_, i) => i).filter((i) => classes.has(set.labels[i]!));
}

void main();
