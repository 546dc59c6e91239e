import type { ActivationSpec } from '../spec';
import { NO_COST, POINTWISE, type LayerDef } from './types';
import { checkActivation, ok } from './util';

/** An element-wise non-linearity as its own layer (relu, sigmoid, tanh, softmax). */
export const activation: LayerDef<ActivationSpec> = {
  kind: 'activation',
  label: 'activation',
  arity: [1, 1],
  materializes: true,
  check: (s) => (s.fn === undefined ? [{ code: 'bad-param', message: 'fn is missing', fix: "set fn to 'relu'" }] : checkActivation(s.fn)),
  infer: (_s, [input]) => ok([...input!]),
  cost: () => NO_COST,
  field: () => POINTWISE,
};
