/**
 * A small fluent builder for NetworkSpecs, used by the zoo and tests. Each call appends one node fed by
 * the previous node (or by `from`), and returns the new node's id so branches can be wired by hand.
 */
import {
  SCHEMA_VERSION,
  type ActivationFn,
  type ExplicitPadding,
  type LayerSpec,
  type NetworkSpec,
  type Padding,
  type Pair,
  type Shape,
} from './spec';

type From = string | string[];

/** A layer spec whose `inputs` may be left out (distributes over the union). */
export type NodeDraft = LayerSpec extends infer T ? (T extends LayerSpec ? Omit<T, 'inputs'> & { inputs?: string[] } : never) : never;

export interface ConvOpts {
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  act?: ActivationFn;
  from?: From;
}

export interface PoolOpts {
  stride?: Pair;
  padding?: Padding;
  ceil?: boolean;
  from?: From;
}

export class SpecBuilder {
  private readonly nodes: LayerSpec[] = [];
  /** Id of the most recently added node: the default input of the next one. */
  last: string;

  constructor(
    private readonly name: string,
    private readonly inputShape: Shape,
    private readonly inputId = 'input',
  ) {
    this.last = inputId;
  }

  private inputs(from?: From): string[] {
    return from === undefined ? [this.last] : Array.isArray(from) ? from : [from];
  }

  /** Appends any node; `inputs` defaults to the previous node. */
  add(node: NodeDraft): string {
    const full = { ...node, inputs: node.inputs ?? [this.last] } as LayerSpec;
    this.nodes.push(full);
    this.last = full.id;
    return full.id;
  }

  conv(id: string, filters: number, kernel: Pair, o: ConvOpts = {}): string {
    const node: LayerSpec = { id, kind: 'conv2d', inputs: this.inputs(o.from), filters, kernel };
    if (o.stride !== undefined) node.stride = o.stride;
    if (o.padding !== undefined) node.padding = o.padding;
    if (o.dilation !== undefined) node.dilation = o.dilation;
    if (o.groups !== undefined) node.groups = o.groups;
    if (o.bias !== undefined) node.bias = o.bias;
    if (o.act !== undefined) node.activation = o.act;
    return this.add(node);
  }

  maxPool(id: string, pool: Pair, o: PoolOpts = {}): string {
    return this.pool('maxPool2d', id, pool, o);
  }

  avgPool(id: string, pool: Pair, o: PoolOpts = {}): string {
    return this.pool('avgPool2d', id, pool, o);
  }

  private pool(kind: 'maxPool2d' | 'avgPool2d', id: string, pool: Pair, o: PoolOpts): string {
    const node: LayerSpec = { id, kind, inputs: this.inputs(o.from), pool };
    if (o.stride !== undefined) node.stride = o.stride;
    if (o.padding !== undefined) node.padding = o.padding;
    if (o.ceil) node.ceil = true;
    return this.add(node);
  }

  gap(id: string, from?: From): string {
    return this.add({ id, kind: 'globalAvgPool2d', inputs: this.inputs(from) });
  }

  dense(id: string, units: number, act?: ActivationFn, from?: From): string {
    return this.add({ id, kind: 'dense', inputs: this.inputs(from), units, ...(act ? { activation: act } : {}) });
  }

  flatten(id: string, from?: From): string {
    return this.add({ id, kind: 'flatten', inputs: this.inputs(from) });
  }

  /** He et al.'s option-A shortcut: every `stride`-th pixel, channels zero-padded up to `channels`. */
  shortcutPad(id: string, channels: number, stride = 2, from?: From): string {
    return this.add({ id, kind: 'shortcutPad', inputs: this.inputs(from), channels, ...(stride !== 2 ? { stride } : {}) });
  }

  dropout(id: string, rate: number, from?: From): string {
    return this.add({ id, kind: 'dropout', inputs: this.inputs(from), rate });
  }

  /**
   * Batch norm with PyTorch's defaults, as the torchvision layouts use them: epsilon 1e-5 and a running-statistics
   * momentum of 0.1, which is 0.9 in the spec's Keras convention (moving = 0.9 x moving + 0.1 x batch). Keras's own
   * 0.99 lags far behind the weights while a small network trains fast, and evaluation then suffers.
   */
  bn(id: string, epsilon = 1e-5, from?: From, momentum = 0.9): string {
    return this.add({ id, kind: 'batchNorm', inputs: this.inputs(from), epsilon, momentum });
  }

  act(id: string, fn: ActivationFn, from?: From): string {
    return this.add({ id, kind: 'activation', inputs: this.inputs(from), fn });
  }

  lrn(id: string, size: number, alpha: number, beta: number, k: number, from?: From): string {
    return this.add({ id, kind: 'lrn', inputs: this.inputs(from), size, alpha, beta, k });
  }

  zeroPad(id: string, padding: ExplicitPadding, from?: From): string {
    return this.add({ id, kind: 'zeroPad2d', inputs: this.inputs(from), padding });
  }

  sum(id: string, from: string[], act?: ActivationFn): string {
    return this.add({ id, kind: 'add', inputs: from, ...(act ? { activation: act } : {}) });
  }

  concat(id: string, from: string[]): string {
    return this.add({ id, kind: 'concat', inputs: from });
  }

  /** The finished spec; outputs default to the last node. */
  build(outputs: string[] = [this.last]): NetworkSpec {
    return {
      schemaVersion: SCHEMA_VERSION,
      name: this.name,
      inputs: [{ id: this.inputId, shape: [...this.inputShape] }],
      nodes: this.nodes.map((n) => ({ ...n })),
      outputs,
    };
  }
}
