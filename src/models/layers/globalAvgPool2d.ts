import type { GlobalAvgPool2DSpec } from '../spec';
import { GLOBAL, NO_COST, type LayerDef } from './types';
import { fail, needsImage, ok } from './util';

/** Averages each channel over H x W: H x W x C -> C (NiN, GoogLeNet, ResNet heads). */
export const globalAvgPool2d: LayerDef<GlobalAvgPool2DSpec> = {
  kind: 'globalAvgPool2d',
  label: 'global avg pool',
  arity: [1, 1],
  materializes: true,
  check: () => [],
  infer: (_s, [input]) => (input!.length === 3 ? ok([input![2]!]) : fail(needsImage('global average pooling', input!))),
  cost: () => NO_COST,
  field: () => GLOBAL,
};
