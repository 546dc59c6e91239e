/**
 * The models ConvAtlas ships trained (public/models/<id>/): which zoo network, which dataset, and the recipe
 * `npm run pretrain` follows to make them. Pure data; the figures each run measured live in the model's
 * training.json next to its weights, and the README quotes them.
 */
import { NO_AUGMENTATION, OP_DEFAULTS, type AugmentSettings } from '../data/augment/pipeline';
import { DATASETS, type DatasetId } from '../data/datasets';
import { TASKS, taskClassNames, type TaskId } from '../data/tasks';

export interface PretrainRecipe {
  seed: number;
  batchSize: number;
  /** Adam's learning rate for each epoch (the length is the number of epochs). */
  learningRates: readonly number[];
  /** Augmentation of the training batches (absent: none). */
  augment?: AugmentSettings;
}

export interface ShippedModel {
  id: string;
  name: string;
  /** The zoo network it is an instance of. */
  zooId: string;
  dataset: DatasetId;
  /** A subset of the dataset's classes it was trained on (absent: all of them). */
  task?: TaskId;
  /** Models of one group can be ensembled (same dataset, same classes). */
  group: string;
  recipe: PretrainRecipe;
}

const MNIST_LENET = (seed: number): PretrainRecipe => ({ seed, batchSize: 64, learningRates: [0.001, 0.001, 0.001, 0.0003] });

/**
 * The digits' augmentation: shifts of up to 2 px (the Predict screen's crops are shifted 2 px), rotation and shear
 * up to 10 degrees, and Simard et al.'s elastic warping (alpha 34, sigma 4). No mirrors: a mirrored digit is none.
 */
const DIGIT_AUGMENT: AugmentSettings = { ...NO_AUGMENTATION, padCrop: 2, rotate: 10, shear: 10, warpAlpha: OP_DEFAULTS.warpAlpha, warpSigma: OP_DEFAULTS.warpSigma };

/** Clothes: shifts of up to 2 px (as the 5-crop's) and left-right mirrors, which keep every label. */
const CLOTHES_AUGMENT: AugmentSettings = { ...NO_AUGMENTATION, padCrop: 2, mirrorH: 0.5 };

export const SHIPPED_MODELS: readonly ShippedModel[] = [
  { id: 'lenet5-mnist', name: 'LeNet-5 · MNIST', zooId: 'lenet5-modern', dataset: 'mnist', group: 'mnist', recipe: MNIST_LENET(1) },
  { id: 'lenet5-mnist-2', name: 'LeNet-5 · MNIST (seed 2)', zooId: 'lenet5-modern', dataset: 'mnist', group: 'mnist', recipe: MNIST_LENET(2) },
  { id: 'lenet5-mnist-3', name: 'LeNet-5 · MNIST (seed 3)', zooId: 'lenet5-modern', dataset: 'mnist', group: 'mnist', recipe: MNIST_LENET(3) },
  {
    id: 'resnet-mini-fashion',
    name: 'ResNet-mini · Fashion-MNIST',
    zooId: 'resnet-mini',
    dataset: 'fashion-mnist',
    group: 'fashion-mnist',
    recipe: { seed: 1, batchSize: 64, learningRates: [0.002, 0.002, 0.002, 0.001, 0.0005, 0.0002] },
  },
  {
    id: 'lenet5-fashion',
    name: 'LeNet-5 · Fashion-MNIST',
    zooId: 'lenet5-modern',
    dataset: 'fashion-mnist',
    group: 'fashion-mnist',
    recipe: { seed: 1, batchSize: 64, learningRates: [0.001, 0.001, 0.001, 0.0003] },
  },
  { id: 'lenet5-mnist-aug', name: 'LeNet-5 · MNIST, augmented', zooId: 'lenet5-modern', dataset: 'mnist', group: 'mnist', recipe: { ...MNIST_LENET(1), augment: DIGIT_AUGMENT } },
  {
    id: 'lenet5-fashion-aug',
    name: 'LeNet-5 · Fashion-MNIST, augmented',
    zooId: 'lenet5-modern',
    dataset: 'fashion-mnist',
    group: 'fashion-mnist',
    recipe: { seed: 1, batchSize: 64, learningRates: [0.001, 0.001, 0.001, 0.0003], augment: CLOTHES_AUGMENT },
  },
  // The transfer screen's backbone: trained on digits 0-4 only, so that digits 5-9 are a task it has never seen.
  { id: 'lenet5-mnist04', name: 'LeNet-5 · MNIST digits 0-4', zooId: 'lenet5-modern', dataset: 'mnist', task: 'mnist04', group: 'mnist04', recipe: MNIST_LENET(1) },
];

/** The model a visitor gets first for each kind of image. */
export const DEFAULT_MODEL: Record<DatasetId, string> = { mnist: 'lenet5-mnist', 'fashion-mnist': 'resnet-mini-fashion' };

export function shippedModel(id: string): ShippedModel | undefined {
  return SHIPPED_MODELS.find((m) => m.id === id);
}

/** The classes a shipped model answers with, output k first. */
export function classNames(m: ShippedModel): readonly string[] {
  return m.task ? taskClassNames(m.task) : DATASETS[m.dataset].classes;
}

/** What a shipped model was trained on, in words ("MNIST digits 0-4"). */
export function trainedOn(m: ShippedModel): string {
  return m.task ? TASKS[m.task].name : DATASETS[m.dataset].name;
}

/** How many test images the accuracy check runs on (the first N of the test set, fixed). */
export const ACCURACY_SLICE = 1000;

/** What `npm run pretrain` writes next to a model's weights (training.json). */
export interface TrainingRecord {
  id: string;
  zooId: string;
  dataset: string;
  recipe: PretrainRecipe;
  backend: string;
  node: string;
  cpu: string;
  seconds: number;
  /** Accuracy on the whole test set (10,000 images) after each epoch. */
  perEpoch: { epoch: number; learningRate: number; seconds: number; testAccuracy: number }[];
  testAccuracy: number;
  /** Accuracy on the first ACCURACY_SLICE test images (what the unit test re-checks). */
  sliceAccuracy: number;
  params: number;
  tfjs: string;
  date: string;
}

/** One entry of public/sample-images/index.json (written by `npm run samples`). */
export interface SampleEntry {
  file: string;
  group: 'mnist' | 'fashion' | 'photo';
  label: string | null;
  title: string;
  credit: string;
}
