/**
 * Teaching notes for each zoo network, in the project's own words: what it introduced, what to look at in its
 * figures (the figures themselves are computed live by the app, never typed here), and how the classic design
 * differs from what people build today. Pure data; the paper link comes from the zoo entry.
 */
import type { ZooEntry } from './types';

export interface NetworkNotes {
  /** What the network introduced, in two or three sentences. */
  introduced: string;
  /** What to look for in its live figures (which layer holds what, how shapes move). */
  lookAt: string[];
  /** Classic design choices and what a modern network does instead. */
  classicVsModern: { classic: string; modern: string }[];
}

const lenet: NetworkNotes = {
  introduced:
    'The first convolutional network trained end to end with backpropagation to read digits: convolution, subsampling, convolution, subsampling, then fully connected layers. The pattern conv-pool-conv-pool-fc is still the textbook shape.',
  lookAt: [
    'The image shrinks (32 -> 28 -> 14 -> 10 -> 5) while the channels grow (1 -> 6 -> 16): the trend every later network follows.',
    'About sixty thousand parameters: tiny by today’s standards, and most of them sit in the fully connected layers.',
  ],
  classicVsModern: [
    { classic: 'Average pooling (the paper’s subsampling, with trainable coefficients).', modern: 'Max pooling, or a strided convolution.' },
    { classic: 'Sigmoid and tanh activations.', modern: 'ReLU, which does not saturate and trains faster.' },
    { classic: 'Valid convolutions only, so the image shrinks at every layer.', modern: "'Same' padding keeps the size until a pooling or stride halves it." },
    { classic: 'Sparse connections between C3 and S2 maps to save compute; a Gaussian RBF output layer.', modern: 'Every filter sees every input channel; a softmax output.' },
  ],
};

const alexnet: NetworkNotes = {
  introduced:
    'Won ImageNet 2012 by a wide margin and started the deep-learning era in vision: the LeNet pattern made much bigger (60 M parameters), trained on GPUs with ReLU and dropout.',
  lookAt: [
    'conv1 is an 11x11 stride-4 filter: 227 -> 55 in one step. Check the worked output-size formula on that layer.',
    'fc6 alone holds most of the parameters: 6x6x256 flattened into 4096 units.',
  ],
  classicVsModern: [
    { classic: 'Local response normalization after the first convolutions.', modern: 'Batch normalization (later work found LRN barely helps).' },
    { classic: 'Split across two GPUs, each holding half the channels, with cross-talk only at some layers.', modern: 'One accelerator holds the whole model; grouped convolutions keep the idea where it saves compute.' },
    { classic: 'Large first filters (11x11, stride 4) and 5x5 in the second layer.', modern: 'Stacks of small 3x3 filters (VGG’s lesson).' },
  ],
};

const vgg: NetworkNotes = {
  introduced:
    'Showed that depth matters with the simplest possible design: only 3x3 same convolutions (stride 1) and 2x2 max pools (stride 2), channels doubling 64 -> 128 -> 256 -> 512 as the image halves.',
  lookAt: [
    'Parameters: switch the chart to linear scale; fc6 towers over everything else, and the three fully connected layers hold the vast majority.',
    'Memory: the first two convolutions output 224x224x64 each; the early layers hold most of the activation memory.',
    'MACs are large (over 15 G per image): most of the compute is in the convolutions, even though most parameters are not.',
  ],
  classicVsModern: [
    { classic: 'Uniform 3x3 blocks: two 3x3 layers see as far as one 5x5 with fewer parameters.', modern: 'Still the default filter size; modern networks add residual connections and batch norm.' },
    { classic: 'Three huge fully connected layers at the end.', modern: 'Global average pooling and one small classifier (NiN, GoogLeNet, ResNet).' },
    { classic: 'No normalization layers; trained in stages, deeper variants initialised from shallower ones.', modern: 'Batch norm and good initialisation train deep nets from scratch.' },
  ],
};

