import type { LayerKind } from '../spec';
import { activation } from './activation';
import { add } from './add';
import { batchNorm } from './batchNorm';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { depthwiseConv2d } from './depthwiseConv2d';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { globalAvgPool2d } from './globalAvgPool2d';
import { lrn } from './lrn';
import { avgPool2d, maxPool2d } from './pool2d';
import type { LayerDef } from './types';
import { zeroPad2d } from './zeroPad2d';
import { shortcutPad } from './shortcutPad';

/** Every layer kind the engine understands, by `kind`. */
export const LAYERS: Record<LayerKind, LayerDef> = {
  conv2d,
  depthwiseConv2d,
  maxPool2d,
  avgPool2d,
  globalAvgPool2d,
  dense,
  flatten,
  dropout,
  batchNorm,
  lrn,
  activation,
  zeroPad2d,
  shortcutPad,
  add,
  concat,
};

/** The definition for a kind, or undefined for an unknown one (user input may hold anything). */
export function layerDef(kind: unknown): LayerDef | undefined {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(LAYERS, kind) ? LAYERS[kind as LayerKind] : undefined;
}

export type { FieldRule, IssueCode, LayerCost, LayerDef, LayerProblem } from './types';
export { fmtShape } from './util';
export { shortcutPadBefore } from './shortcutPad';
