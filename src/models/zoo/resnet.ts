import { SpecBuilder } from '../builder';
import { pad } from '../spec';
import type { Paper, ZooEntry } from './types';

const paper: Paper = {
  authors: 'K. He, X. Zhang, S. Ren, J. Sun',
  title: 'Deep residual learning for image recognition',
  venue: 'CVPR',
  year: 2016,
  url: 'https://arxiv.org/abs/1512.03385',
};

const LAYOUTS: Record<number, { bottleneck: boolean; blocks: number[] }> = {
  18: { bottleneck: false, blocks: [2, 2, 2, 2] },
  34: { bottleneck: false, blocks: [3, 4, 6, 3] },
  50: { bottleneck: true, blocks: [3, 4, 6, 3] },
  101: { bottleneck: true, blocks: [3, 4, 23, 3] },
  152: { bottleneck: true, blocks: [3, 8, 36, 3] },
};

/** conv (no bias) -> batch norm -> optional ReLU, named like torchvision's modules. */
function convBn(b: SpecBuilder, prefix: string, n: number, filters: number, kernel: number, stride: number, relu: boolean, from?: string) {
  b.conv(`${prefix}conv${n}`, filters, kernel, { stride, padding: pad(Math.floor(kernel / 2)), bias: false, ...(from ? { from } : {}) });
  b.bn(`${prefix}bn${n}`);
  if (relu) b.act(`${prefix}relu${n}`, 'relu');
  return b.last;
}

/**
 * One residual block (or, with `residual` false, its plain twin) named like torchvision's: two 3x3 convolutions,
 * or a bottleneck (1x1 reduce, 3x3 carrying the stride, 1x1 expand x4); a 1x1 projection shortcut where the
 * shape changes. Returns the block's output channels.
 */
function block(b: SpecBuilder, p: string, planes: number, stride: number, channels: number, bottleneck: boolean, residual: boolean): number {
  const expansion = bottleneck ? 4 : 1;
  const input = b.last;
  if (bottleneck) {
    convBn(b, p, 1, planes, 1, 1, true);
    convBn(b, p, 2, planes, 3, stride, true);
    convBn(b, p, 3, planes * 4, 1, 1, false);
  } else {
    convBn(b, p, 1, planes, 3, stride, true);
    convBn(b, p, 2, planes, 3, 1, false);
  }
  const main = b.last;
  if (!residual) {
    b.act(`${p}relu`, 'relu');
  } else {
    let shortcut = input;
    if (stride !== 1 || channels !== planes * expansion) {
      b.conv(`${p}downsample.0`, planes * expansion, 1, { stride, bias: false, from: input });
      shortcut = b.bn(`${p}downsample.1`);
    }
    b.sum(`${p}add`, [main, shortcut], 'relu');
  }
  return planes * expansion;
}

/**
 * torchvision's ResNet (v1.5: the stride sits in the 3x3 convolution of a bottleneck). With `residual` false,
 * the same layers without any shortcut: the "plain" network of the depth experiment.
 */
export function resnet(depth: number, residual = true) {
  const { bottleneck, blocks } = LAYOUTS[depth]!;
  const b = new SpecBuilder(`${residual ? 'ResNet' : 'Plain'}-${depth}`, [224, 224, 3]);
  b.conv('conv1', 64, 7, { stride: 2, padding: pad(3), bias: false });
  b.bn('bn1');
  b.act('relu', 'relu');
  b.maxPool('maxpool', 3, { stride: 2, padding: pad(1) });
  let channels = 64;
  blocks.forEach((count, stage) => {
    for (let i = 0; i < count; i++) {
      channels = block(b, `layer${stage + 1}.${i}.`, 64 * 2 ** stage, i === 0 && stage > 0 ? 2 : 1, channels, bottleneck, residual);
    }
  });
  b.gap('avgpool');
  b.dense('fc', 1000, 'softmax');
  return b.build();
}

/**
 * A small ResNet for 28x28 grayscale images (Fashion-MNIST): a 3x3 stem and max pool to 14x14, then one basic
 * block per stage, the second halving the image with a projection shortcut, global average pool, 10 classes.
 */
export function resnetMini(widths: readonly number[] = [24, 48]) {
  const b = new SpecBuilder('ResNet-mini (Fashion-MNIST)', [28, 28, 1]);
  b.conv('conv1', widths[0]!, 3, { padding: pad(1), bias: false });
  b.bn('bn1');
  b.act('relu', 'relu');
  b.maxPool('maxpool', 2);
  let channels = widths[0]!;
  widths.forEach((w, stage) => {
    channels = block(b, `layer${stage + 1}.0.`, w, stage > 0 ? 2 : 1, channels, false, true);
  });
  b.gap('avgpool');
  b.dense('fc', 10, 'softmax');
  return b.build();
}

/**
 * He et al.'s CIFAR-10 family (section 4.2): a 3x3 stem of 16 filters, then 3 stages of n basic blocks at 16,
 * 32 and 64 filters (6n+2 layers), the first block of stages 2 and 3 halving the image; global average pool, 10
 * classes. Where a shortcut changes shape it is option A (every 2nd pixel, channels zero-padded: no parameters)
 * or, with `shortcut` 'B', a 1x1 projection. With `residual` false, the plain twin: the same layers, no shortcuts.
 */
