import type { BatchNormSpec } from '../spec';
import { POINTWISE, type LayerDef } from './types';
import { ok, show } from './util';

/** Batch normalization over the last axis: gamma and beta are trained; the moving mean and variance are not. */
export const batchNorm: LayerDef<BatchNormSpec> = {
  kind: 'batchNorm',
  label: 'batch norm',
  arity: [1, 1],
  materializes: true,
  check: (s) =>
    s.epsilon === undefined || (typeof s.epsilon === 'number' && s.epsilon > 0 && Number.isFinite(s.epsilon))
      ? []
      : [{ code: 'bad-param', message: `epsilon must be a small positive number, got ${show(s.epsilon)}`, fix: 'use 0.001 or 1e-5' }],
  infer: (_s, [input]) => ok([...input!]),
  cost(_s, [input]) {
    const c = input![input!.length - 1]!;
    return { trainable: 2 * c, nonTrainable: 2 * c, macs: 0 };
  },
  field: () => POINTWISE,
};
