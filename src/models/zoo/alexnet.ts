import { SpecBuilder } from '../builder';
import { fcHead } from './fcHead';
import { pad } from '../spec';
import type { Paper, ZooEntry } from './types';

const paper: Paper = {
  authors: 'A. Krizhevsky, I. Sutskever, G. E. Hinton',
  title: 'ImageNet classification with deep convolutional neural networks',
  venue: 'NeurIPS',
  year: 2012,
  url: 'https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks',
};

/** The course's single-tower AlexNet: 227x227x3, 96 11x11/4 filters, LRN after the first two convolutions. */
function alexnet() {
  const b = new SpecBuilder('AlexNet', [227, 227, 3]);
  b.conv('conv1', 96, 11, { stride: 4, act: 'relu' });
  b.lrn('norm1', 5, 1e-4, 0.75, 2);
  b.maxPool('pool1', 3, { stride: 2 });
  b.conv('conv2', 256, 5, { padding: 'same', act: 'relu' });
  b.lrn('norm2', 5, 1e-4, 0.75, 2);
  b.maxPool('pool2', 3, { stride: 2 });
  b.conv('conv3', 384, 3, { padding: 'same', act: 'relu' });
  b.conv('conv4', 384, 3, { padding: 'same', act: 'relu' });
  b.conv('conv5', 256, 3, { padding: 'same', act: 'relu' });
  b.maxPool('pool5', 3, { stride: 2 });
  fcHead(b);
  return b.build();
}

/** torchvision's alexnet: 224 input, 64 first filters, no LRN. */
function alexnetTorchvision() {
  const b = new SpecBuilder('AlexNet (torchvision)', [224, 224, 3]);
  b.conv('features.0', 64, 11, { stride: 4, padding: pad(2), act: 'relu' });
  b.maxPool('features.2', 3, { stride: 2 });
  b.conv('features.3', 192, 5, { padding: pad(2), act: 'relu' });
  b.maxPool('features.5', 3, { stride: 2 });
  b.conv('features.6', 384, 3, { padding: pad(1), act: 'relu' });
  b.conv('features.8', 256, 3, { padding: pad(1), act: 'relu' });
  b.conv('features.10', 256, 3, { padding: pad(1), act: 'relu' });
  b.maxPool('features.12', 3, { stride: 2 });
  b.flatten('flatten');
  b.dropout('classifier.0', 0.5);
  b.dense('classifier.1', 4096, 'relu');
  b.dropout('classifier.3', 0.5);
  b.dense('classifier.4', 4096, 'relu');
  b.dense('classifier.6', 1000);
  return b.build();
}

export const alexnetZoo: ZooEntry[] = [
  {
    id: 'alexnet',
    name: 'AlexNet',
    family: 'AlexNet',
    year: 2012,
    paper,
    taught:
      'Like LeNet but about 1000x bigger (60 M parameters), with ReLU, dropout and training split over two GPUs; it convinced computer vision that deep learning works.',
    layoutNote:
      "The course's and paper's single-tower layout (227x227x3 input; the paper's 224 does not divide). The two-GPU split and its grouped convolutions are merged into one tower, as the course draws it; LRN (k=2, n=5, alpha=1e-4, beta=0.75) is kept, though later work found it helps little.",
    build: alexnet,
  },
  {
    id: 'alexnet-torchvision',
    name: 'AlexNet (torchvision)',
    torchvision: 'alexnet',
    family: 'AlexNet',
    year: 2014,
    paper: {
      authors: 'A. Krizhevsky',
      title: 'One weird trick for parallelizing convolutional neural networks',
      venue: 'arXiv:1404.5997',
      year: 2014,
      url: 'https://arxiv.org/abs/1404.5997',
    },
    taught: "The AlexNet most code uses today (torchvision's): 224x224x3 input, 64-192-384-256-256 filters, no LRN; 61.1 M parameters.",
    layoutNote: "torchvision's adaptive 6x6 average pool is left out: at 224x224 it receives 6x6 and changes nothing.",
    build: alexnetTorchvision,
  },
];
