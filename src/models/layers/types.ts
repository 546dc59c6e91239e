import type { LayerSpec, Shape } from '../spec';

/** Machine-readable category of a user mistake, so the UI and tests need not parse messages. */
export type IssueCode =
  | 'bad-param'
  | 'kernel-too-large'
  | 'non-positive-size'
  | 'needs-image'
  | 'needs-flat'
  | 'shape-mismatch'
  | 'spatial-mismatch'
  | 'channel-groups'
  | 'arity'
  | 'cycle'
  | 'dangling-edge'
  | 'duplicate-id'
  | 'unknown-kind'
  | 'unknown-output'
  | 'no-output'
  | 'no-input'
  | 'bad-spec'
  | 'not-in-model'
  | 'absurd-size'
  | 'classifier-activation';

/** What is wrong with one layer, and how to fix it; the caller prefixes the layer's kind and id. */
export interface LayerProblem {
  code: IssueCode;
  message: string;
  fix?: string;
}

export type InferResult = { ok: true; shape: Shape } | { ok: false; problem: LayerProblem };

/**
 * How one layer maps the receptive fields of its inputs onto its output (see receptiveField.ts): the per-layer rule
 * of Araujo et al., "Computing receptive fields of convolutional neural networks" (Distill, 2019).
 */
export type FieldRule =
  /**
   * A sliding window: output i reads input positions i x stride - padBefore ... + kernel - 1, per axis [rows, cols];
   * kernel is the window's extent (a dilated kernel's d(k-1)+1), padBefore the zeros added above and to the left.
   */
  | { kind: 'window'; kernel: [number, number]; stride: [number, number]; padBefore: [number, number] }
  /** Each output position reads the same position of every input (element-wise layers, add, concat). */
  | { kind: 'pointwise' }
  /** Every output value reads every position of its input (flatten, global pooling, and dense after them). */
  | { kind: 'global' };

/** The rule of layers that work position by position. */
export const POINTWISE: FieldRule = { kind: 'pointwise' };

/** The rule of layers whose every output reads the whole of their input. */
export const GLOBAL: FieldRule = { kind: 'global' };

export interface LayerCost {
  trainable: number;
  nonTrainable: number;
  /** Multiply-accumulates per image; only convolutions and dense layers do any. */
  macs: number;
}

/** Everything the engine knows about one kind of layer. Pure functions; never throw for user mistakes. */
export interface LayerDef<S extends LayerSpec = LayerSpec> {
  kind: S['kind'];
  /** Short human name used in messages: "conv 'c5': ...". */
  label: string;
  /** Allowed number of inputs [min, max]. */
  arity: [number, number];
  /** Hyper-parameter problems that do not depend on the input shapes. */
  check(spec: S): LayerProblem[];
  /** Output shape from input shapes, or why there is none. */
  infer(spec: S, inputs: Shape[]): InferResult;
  cost(spec: S, inputs: Shape[], output: Shape): LayerCost;
  /** How the layer grows the receptive field (called once infer has succeeded on the same inputs). */
  field(spec: S, inputs: Shape[]): FieldRule;
  /** False for layers whose output is a view of their input (flatten): no new activation memory. */
  materializes: boolean;
}

export const NO_COST: LayerCost = { trainable: 0, nonTrainable: 0, macs: 0 };
