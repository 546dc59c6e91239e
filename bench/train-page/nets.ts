/** The networks the training benchmark times: LeNet-5 (modern) from the zoo and a small ResNet for 28x28x1. */
import { SpecBuilder } from '../../src/models/builder';
import type { NetworkSpec } from '../../src/models/spec';
import { zooSpec } from '../../src/models/zoo';

/** A small ResNet for MNIST: a 16-channel stem, two basic blocks, a stride-2 block to 32 channels, GAP, softmax. */
export function smallResNet(): NetworkSpec {
  const b = new SpecBuilder('Small ResNet', [28, 28, 1]);
  b.conv('stem', 16, 3, { padding: 'same', bias: false });
  b.bn('stem.bn');
  let x = b.act('stem.relu', 'relu');
  const block = (name: string, filters: number, stride: number) => {
    const inp = x;
    b.conv(`${name}.conv1`, filters, 3, { stride, padding: 'same', bias: false, from: inp });
    b.bn(`${name}.bn1`);
    b.act(`${name}.relu1`, 'relu');
    b.conv(`${name}.conv2`, filters, 3, { padding: 'same', bias: false });
    const main = b.bn(`${name}.bn2`);
    let short = inp;
    if (stride !== 1) {
      b.conv(`${name}.down`, filters, 1, { stride, bias: false, from: inp });
      short = b.bn(`${name}.down.bn`);
    }
    x = b.sum(`${name}.add`, [main, short], 'relu');
  };
  block('layer1.0', 16, 1);
  block('layer1.1', 16, 1);
  block('layer2.0', 32, 2);
  b.gap('gap', x);
  b.dense('fc', 10, 'softmax');
  return b.build();
}

export const BENCH_NETS: Record<string, () => NetworkSpec> = {
  'lenet5-modern': () => zooSpec('lenet5-modern')!,
  'small-resnet': smallResNet,
};
