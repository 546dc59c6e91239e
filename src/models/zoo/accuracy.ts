/**
 * Published ImageNet top-1 accuracies of the zoo networks whose layout matches a released model, each with its
 * source. These are the only figures the app does not compute (it trains nothing on ImageNet); the UI cites them.
 */

export interface PublishedAccuracy {
  /** Zoo id (the network whose layout the figure belongs to). */
  id: string;
  /** ImageNet-1k validation top-1 accuracy, percent, single 224x224 centre crop. */
  top1: number;
  /** Who published it, as the UI shows it. */
  source: string;
  url: string;
}

const TV = 'torchvision model documentation, IMAGENET1K_V1 weights, Acc@1';
const tv = (fn: string) => `https://pytorch.org/vision/stable/models/generated/torchvision.models.${fn}.html`;

/** In zoo order; each figure as printed by its source. */
export const PUBLISHED_ACCURACY: readonly PublishedAccuracy[] = [
  { id: 'alexnet-torchvision', top1: 56.522, source: TV, url: tv('alexnet') },
  { id: 'vgg16', top1: 71.592, source: TV, url: tv('vgg16') },
  { id: 'vgg19', top1: 72.376, source: TV, url: tv('vgg19') },
  { id: 'resnet18', top1: 69.758, source: TV, url: tv('resnet18') },
  { id: 'resnet34', top1: 73.314, source: TV, url: tv('resnet34') },
  { id: 'resnet50', top1: 76.13, source: TV, url: tv('resnet50') },
  { id: 'resnet101', top1: 77.374, source: TV, url: tv('resnet101') },
  { id: 'resnet152', top1: 78.312, source: TV, url: tv('resnet152') },
  { id: 'googlenet', top1: 69.778, source: TV, url: tv('googlenet') },
];

/** The published accuracy of a zoo network, or undefined when none matches its layout. */
export function publishedAccuracy(id: string): PublishedAccuracy | undefined {
  return PUBLISHED_ACCURACY.find((a) => a.id === id);
}
