import { SpecBuilder } from '../builder';
import { pad } from '../spec';
import type { Paper, ZooEntry } from './types';

const paper: Paper = {
  authors: 'C. Szegedy, W. Liu, Y. Jia, P. Sermanet, S. Reed, D. Anguelov, D. Erhan, V. Vanhoucke, A. Rabinovich',
  title: 'Going deeper with convolutions',
  venue: 'CVPR',
  year: 2015,
  url: 'https://arxiv.org/abs/1409.4842',
};

/** The course's single module on 28x28x192: 1x1, 3x3, 5x5 and max-pool branches, concatenated. */
function module(reduced: boolean) {
  const b = new SpecBuilder(reduced ? 'Inception module (1x1 bottlenecks)' : 'Inception module (naive)', [28, 28, 192]);
  const x = 'input';
  const b1 = b.conv('branch1x1', 64, 1, { padding: 'same', act: 'relu', from: x });
  if (reduced) b.conv('branch3x3.reduce', 96, 1, { act: 'relu', from: x });
  const b2 = b.conv('branch3x3', 128, 3, { padding: 'same', act: 'relu', ...(reduced ? {} : { from: x }) });
  if (reduced) b.conv('branch5x5.reduce', 16, 1, { act: 'relu', from: x });
  const b3 = b.conv('branch5x5', 32, 5, { padding: 'same', act: 'relu', ...(reduced ? {} : { from: x }) });
  let b4 = b.maxPool('branch_pool.pool', 3, { stride: 1, padding: 'same', from: x });
  if (reduced) b4 = b.conv('branch_pool.proj', 32, 1, { act: 'relu' });
  b.concat('concat', [b1, b2, b3, b4]);
  return b.build();
}

/** torchvision's BasicConv2d: conv without bias, batch norm (eps 0.001), ReLU. */
function basicConv(b: SpecBuilder, id: string, filters: number, kernel: number, o: { stride?: number; from?: string } = {}) {
  b.conv(`${id}.conv`, filters, kernel, { stride: o.stride ?? 1, padding: pad(Math.floor(kernel / 2)), bias: false, ...(o.from ? { from: o.from } : {}) });
  b.bn(`${id}.bn`, 0.001);
  return b.act(`${id}.relu`, 'relu');
}

type InceptionCfg = [number, number, number, number, number, number];

function inception(b: SpecBuilder, id: string, [c1, r3, c3, r5, c5, pp]: InceptionCfg) {
  const x = b.last;
  const b1 = basicConv(b, `${id}.branch1`, c1, 1, { from: x });
  basicConv(b, `${id}.branch2.0`, r3, 1, { from: x });
  const b2 = basicConv(b, `${id}.branch2.1`, c3, 3);
  basicConv(b, `${id}.branch3.0`, r5, 1, { from: x });
  const b3 = basicConv(b, `${id}.branch3.1`, c5, 3);
  b.maxPool(`${id}.branch4.0`, 3, { stride: 1, padding: pad(1), ceil: true, from: x });
  const b4 = basicConv(b, `${id}.branch4.1`, pp, 1);
  return b.concat(`${id}.concat`, [b1, b2, b3, b4]);
}

/** GoogLeNet's auxiliary classifier, as in the paper: 5x5/3 average pool, 1x1 conv 128, FC 1024, dropout 0.7, FC 1000. */
function aux(b: SpecBuilder, id: string, from: string) {
  b.avgPool(`${id}.avgpool`, 5, { stride: 3, from });
  basicConv(b, `${id}.conv`, 128, 1);
  b.flatten(`${id}.flatten`);
  b.dense(`${id}.fc1`, 1024, 'relu');
  b.dropout(`${id}.dropout`, 0.7);
  return b.dense(`${id}.fc2`, 1000, 'softmax');
}

