import type { LRNSpec } from '../spec';
import { NO_COST, POINTWISE, type LayerDef, type LayerProblem } from './types';
import { fail, isPosInt, needsImage, ok, show } from './util';

/** Local response normalization across `size` neighbouring channels (AlexNet, 2012; no parameters). */
export const lrn: LayerDef<LRNSpec> = {
  kind: 'lrn',
  label: 'LRN',
  arity: [1, 1],
  materializes: true,
  check(s) {
    const out: LayerProblem[] = [];
    if (!isPosInt(s.size) || s.size % 2 === 0) out.push({ code: 'bad-param', message: `size must be an odd whole number, got ${show(s.size)}`, fix: 'use 5, as AlexNet did' });
    for (const [name, v] of [['alpha', s.alpha], ['beta', s.beta], ['k', s.k]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) out.push({ code: 'bad-param', message: `${name} must be a number >= 0, got ${show(v)}` });
    }
    return out;
  },
  infer: (_s, [input]) => (input!.length === 3 ? ok([...input!]) : fail(needsImage('local response normalization', input!))),
  cost: () => NO_COST,
  field: () => POINTWISE,
};
