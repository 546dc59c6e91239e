import type { AddSpec } from '../spec';
import { NO_COST, type LayerDef } from './types';
import { checkActivation, fail, fmtShape, ok } from './util';

/** Element-wise sum of same-shaped tensors: the residual connection z[l+2] + a[l]. */
export const add: LayerDef<AddSpec> = {
  kind: 'add',
  label: 'add',
  arity: [2, Infinity],
  materializes: true,
  check: (s) => checkActivation(s.activation),
  infer(_s, inputs) {
    const first = inputs[0]!;
    const other = inputs.find((x) => fmtShape(x) !== fmtShape(first));
    if (other) {
      const spatial = first.length === 3 && other.length === 3 && (first[0] !== other[0] || first[1] !== other[1]);
      return fail({
        code: 'shape-mismatch',
        message: `cannot add ${fmtShape(first)} and ${fmtShape(other)}: the shapes must match`,
        fix: spatial || first.length === 3
          ? `put a projection shortcut (a 1x1 conv${spatial ? ` with stride ${Math.max(1, Math.round(first[0]! / other[0]!))}` : ''}) on the shortcut path to match ${fmtShape(other.length === 3 && other[0]! < first[0]! ? other : first)}`
          : 'make both inputs the same size',
      });
    }
    return ok([...first]);
  },
  cost: () => NO_COST,
};
