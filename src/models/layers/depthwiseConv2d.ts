import { pair, type DepthwiseConv2DSpec } from '../spec';
import type { LayerDef } from './types';
import { checkActivation, checkBool, checkPadding, checkPair, checkPosInt, fail, needsImage, ok, slide, windowField } from './util';

/** Depthwise convolution: one f x f filter (times the depth multiplier) per input channel. */
export const depthwiseConv2d: LayerDef<DepthwiseConv2DSpec> = {
  kind: 'depthwiseConv2d',
  label: 'depthwise conv',
  arity: [1, 1],
  materializes: true,
  check: (s) => [
    ...checkPair('kernel', s.kernel, false),
    ...checkPosInt('depthMultiplier', s.depthMultiplier, true),
    ...checkPair('stride', s.stride),
    ...checkPair('dilation', s.dilation),
    ...checkPadding(s.padding),
    ...checkBool('bias', s.bias),
    ...checkActivation(s.activation),
  ],
  infer(s, [input]) {
    if (input!.length !== 3) return fail(needsImage('a depthwise convolution', input!));
    const r = slide('kernel', input!, s.kernel, s.stride ?? 1, s.dilation ?? 1, s.padding ?? 'valid');
    if (!r.ok) return fail(r.problem);
    return ok([...r.geo.out, input![2]! * (s.depthMultiplier ?? 1)]);
  },
  cost(s, _inputs, out) {
    const [kh, kw] = pair(s.kernel);
    const channels = out[2]!;
    return {
      trainable: kh * kw * channels + (s.bias === false ? 0 : channels),
      nonTrainable: 0,
      macs: out[0]! * out[1]! * channels * kh * kw,
    };
  },
  field: (s, [input]) => windowField(input!, s.kernel, s.stride ?? 1, s.dilation ?? 1, s.padding ?? 'valid'),
};
