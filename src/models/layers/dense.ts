import type { DenseSpec } from '../spec';
import { GLOBAL, type LayerDef } from './types';
import { checkActivation, checkBool, checkPosInt, fail, fmtShape, ok } from './util';

/** Fully connected layer on a flat vector: params n_in x units + units. */
export const dense: LayerDef<DenseSpec> = {
  kind: 'dense',
  label: 'dense',
  arity: [1, 1],
  materializes: true,
  check: (s) => [...checkPosInt('units', s.units), ...checkBool('bias', s.bias), ...checkActivation(s.activation)],
  infer(s, [input]) {
    if (input!.length !== 1) {
      return fail({
        code: 'needs-flat',
        message: `a dense layer needs a flat vector, got ${fmtShape(input!)}`,
        fix: 'add a flatten or global average pooling layer before it',
      });
    }
    return ok([s.units]);
  },
  cost(s, [input]) {
    const n = input![0]!;
    return { trainable: n * s.units + (s.bias === false ? 0 : s.units), nonTrainable: 0, macs: n * s.units };
  },
  field: () => GLOBAL,
};
