import type { AddSpec, Shape } from '../spec';
import { NO_COST, POINTWISE, type LayerDef } from './types';
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
      return fail({ code: 'shape-mismatch', message: `cannot add ${fmtShape(first)} and ${fmtShape(other)}: the shapes must match`, fix: shortcutFix(first, other) });
    }
    return ok([...first]);
  },
  cost: () => NO_COST,
  field: () => POINTWISE,
};

/** How to make a residual add's inputs match: a 1x1 projection on the larger (shortcut) input. */
function shortcutFix(a: Shape, b: Shape): string {
  if (a.length !== 3 || b.length !== 3) return 'make both inputs the same size';
  const [big, small] = a[0]! * a[1]! >= b[0]! * b[1]! ? [a, b] : [b, a];
  const stride = Math.max(1, Math.round(big[0]! / small[0]!));
  return `put a projection shortcut (a 1x1 conv with stride ${stride} and ${small[2]} filters) on the ${fmtShape(big)} input to match ${fmtShape(small)}`;
}
