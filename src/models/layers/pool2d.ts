import type { Pool2DSpec } from '../spec';
import { NO_COST, type LayerDef } from './types';
import { checkBool, checkPadding, checkPair, fail, needsImage, ok, slide, windowField } from './util';

function poolDef(kind: Pool2DSpec['kind'], label: string): LayerDef<Pool2DSpec> {
  return {
    kind,
    label,
    arity: [1, 1],
    materializes: true,
    check: (s) => [...checkPair('pool', s.pool, false), ...checkPair('stride', s.stride), ...checkPadding(s.padding), ...checkBool('ceil', s.ceil)],
    infer(s, [input]) {
      if (input!.length !== 3) return fail(needsImage(`a ${label}`, input!));
      const r = slide('pool window', input!, s.pool, s.stride ?? s.pool, 1, s.padding ?? 'valid', s.ceil ?? false);
      if (!r.ok) return fail(r.problem);
      return ok([...r.geo.out, input![2]!]);
    },
    cost: () => NO_COST,
    // Ceil mode adds a last, partial window; it moves neither the first window nor the step.
    field: (s, [input]) => windowField(input!, s.pool, s.stride ?? s.pool, 1, s.padding ?? 'valid'),
  };
}

/** Max pooling: no parameters; ceil mode rounds the output size up (GoogLeNet, Caffe models). */
export const maxPool2d = poolDef('maxPool2d', 'max pool');
/** Average pooling (LeNet-5's subsampling, without the paper's trainable coefficients). */
export const avgPool2d = poolDef('avgPool2d', 'avg pool');