export function cifarResnet(depth: number, residual = true, shortcut: 'A' | 'B' = 'A') {
  const n = (depth - 2) / 6;
  if (!Number.isInteger(n) || n < 1) throw new Error(`A CIFAR ResNet has 6n+2 layers (8, 14, 20, 32, 44, 56, 110); ${depth} is not one of them`);
  const b = new SpecBuilder(`${residual ? 'ResNet' : 'Plain'}-${depth} (CIFAR)`, [32, 32, 3]);
  b.conv('conv1', 16, 3, { padding: pad(1), bias: false });
  b.bn('bn1');
  b.act('relu', 'relu');
  let channels = 16;
  [16, 32, 64].forEach((planes, stage) => {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 && stage > 0 ? 2 : 1;
      const p = `layer${stage + 1}.${i}.`;
      const input = b.last;
      convBn(b, p, 1, planes, 3, stride, true);
      const main = convBn(b, p, 2, planes, 3, 1, false);
      if (!residual) b.act(`${p}relu`, 'relu');
      else {
        let from = input;
        if (stride !== 1 || channels !== planes) {
          if (shortcut === 'A') from = b.shortcutPad(`${p}shortcut`, planes, stride, input);
          else {
            b.conv(`${p}shortcut.0`, planes, 1, { stride, bias: false, from: input });
            from = b.bn(`${p}shortcut.1`);
          }
        }
        b.sum(`${p}add`, [main, from], 'relu');
      }
      channels = planes;
    }
  });
  b.gap('avgpool');
  b.dense('fc', 10, 'softmax');
  return b.build();
}

/** The depths of the paper's CIFAR-10 experiment (figure 6), smallest first, with 8 and 14 to run live. */
export const CIFAR_DEPTHS = [8, 14, 20, 32, 44, 56] as const;

const depths = [18, 34, 50, 101, 152];

export const resnetZoo: ZooEntry[] = [
  ...depths.map(
    (d): ZooEntry => ({
      id: `resnet${d}`,
      name: `ResNet-${d}`,
      torchvision: `resnet${d}`,
      family: 'ResNet',
      year: 2015,
      paper,
      taught:
        (d <= 34
          ? 'Residual blocks of two 3x3 convolutions: a[l+2] = g(z[l+2] + a[l]). '
          : 'Bottleneck blocks (1x1 reduce, 3x3, 1x1 expand) with the identity shortcut a[l+2] = g(z[l+2] + a[l]). ') +
        'Shortcuts let gradients reach early layers, so training error keeps falling as depth grows; a 1x1 projection shortcut matches shapes where a stage halves the image.',
      layoutNote:
        "torchvision's layout (the 3x3 convolution carries a bottleneck's stride). Batch norm's moving mean and variance are counted as non-trainable parameters, shown apart from the trainable count torchvision reports.",
      build: () => resnet(d),
    }),
  ),
  ...depths.map(
    (d): ZooEntry => ({
      id: `plain${d}`,
      name: `Plain-${d}`,
      family: 'Plain',
      year: 2015,
      paper,
      taught: `ResNet-${d}'s layers with every shortcut removed: the paper's "plain" baseline, whose training error rises as it gets deeper.`,
      layoutNote: 'No projection shortcuts either, so it has slightly fewer parameters than the residual network.',
      build: () => resnet(d, false),
    }),
  ),
  ...CIFAR_DEPTHS.map(
    (d): ZooEntry => ({
      id: `cifar-resnet${d}`,
      name: `ResNet-${d} (CIFAR)`,
      family: 'ResNet',
      year: 2015,
      paper,
      taught: `The paper's CIFAR-10 network of ${d} layers (${(d - 2) / 6} basic block${d === 8 ? '' : 's'} per stage at 16, 32 and 64 filters): with shortcuts, training error keeps falling as the family gets deeper.`,
      layoutNote: "He et al. section 4.2 with option A shortcuts (every second pixel, channels padded with zeros: no parameters) where a stage halves the image; batch norm after every convolution.",
      build: () => cifarResnet(d),
    }),
  ),
  ...CIFAR_DEPTHS.map(
    (d): ZooEntry => ({
      id: `cifar-plain${d}`,
      name: `Plain-${d} (CIFAR)`,
      family: 'Plain',
      year: 2015,
      paper,
      taught: `ResNet-${d} (CIFAR) without its shortcuts: in the paper's figure 6 the deeper plain networks train worse, not better.`,
      layoutNote: 'The same layers as the residual network of the same depth; option A shortcuts have no parameters, so both count the same.',
      build: () => cifarResnet(d, false),
    }),
  ),
  {
    id: 'resnet-mini',
    name: 'ResNet-mini',
    family: 'ResNet',
    year: 2015,
    paper,
    taught:
      'The residual idea at a size that trains in minutes on a laptop CPU: a 3x3 stem, one basic block per stage and a projection shortcut where the image halves. ConvAtlas ships it trained on Fashion-MNIST.',
    layoutNote:
      "Not from the paper: the project's own small network for 28x28 grayscale images, built from the same blocks as ResNet-18 (conv-BN-ReLU, identity and 1x1 projection shortcuts, global average pool).",
    build: () => resnetMini(),
  },
];

