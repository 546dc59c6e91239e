import { SpecBuilder } from '../builder';
import { pad } from '../spec';
import type { ZooEntry } from './types';

/** Network in Network for ImageNet (the authors' Caffe model): each conv followed by two 1x1 "mlpconv" layers. */
function nin() {
  const b = new SpecBuilder('Network in Network', [224, 224, 3]);
  const block = (n: number, filters: number, kernel: number, stride: number, p: number, c1: string, c2: string, width = filters, out = filters) => {
    b.conv(`conv${n}`, filters, kernel, { stride, padding: pad(p), act: 'relu' });
    b.conv(c1, width, 1, { act: 'relu' });
    b.conv(c2, out, 1, { act: 'relu' });
  };
  block(1, 96, 11, 4, 0, 'cccp1', 'cccp2');
  b.maxPool('pool1', 3, { stride: 2, ceil: true });
  block(2, 256, 5, 1, 2, 'cccp3', 'cccp4');
  b.maxPool('pool2', 3, { stride: 2, ceil: true });
  block(3, 384, 3, 1, 1, 'cccp5', 'cccp6');
  b.maxPool('pool3', 3, { stride: 2, ceil: true });
  b.dropout('drop', 0.5);
  block(4, 1024, 3, 1, 1, 'cccp7', 'cccp8', 1024, 1000);
  b.gap('pool4');
  b.act('softmax', 'softmax');
  return b.build();
}

/** The course's 1x1 convolution example: 28x28x192 shrunk to 28x28x32. */
function conv1x1Demo() {
  const b = new SpecBuilder('1x1 convolution', [28, 28, 192]);
  b.conv('conv1x1', 32, 1, { act: 'relu' });
  return b.build();
}

export const ninZoo: ZooEntry[] = [
  {
    id: 'nin',
    name: 'Network in Network',
    family: 'NiN',
    year: 2013,
    paper: { authors: 'M. Lin, Q. Chen, S. Yan', title: 'Network in network', venue: 'ICLR 2014', year: 2013, url: 'https://arxiv.org/abs/1312.4400' },
    taught:
      'The 1x1 convolution ("mlpconv"): a small fully connected network applied at every position, adding non-linearity and mixing channels cheaply. Global average pooling replaces the fully connected classifier.',
    layoutNote: "The authors' ImageNet model (Caffe): 224x224x3 input, pooling in ceil mode as Caffe rounds up.",
    build: nin,
  },
  {
    id: 'conv1x1-demo',
    name: '1x1 convolution (course example)',
    family: '1x1 conv',
    year: 2013,
    paper: { authors: 'M. Lin, Q. Chen, S. Yan', title: 'Network in network', venue: 'ICLR 2014', year: 2013, url: 'https://arxiv.org/abs/1312.4400' },
    taught: 'Shrinking the number of channels: 32 filters of 1x1x192 turn 28x28x192 into 28x28x32, where pooling could only shrink height and width.',
    build: conv1x1Demo,
  },
];
