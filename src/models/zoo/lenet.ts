import { SpecBuilder } from '../builder';
import type { ActivationFn } from '../spec';
import type { Paper, ZooEntry } from './types';

const paper: Paper = {
  authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
  title: 'Gradient-based learning applied to document recognition',
  venue: 'Proceedings of the IEEE',
  year: 1998,
  url: 'https://ieeexplore.ieee.org/document/726791',
};

function lenet(name: string, modern: boolean) {
  const b = new SpecBuilder(name, [32, 32, 1]);
  const act: ActivationFn = modern ? 'relu' : 'tanh';
  b.conv('c1', 6, 5, { act });
  if (modern) b.maxPool('s2', 2);
  else {
    b.avgPool('s2', 2);
    b.act('s2.sigmoid', 'sigmoid');
  }
  b.conv('c3', 16, 5, { act });
  if (modern) b.maxPool('s4', 2);
  else {
    b.avgPool('s4', 2);
    b.act('s4.sigmoid', 'sigmoid');
  }
  b.flatten('flatten');
  b.dense('c5', 120, act);
  b.dense('f6', 84, act);
  b.dense('output', 10, modern ? 'softmax' : undefined);
  return b.build();
}

export const lenetZoo: ZooEntry[] = [
  {
    id: 'lenet5',
    name: 'LeNet-5',
    family: 'LeNet',
    year: 1998,
    paper,
    taught:
      'Conv -> pool -> conv -> pool -> FC -> FC -> output: the arrangement most later networks follow. Height and width shrink while channels grow; about 60 k parameters.',
    layoutNote:
      "As the course draws it: 32x32x1 input, no padding, average pooling followed by a sigmoid, tanh elsewhere, 10 linear outputs (the paper's RBF units; train them with softmax cross-entropy). The paper's partial C3 connection table and trainable subsampling coefficients are left out, as the course does.",
    build: () => lenet('LeNet-5', false),
  },
  {
    id: 'lenet5-modern',
    name: 'LeNet-5 (modern)',
    family: 'LeNet',
    year: 1998,
    paper,
    taught: 'The same layers as a modern implementation would write them: ReLU, max pooling and a softmax output. Same 61,706 parameters.',
    build: () => lenet('LeNet-5 (modern)', true),
  },
];
