import { pair, type Conv2DSpec } from '../spec';
import type { LayerDef } from './types';
import { checkActivation, checkBool, checkPadding, checkPair, checkPosInt, fail, needsImage, ok, slide, windowField } from './util';

/** 2-D convolution, optionally grouped and dilated: params f x f x n_C(prev)/groups x n_C + n_C. */
export const conv2d: LayerDef<Conv2DSpec> = {
  kind: 'conv2d',
  label: 'conv',
  arity: [1, 1],
  materializes: true,
  check: (s) => [
    ...checkPosInt('filters', s.filters),
    ...checkPair('kernel', s.kernel, false),
    ...checkPair('stride', s.stride),
    ...checkPair('dilation', s.dilation),
    ...checkPosInt('groups', s.groups, true),
    ...checkPadding(s.padding),
    ...checkBool('bias', s.bias),
    ...checkActivation(s.activation),
  ],
  infer(s, [input]) {
    if (input!.length !== 3) return fail(needsImage('a convolution', input!));
    const groups = s.groups ?? 1;
    const cin = input![2]!;
    if (cin % groups !== 0 || s.filters % groups !== 0) {
      return fail({
        code: 'channel-groups',
        message: `${groups} groups must divide both the ${cin} input channels and the ${s.filters} filters`,
        fix: `use a number of groups that divides ${cin} and ${s.filters}`,
      });
    }
    const r = slide('kernel', input!, s.kernel, s.stride ?? 1, s.dilation ?? 1, s.padding ?? 'valid');
    if (!r.ok) return fail(r.problem);
    return ok([...r.geo.out, s.filters]);
  },
  cost(s, [input], out) {
    const [kh, kw] = pair(s.kernel);
    const perFilter = kh * kw * (input![2]! / (s.groups ?? 1));
    const weights = perFilter * s.filters + (s.bias === false ? 0 : s.filters);
    return { trainable: weights, nonTrainable: 0, macs: out[0]! * out[1]! * s.filters * perFilter };
  },
  field: (s, [input]) => windowField(input!, s.kernel, s.stride ?? 1, s.dilation ?? 1, s.padding ?? 'valid'),
};
