/**
 * Class names for a model's outputs: the dataset's classes for the models ConvAtlas ships, ImageNet's 1,000
 * classes (as published in @tensorflow-models/mobilenet, Apache-2.0) for a 1000-way model, else "class i".
 */
import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes';

export type LabelSource = 'dataset' | 'imagenet' | 'index';

/** The 1,000 ImageNet class names in output order (first synonym of each). */
export function imagenetLabels(): string[] {
  return Array.from({ length: 1000 }, (_, i) => IMAGENET_CLASSES[i] ?? `class ${i}`);
}

/** Names for `units` outputs: the given dataset classes when they fit, ImageNet's for 1000, else indices. */
export function labelsFor(units: number, datasetClasses?: readonly string[]): { labels: string[]; source: LabelSource } {
  if (datasetClasses && datasetClasses.length === units) return { labels: [...datasetClasses], source: 'dataset' };
  if (units === 1000) return { labels: imagenetLabels(), source: 'imagenet' };
  return { labels: Array.from({ length: units }, (_, i) => `class ${i}`), source: 'index' };
}
