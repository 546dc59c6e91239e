import type { FlattenSpec } from '../spec';
import { GLOBAL, NO_COST, type LayerDef } from './types';
import { ok, product } from './util';

/** H x W x C -> H*W*C. A view of its input: it adds no activation memory. */
export const flatten: LayerDef<FlattenSpec> = {
  kind: 'flatten',
  label: 'flatten',
  arity: [1, 1],
  materializes: false,
  check: () => [],
  infer: (_s, [input]) => ok([product(input!)]),
  cost: () => NO_COST,
  field: () => GLOBAL,
};
