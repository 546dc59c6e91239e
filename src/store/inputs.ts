/** Parsing of what the user types into the app's fields: pure, shared by components and tests. */
import { OPTIMIZER_SLOTS, parseShape, type Optimizer, type Shape } from '../models';

/** The result of reading a field: a value, or a sentence saying what is wrong and what to type. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads an input-shape field ("224x224x3", or one number for a vector) into a shape, or says how to write it. */
export function parseShapeInput(text: string): Parsed<Shape> {
  if (text.trim() === '') return { ok: false, message: 'Enter an input shape such as 224x224x3 (height x width x channels).' };
  const shape = parseShape(text);
  if (!shape) {
    return {
      ok: false,
      message: `"${text.trim().slice(0, 40)}" is not a shape: write H x W x C with positive whole numbers, such as 224x224x3, or one number for a vector.`,
    };
  }
  return { ok: true, value: shape };
}

/** Largest batch size the memory estimate accepts; beyond it the figures stop meaning anything in a browser. */
export const MAX_BATCH = 65_536;

/** Reads a whole number between bounds, saying what is allowed ("from 1 to 65,536"). */
export function parseWhole(text: string, what: string, min: number, max: number): Parsed<number> {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  const fmt = (x: number) => x.toLocaleString('en-US');
  return Number.isSafeInteger(n) && n >= min && n <= max ? { ok: true, value: n } : { ok: false, message: `${what} must be a whole number from ${fmt(min)} to ${fmt(max)}.` };
}

/** Reads a batch-size field into a whole number from 1 to MAX_BATCH, or says what is allowed. */
export function parseBatchSize(text: string): Parsed<number> {
  return parseWhole(text, 'The batch size', 1, MAX_BATCH);
}

/** The optimizers the training-memory estimate knows, in the order the select offers them. */
export const OPTIMIZER_CHOICES: readonly { id: Optimizer; label: string }[] = [
  { id: 'sgd', label: 'SGD' },
  { id: 'momentum', label: 'SGD + momentum' },
  { id: 'rmsprop', label: 'RMSprop' },
  { id: 'adam', label: 'Adam' },
];

/** "Adam keeps 2 values per trainable weight": what the optimizer-state figure counts. */
export function optimizerStateNote(o: Optimizer): string {
  const n = OPTIMIZER_SLOTS[o];
  const name = OPTIMIZER_CHOICES.find((c) => c.id === o)?.label ?? o;
  return n === 0 ? `${name} keeps no state` : `${name} keeps ${n} value${n === 1 ? '' : 's'} per trainable weight`;
}

/** True for the ids the optimizer select offers; guards values read from the DOM. */
export function isOptimizer(v: string): v is Optimizer {
  return OPTIMIZER_CHOICES.some((o) => o.id === v);
}
