import type { DropoutSpec } from '../spec';
import { NO_COST, POINTWISE, type LayerDef } from './types';
import { ok, show } from './util';

/** Zeroes a fraction `rate` of activations while training; identity at inference. */
export const dropout: LayerDef<DropoutSpec> = {
  kind: 'dropout',
  label: 'dropout',
  arity: [1, 1],
  materializes: true,
  check: (s) =>
    typeof s.rate === 'number' && s.rate >= 0 && s.rate < 1
      ? []
      : [{ code: 'bad-param', message: `rate must be at least 0 and below 1, got ${show(s.rate)}`, fix: 'use a rate such as 0.5' }],
  infer: (_s, [input]) => ok([...input!]),
  cost: () => NO_COST,
  field: () => POINTWISE,
};
