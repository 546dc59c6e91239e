import { SpecBuilder } from '../builder';
import { fcHead } from './fcHead';
import type { Paper, ZooEntry } from './types';

const paper: Paper = {
  authors: 'K. Simonyan, A. Zisserman',
  title: 'Very deep convolutional networks for large-scale image recognition',
  venue: 'ICLR',
  year: 2015,
  url: 'https://arxiv.org/abs/1409.1556',
};

/** VGG with `blocks[i]` 3x3 same convolutions in stage i, each stage ending in a 2x2/2 max pool. */
function vgg(name: string, blocks: number[]) {
  const widths = [64, 128, 256, 512, 512];
  const b = new SpecBuilder(name, [224, 224, 3]);
  blocks.forEach((n, stage) => {
    for (let i = 1; i <= n; i++) b.conv(`conv${stage + 1}_${i}`, widths[stage]!, 3, { padding: 'same', act: 'relu' });
    b.maxPool(`pool${stage + 1}`, 2, { stride: 2 });
  });
  fcHead(b);
  return b.build();
}

const taught =
  'Uniform blocks: only 3x3 same convolutions and 2x2/2 max pools, channels doubling 64 -> 128 -> 256 -> 512 as the image halves. Most parameters sit in the fully connected layers, most memory in the early convolutions.';

export const vggZoo: ZooEntry[] = [
  { id: 'vgg16', name: 'VGG-16', family: 'VGG', year: 2014, paper, taught: `${taught} 16 weight layers, 138 M parameters.`, build: () => vgg('VGG-16', [2, 2, 3, 3, 3]) },
  { id: 'vgg19', name: 'VGG-19', family: 'VGG', year: 2014, paper, taught: `${taught} 19 weight layers, 144 M parameters; barely better than VGG-16.`, build: () => vgg('VGG-19', [2, 2, 4, 4, 4]) },
];
