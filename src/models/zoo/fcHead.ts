import type { SpecBuilder } from '../builder';

/** The AlexNet/VGG classifier: flatten, FC 4096 -> dropout -> FC 4096 -> dropout -> FC 1000 softmax (fc6-fc8). */
export function fcHead(b: SpecBuilder): void {
  b.flatten('flatten');
  b.dense('fc6', 4096, 'relu');
  b.dropout('drop6', 0.5);
  b.dense('fc7', 4096, 'relu');
  b.dropout('drop7', 0.5);
  b.dense('fc8', 1000, 'softmax');
}