const resnet: NetworkNotes = {
  introduced:
    'Residual blocks: the block adds its input back to its output, a[l+2] = g(z[l+2] + a[l]). Learning the identity is easy, so very deep networks (152 layers) keep improving where plain networks of the same depth get worse.',
  lookAt: [
    'Expand a stage, then a block: the orange edge is the shortcut. Where the image halves and the channels double, the shortcut becomes a 1x1 projection (downsample).',
    'No large fully connected layer: global average pooling then one 1000-way classifier.',
    'Compare ResNet-50 with VGG-16: fewer parameters and fewer MACs, and much deeper.',
  ],
  classicVsModern: [
    { classic: 'Post-activation blocks: conv, batch norm, ReLU, with the ReLU after the addition.', modern: 'Pre-activation blocks (batch norm and ReLU before each convolution), or the original with tweaks (ResNet-D, zero-init of the last batch norm).' },
    { classic: 'Stride in the first 1x1 of a bottleneck (the paper).', modern: "Stride in the 3x3 ('v1.5', torchvision's layout used here): slightly more accurate." },
  ],
};

const plain: NetworkNotes = {
  introduced: 'The same layers as the ResNet without any shortcut: the paper’s baseline, whose training error rises as it gets deeper.',
  lookAt: ['Compare its parameter count with the ResNet of the same depth: the only difference is the projection shortcuts.'],
  classicVsModern: [{ classic: 'Deep plain stacks were hard to optimise even with batch norm.', modern: 'Every deep network has skip connections of some kind.' }],
};

const nin: NetworkNotes = {
  introduced:
    'Network in Network: 1x1 convolutions (a small fully connected network at every position) between the larger ones, and global average pooling instead of fully connected layers at the end.',
  lookAt: ['The cccp layers are 1x1 convolutions: they change the channel count without touching the image size.', 'Compare the parameter count with AlexNet: no fully connected layers.'],
  classicVsModern: [{ classic: '1x1 convolutions as extra non-linearity.', modern: '1x1 convolutions everywhere as cheap bottlenecks and projections (Inception, ResNet, MobileNet).' }],
};

const conv1x1: NetworkNotes = {
  introduced: 'A single 1x1 convolution shrinking 28x28x192 to 28x28x32: it mixes channels at each position and never looks at neighbours.',
  lookAt: ['Its parameter count equals a fully connected layer from 192 to 32 units: the same weights applied at every position.'],
  classicVsModern: [{ classic: 'Pooling shrinks height and width.', modern: 'A 1x1 convolution shrinks (or grows) the channels.' }],
};

const inception: NetworkNotes = {
  introduced:
    'Inception modules: 1x1, 3x3 and 5x5 convolutions and a max pool side by side, concatenated along channels, so the network picks the filter size. 1x1 bottlenecks in front of the big filters cut the cost about tenfold.',
  lookAt: [
    'Open a module: four branches of the same height and width, channels added up in the concat (28x28x256 after inception 3a).',
    'The lessons screen counts the multiplications of the 5x5 branch with and without a bottleneck.',
    'With auxiliary classifiers: two side outputs after inception 4a and 4d, used only while training.',
  ],
  classicVsModern: [
    { classic: 'Auxiliary classifiers to push gradient into the middle of the network.', modern: 'Batch norm and residual connections make them unnecessary; later Inception versions kept them as regularisers only.' },
    { classic: '5x5 convolutions in a branch.', modern: 'Two 3x3 (Inception v2/v3), or factorised 1xn and nx1 convolutions.' },
    { classic: 'Local response normalization in the stem (the paper).', modern: "Batch norm after every convolution (torchvision's layout, used here)." },
  ],
};

const BY_FAMILY: Record<ZooEntry['family'], NetworkNotes> = {
  LeNet: lenet,
  AlexNet: alexnet,
  VGG: vgg,
  ResNet: resnet,
  Plain: plain,
  NiN: nin,
  '1x1 conv': conv1x1,
  Inception: inception,
};

/** The notes for a zoo network (by family; every family has notes). */
export function networkNotes(entry: Pick<ZooEntry, 'family'>): NetworkNotes {
  return BY_FAMILY[entry.family];
}
