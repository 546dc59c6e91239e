import type { ShortcutPadSpec } from '../spec';
import { NO_COST, type LayerDef } from './types';
import { checkPosInt, fail, needsImage, ok } from './util';

/** Option A's shortcut: every stride-th pixel, channels zero-padded; no parameters, no multiply-adds. */
export const shortcutPad: LayerDef<ShortcutPadSpec> = {
  kind: 'shortcutPad',
  label: 'shortcut (option A)',
  arity: [1, 1],
  materializes: true,
  check: (s) => [...checkPosInt('stride', s.stride, true), ...checkPosInt('channels', s.channels)],
  infer(s, [input]) {
    if (input!.length !== 3) return fail(needsImage('an option-A shortcut', input!));
    const [h, w, c] = input as [number, number, number];
    if (s.channels < c) {
      return fail({ code: 'bad-param', message: `it pads ${c} channels up to ${s.channels}, which is fewer`, fix: `set channels to ${c} or more` });
    }
    const st = s.stride ?? 2;
    return ok([Math.ceil(h / st), Math.ceil(w / st), s.channels]);
  },
  cost: () => NO_COST,
  // x[::s, ::s]: a 1x1 window with the block's stride.
  field: (s) => ({ kind: 'window', kernel: [1, 1], stride: [s.stride ?? 2, s.stride ?? 2], padBefore: [0, 0] }),
};

/** How many zero channels go before the input's (the rest go after). */
export function shortcutPadBefore(inChannels: number, outChannels: number): number {
  return Math.floor((outChannels - inChannels) / 2);
}
