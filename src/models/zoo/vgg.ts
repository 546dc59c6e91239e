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

/**
 * VGG with `blocks[i]` 3x3 same convolutions in stage i, each stage ending in a 2x2/2 max pool. Layers keep the
 * Caffe model's names (conv1_1, fc6) and carry torchvision's module paths as torchName: `features.N` counts each
 * convolution, its ReLU and each pool; the classifier is Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear.
 */
function vgg(name: string, blocks: number[]) {
  const widths = [64, 128, 256, 512, 512];
  const b = new SpecBuilder(name, [224, 224, 3]);
  const torch = new Map<string, string>();
  let f = 0;
  blocks.forEach((n, stage) => {
    for (let i = 1; i <= n; i++) {
      torch.set(b.conv(`conv${stage + 1}_${i}`, widths[stage]!, 3, { padding: 'same', act: 'relu' }), `features.${f}`);
      f += 2;
    }
    torch.set(b.maxPool(`pool${stage + 1}`, 2, { stride: 2 }), `features.${f++}`);
  });
  fcHead(b);
  Object.entries({ fc6: 0, drop6: 2, fc7: 3, drop7: 5, fc8: 6 }).forEach(([id, i]) => torch.set(id, `classifier.${i}`));
  const spec = b.build();
  return { ...spec, nodes: spec.nodes.map((n) => (torch.has(n.id) ? { ...n, torchName: torch.get(n.id)! } : n)) };
}

const taught =
  'Uniform blocks: only 3x3 same convolutions and 2x2/2 max pools, channels doubling 64 -> 128 -> 256 -> 512 as the image halves. Most parameters sit in the fully connected layers, most memory in the early convolutions.';

export const vggZoo: ZooEntry[] = [
  { id: 'vgg16', name: 'VGG-16', torchvision: 'vgg16', family: 'VGG', year: 2014, paper, taught: `${taught} 16 weight layers, 138 M parameters.`, build: () => vgg('VGG-16', [2, 2, 3, 3, 3]) },
  { id: 'vgg19', name: 'VGG-19', torchvision: 'vgg19', family: 'VGG', year: 2014, paper, taught: `${taught} 19 weight layers, 144 M parameters; barely better than VGG-16.`, build: () => vgg('VGG-19', [2, 2, 4, 4, 4]) },
];
