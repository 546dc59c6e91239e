/**
 * Expected figures for every zoo network, from published references (cited per row). One parametrised test
 * (zoo.test.ts) checks the engine against this table; the TF.js test checks it against real models.
 */
export interface Expected {
  id: string;
  /** Trainable parameters, as the reference reports them. */
  trainable: number;
  /** Batch norm moving statistics (2 x channels per BN layer). */
  nonTrainable: number;
  /** Published MACs in G (multiply-adds / 1e9), rounded as published; null where none is published. */
  gmacs: number | null;
  /** Output shapes of selected layers (course notation HxWxC). */
  shapes: Record<string, string>;
  source: string;
}

const TV = 'torchvision model docs (num_params, GFLOPS)';

export const REGRESSION: Expected[] = [
  { id: 'lenet5', trainable: 61_706, nonTrainable: 0, gmacs: null, shapes: { c1: '28x28x6', s2: '14x14x6', c3: '10x10x16', s4: '5x5x16', flatten: '400', output: '10' }, source: 'LeCun et al. 1998; course notes (~60 k)' },
  { id: 'lenet5-modern', trainable: 61_706, nonTrainable: 0, gmacs: null, shapes: { s4: '5x5x16', output: '10' }, source: 'same layers as lenet5' },
  { id: 'alexnet', trainable: 62_378_344, nonTrainable: 0, gmacs: null, shapes: { conv1: '55x55x96', pool1: '27x27x96', conv2: '27x27x256', pool2: '13x13x256', conv5: '13x13x256', pool5: '6x6x256', flatten: '9216', fc8: '1000' }, source: 'Krizhevsky et al. 2012, single tower; course notes (60 M)' },
  { id: 'alexnet-torchvision', trainable: 61_100_840, nonTrainable: 0, gmacs: 0.71, shapes: { 'features.0': '55x55x64', 'features.12': '6x6x256' }, source: TV },
  { id: 'vgg16', trainable: 138_357_544, nonTrainable: 0, gmacs: 15.47, shapes: { conv1_1: '224x224x64', pool1: '112x112x64', pool4: '14x14x512', pool5: '7x7x512', flatten: '25088', fc6: '4096' }, source: TV },
  { id: 'vgg19', trainable: 143_667_240, nonTrainable: 0, gmacs: 19.63, shapes: { conv5_4: '14x14x512', pool5: '7x7x512' }, source: TV },
  { id: 'resnet18', trainable: 11_689_512, nonTrainable: 9_600, gmacs: 1.81, shapes: { conv1: '112x112x64', maxpool: '56x56x64', 'layer1.1.add': '56x56x64', 'layer2.0.add': '28x28x128', 'layer4.1.add': '7x7x512', avgpool: '512' }, source: TV },
  { id: 'resnet34', trainable: 21_797_672, nonTrainable: 17_024, gmacs: 3.66, shapes: { 'layer3.5.add': '14x14x256' }, source: TV },
  { id: 'resnet50', trainable: 25_557_032, nonTrainable: 53_120, gmacs: 4.09, shapes: { 'layer1.0.add': '56x56x256', 'layer2.0.conv2': '28x28x128', 'layer3.5.add': '14x14x1024', 'layer4.2.add': '7x7x2048', avgpool: '2048' }, source: TV },
  { id: 'resnet101', trainable: 44_549_160, nonTrainable: 105_344, gmacs: 7.8, shapes: { 'layer3.22.add': '14x14x1024' }, source: TV },
  { id: 'resnet152', trainable: 60_192_808, nonTrainable: 151_424, gmacs: 11.51, shapes: { 'layer2.7.add': '28x28x512', 'layer3.35.add': '14x14x1024' }, source: TV },
  { id: 'googlenet', trainable: 6_624_904, nonTrainable: 14_560, gmacs: 1.5, shapes: { 'conv1.relu': '112x112x64', maxpool1: '56x56x64', maxpool2: '28x28x192', 'inception3a.concat': '28x28x256', 'inception3b.concat': '28x28x480', maxpool3: '14x14x480', 'inception4a.concat': '14x14x512', 'inception4e.concat': '14x14x832', maxpool4: '7x7x832', 'inception5b.concat': '7x7x1024', fc: '1000' }, source: TV },
  { id: 'googlenet-aux', trainable: 13_004_888, nonTrainable: 15_072, gmacs: null, shapes: { 'aux1.avgpool': '4x4x512', 'aux2.avgpool': '4x4x528', 'aux1.flatten': '2048', 'aux2.fc2': '1000' }, source: 'torchvision googlenet(aux_logits=True, init_weights=False)' },
  { id: 'nin', trainable: 7_595_176, nonTrainable: 0, gmacs: null, shapes: { conv1: '54x54x96', pool1: '27x27x96', pool2: '13x13x256', pool3: '6x6x384', cccp8: '6x6x1000', pool4: '1000' }, source: "Lin et al. 2013, the authors' Caffe NIN-ImageNet model, summed layer by layer" },
  { id: 'conv1x1-demo', trainable: 6_176, nonTrainable: 0, gmacs: null, shapes: { conv1x1: '28x28x32' }, source: 'course notes: 28x28x192 -> 1x1 conv, 32 filters -> 28x28x32' },
  { id: 'inception-naive', trainable: 387_296, nonTrainable: 0, gmacs: null, shapes: { branch5x5: '28x28x32', 'branch_pool.pool': '28x28x192', concat: '28x28x416' }, source: 'Szegedy et al. 2014, figure 2(a)' },
  { id: 'inception-reduced', trainable: 163_696, nonTrainable: 0, gmacs: null, shapes: { 'branch5x5.reduce': '28x28x16', concat: '28x28x256' }, source: 'course notes; Szegedy et al. 2014, table 1 (inception 3a)' },
  { id: 'resnet-mini', trainable: 43_762, nonTrainable: 432, gmacs: null, shapes: { maxpool: '14x14x24', 'layer1.0.add': '14x14x24', 'layer2.0.add': '7x7x48', avgpool: '48', fc: '10' }, source: 'hand count: convs k*k*c_in*c_out (no bias), BN 2c trainable + 2c statistics, fc 48*10+10' },
  { id: 'cifar-resnet8', trainable: 75_290, nonTrainable: 480, gmacs: null, shapes: { conv1: '32x32x16', 'layer1.0.add': '32x32x16', 'layer2.0.shortcut': '16x16x32', 'layer2.0.add': '16x16x32', 'layer3.0.add': '8x8x64', avgpool: '64', fc: '10' }, source: 'He et al. 2016 section 4.2 layout (6n+2, n = 1); not in table 6' },
  { id: 'cifar-resnet14', trainable: 172_506, nonTrainable: 928, gmacs: null, shapes: { conv1: '32x32x16', 'layer1.1.add': '32x32x16', 'layer2.0.shortcut': '16x16x32', 'layer2.0.add': '16x16x32', 'layer3.1.add': '8x8x64', avgpool: '64', fc: '10' }, source: 'He et al. 2016 section 4.2 layout (6n+2, n = 2); not in table 6' },
  { id: 'cifar-resnet20', trainable: 269_722, nonTrainable: 1_376, gmacs: null, shapes: { conv1: '32x32x16', 'layer1.2.add': '32x32x16', 'layer2.0.shortcut': '16x16x32', 'layer2.0.add': '16x16x32', 'layer3.2.add': '8x8x64', avgpool: '64', fc: '10' }, source: 'He et al. 2016 table 6 (0.27 M, option A); exact as Y. Idelbayev\'s reference PyTorch implementation' },
  { id: 'cifar-resnet32', trainable: 464_154, nonTrainable: 2_272, gmacs: null, shapes: { conv1: '32x32x16', 'layer1.4.add': '32x32x16', 'layer2.0.shortcut': '16x16x32', 'layer2.0.add': '16x16x32', 'layer3.4.add': '8x8x64', avgpool: '64', fc: '10' }, source: 'He et al. 2016 table 6 (0.46 M, option A); exact as Y. Idelbayev\'s reference PyTorch implementation' },
  { id: 'cifar-resnet44', trainable: 658_586, nonTrainable: 3_168, gmacs: null, shapes: { conv1: '32x32x16', 'layer1.6.add': '32x32x16', 'layer2.0.shortcut': '16x16x32', 'layer2.0.add': '16x16x32', 'layer3.6.add': '8x8x64', avgpool: '64', fc: '10' }, source: 'He et al. 2016 table 6 (0.66 M, option A); exact as Y. Idelbayev\'s reference PyTorch implementation' },
  { id: 'cifar-resnet56', trainable: 853_018, nonTrainable: 4_064, gmacs: null, shapes: { conv1: '32x32x16', 'layer1.8.add': '32x32x16', 'layer2.0.shortcut': '16x16x32', 'layer2.0.add': '16x16x32', 'layer3.8.add': '8x8x64', avgpool: '64', fc: '10' }, source: 'He et al. 2016 table 6 (0.85 M, option A); exact as Y. Idelbayev\'s reference PyTorch implementation' },
];