/** torchvision's GoogLeNet, optionally with both auxiliary classifiers as extra outputs. */
export function googlenet(withAux: boolean) {
  const b = new SpecBuilder(withAux ? 'GoogLeNet (with auxiliary classifiers)' : 'GoogLeNet', [224, 224, 3]);
  basicConv(b, 'conv1', 64, 7, { stride: 2 });
  b.maxPool('maxpool1', 3, { stride: 2, ceil: true });
  basicConv(b, 'conv2', 64, 1);
  basicConv(b, 'conv3', 192, 3);
  b.maxPool('maxpool2', 3, { stride: 2, ceil: true });
  inception(b, 'inception3a', [64, 96, 128, 16, 32, 32]);
  inception(b, 'inception3b', [128, 128, 192, 32, 96, 64]);
  b.maxPool('maxpool3', 3, { stride: 2, ceil: true });
  const i4a = inception(b, 'inception4a', [192, 96, 208, 16, 48, 64]);
  const aux1 = withAux ? aux(b, 'aux1', i4a) : null;
  b.last = i4a;
  inception(b, 'inception4b', [160, 112, 224, 24, 64, 64]);
  inception(b, 'inception4c', [128, 128, 256, 24, 64, 64]);
  const i4d = inception(b, 'inception4d', [112, 144, 288, 32, 64, 64]);
  const aux2 = withAux ? aux(b, 'aux2', i4d) : null;
  b.last = i4d;
  inception(b, 'inception4e', [256, 160, 320, 32, 128, 128]);
  b.maxPool('maxpool4', 2, { stride: 2, ceil: true });
  inception(b, 'inception5a', [256, 160, 320, 32, 128, 128]);
  inception(b, 'inception5b', [384, 192, 384, 48, 128, 128]);
  b.gap('avgpool');
  b.dropout('dropout', 0.2);
  const fc = b.dense('fc', 1000, 'softmax');
  return b.build(withAux && aux1 && aux2 ? [fc, aux1, aux2] : [fc]);
}

const googlenetNote =
  "torchvision's layout: batch norm after every convolution (the paper predates it), and a 3x3 convolution in the '5x5' branch, a quirk torchvision keeps for its weights. Max pools round up (ceil mode).";

export const inceptionZoo: ZooEntry[] = [
  {
    id: 'inception-naive',
    name: 'Inception module (naive)',
    family: 'Inception',
    year: 2014,
    paper,
    taught:
      "Do every filter size at once and let the network choose: 1x1, 3x3 and 5x5 same convolutions and a same max pool, stacked along channels. The 5x5 branch alone costs 28x28x32 x 5x5x192 = 120 M multiplications.",
    layoutNote: "As in the paper's figure 2(a), the pool branch passes its 192 channels through, so the module outputs 64+128+32+192 = 416 channels.",
    build: () => module(false),
  },
  {
    id: 'inception-reduced',
    name: 'Inception module (1x1 bottlenecks)',
    family: 'Inception',
    year: 2014,
    paper,
    taught:
      'A 1x1 bottleneck before the 3x3 and 5x5 convolutions (and after the pool) cuts the cost about tenfold: 12.4 M multiplications for the 5x5 branch with a 16-channel bottleneck, without hurting accuracy. Output 28x28x256, as inception 3a.',
    build: () => module(true),
  },
  {
    id: 'googlenet',
    name: 'GoogLeNet (Inception v1)',
    torchvision: 'googlenet',
    family: 'Inception',
    year: 2014,
    paper,
    taught: 'Nine Inception modules stacked, global average pooling instead of large fully connected layers: 22 layers deep with 12x fewer parameters than AlexNet.',
    layoutNote: `${googlenetNote} Without the auxiliary heads, as torchvision builds it for inference.`,
    build: () => googlenet(false),
  },
  {
    id: 'googlenet-aux',
    name: 'GoogLeNet with auxiliary classifiers',
    family: 'Inception',
    year: 2014,
    paper,
    taught:
      'Side branches after inception 4a and 4d predict the class too; while training their losses push gradient into the middle of the network and regularise it. They are dropped at inference.',
    layoutNote: `${googlenetNote} The auxiliary heads use the paper's 5x5/3 average pool (torchvision's adaptive pool gives the same 4x4).`,
    build: () => googlenet(true),
  },
];
