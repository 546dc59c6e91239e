import type { ConcatSpec } from '../spec';
import { NO_COST, POINTWISE, type LayerDef } from './types';
import { fail, fmtShape, ok } from './util';

/** Stacks tensors along the channel axis (Inception modules); spatial sizes must agree. */
export const concat: LayerDef<ConcatSpec> = {
  kind: 'concat',
  label: 'concat',
  arity: [2, Infinity],
  materializes: true,
  check: () => [],
  infer(_s, inputs) {
    const first = inputs[0]!;
    if (inputs.some((x) => x.length !== first.length)) {
      return fail({
        code: 'shape-mismatch',
        message: `cannot concatenate ${inputs.map(fmtShape).join(', ')}: all inputs must be images or all vectors`,
        fix: 'flatten every branch, or none',
      });
    }
    const spatial = first.slice(0, -1);
    const odd = inputs.find((x) => fmtShape(x.slice(0, -1)) !== fmtShape(spatial));
    if (odd) {
      return fail({
        code: 'spatial-mismatch',
        message: `spatial sizes differ (${fmtShape(spatial)} and ${fmtShape(odd.slice(0, -1))}); only the channel axis may differ`,
        fix: "give every branch the same strides and 'same' padding",
      });
    }
    return ok([...spatial, inputs.reduce((n, x) => n + x[x.length - 1]!, 0)]);
  },
  cost: () => NO_COST,
  field: () => POINTWISE,
};
