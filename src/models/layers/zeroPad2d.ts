import type { ZeroPad2DSpec } from '../spec';
import { NO_COST, type LayerDef } from './types';
import { checkPadding, fail, needsImage, ok } from './util';

/** Adds rows and columns of zeros around an image tensor. */
export const zeroPad2d: LayerDef<ZeroPad2DSpec> = {
  kind: 'zeroPad2d',
  label: 'zero padding',
  arity: [1, 1],
  materializes: true,
  check: (s) =>
    typeof s.padding === 'object' && s.padding !== null ? checkPadding(s.padding) : [{ code: 'bad-param', message: 'padding must be {top, bottom, left, right}' }],
  infer(s, [input]) {
    if (input!.length !== 3) return fail(needsImage('zero padding', input!));
    const p = s.padding;
    return ok([input![0]! + p.top + p.bottom, input![1]! + p.left + p.right, input![2]!]);
  },
  cost: () => NO_COST,
  // Output pixel i is input pixel i - top: a 1x1 window shifted by the padding.
  field: (s) => ({ kind: 'window', kernel: [1, 1], stride: [1, 1], padBefore: [s.padding.top, s.padding.left] }),
};
