/**
 * Property tests: random architectures (sequential, residual, concat, multi-output) built from every layer
 * kind agree with TF.js on every shape and count; random broken specs give errors, never exceptions.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { SpecBuilder } from '../builder';
import { ACTIVATIONS, pad, type NetworkSpec, type Padding } from '../spec';
import { BuildError, buildModel, tfjsOutputShape, tfjsParamCounts } from './build';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const act = fc.constantFrom(...ACTIVATIONS);
const padding: fc.Arbitrary<Padding> = fc.oneof(
  fc.constantFrom<Padding>('valid', 'same'),
  fc.integer({ min: 0, max: 2 }).map((p) => pad(p)),
  fc.record({ top: fc.nat(2), bottom: fc.nat(2), left: fc.nat(2), right: fc.nat(2) }),
);

/** One step of a random network; `assemble` wires it to the current tensor. */
const op = fc.oneof(
  fc.record({ t: fc.constant('conv' as const), f: fc.integer({ min: 1, max: 6 }), g: fc.integer({ min: 1, max: 3 }), kh: fc.integer({ min: 1, max: 5 }), kw: fc.integer({ min: 1, max: 5 }), s: fc.integer({ min: 1, max: 2 }), d: fc.integer({ min: 1, max: 2 }), p: padding, bias: fc.boolean(), act }),
  fc.record({ t: fc.constant('dw' as const), k: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 2 }), s: fc.integer({ min: 1, max: 2 }), p: padding, act }),
  fc.record({ t: fc.constant('pool' as const), max: fc.boolean(), k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }), p: fc.oneof(fc.constantFrom<Padding>('valid', 'same'), fc.constant(pad(1))), ceil: fc.boolean() }),
  fc.record({ t: fc.constant('simple' as const), kind: fc.constantFrom('bn', 'lrn', 'dropout', 'act', 'zeropad') , a: act }),
  fc.record({ t: fc.constant('residual' as const), f: fc.integer({ min: 1, max: 8 }), k: fc.constantFrom(1, 3), s: fc.integer({ min: 1, max: 2 }), bn: fc.boolean(), act }),
  fc.record({ t: fc.constant('inception' as const), branches: fc.array(fc.record({ k: fc.constantFrom(0, 1, 3, 5), f: fc.integer({ min: 1, max: 6 }), reduce: fc.boolean() }), { minLength: 2, maxLength: 4 }) }),
);

const network = fc.record({
  h: fc.integer({ min: 6, max: 40 }),
  w: fc.integer({ min: 6, max: 40 }),
  c: fc.integer({ min: 1, max: 6 }),
  ops: fc.array(op, { minLength: 1, maxLength: 10 }),
  head: fc.constantFrom('flatten', 'gap', 'none'),
  dense: fc.array(fc.record({ u: fc.integer({ min: 1, max: 20 }), a: act, bias: fc.boolean() }), { maxLength: 2 }),
  aux: fc.boolean(),
});

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Appends the nodes of one op; returns them so an op the engine rejects can be dropped whole. */
function emit(b: SpecBuilder, o: Op, i: number, channels: number): void {
  const id = `n${i}`;
  switch (o.t) {
    case 'conv': {
      const groups = channels % o.g === 0 ? o.g : 1;
      const stride = o.d > 1 ? 1 : o.s;
      b.conv(id, o.f * groups, [o.kh, o.kw], { stride, dilation: o.d, padding: o.p, groups, bias: o.bias, act: o.act });
      return;
    }
    case 'dw':
      b.add({ id, kind: 'depthwiseConv2d', inputs: [b.last], kernel: o.k, depthMultiplier: o.m, stride: o.s, padding: o.p, activation: o.act });
      return;
    case 'pool':
      (o.max ? b.maxPool : b.avgPool).call(b, id, o.k, { stride: o.s, padding: o.p, ceil: o.ceil });
      return;
    case 'simple':
      if (o.kind === 'bn') b.bn(id);
      else if (o.kind === 'lrn') b.lrn(id, 3, 1e-4, 0.75, 2);
      else if (o.kind === 'dropout') b.dropout(id, 0.3);
      else if (o.kind === 'act') b.act(id, o.a);
      else b.zeroPad(id, { top: 1, bottom: 0, left: 2, right: 1 });
      return;
    case 'residual': {
      const x = b.last;
      b.conv(`${id}.a`, o.f, o.k, { stride: o.s, padding: 'same', bias: !o.bn });
      if (o.bn) b.bn(`${id}.bn`);
      const main = b.conv(`${id}.b`, o.f, o.k, { padding: 'same', act: 'linear' });
      const shortcut = o.s === 1 && o.f === channels ? x : b.conv(`${id}.proj`, o.f, 1, { stride: o.s, from: x });
      b.sum(`${id}.add`, [main, shortcut], o.act);
      return;
    }
    case 'inception': {
      const x = b.last;
      const outs = o.branches.map((br, j) => {
        const bid = `${id}.b${j}`;
        if (br.k === 0) return b.maxPool(bid, 3, { stride: 1, padding: 'same', from: x });
        if (br.reduce) b.conv(`${bid}.r`, 2, 1, { from: x, act: 'relu' });
        return b.conv(bid, br.f, br.k, { padding: 'same', act: 'relu', ...(br.reduce ? {} : { from: x }) });
      });
      b.concat(`${id}.cat`, outs);
      return;
    }
  }
}

type Net = typeof network extends fc.Arbitrary<infer T> ? T : never;

/** Builds a random network, dropping each op the engine rejects so that the result is valid. */
function assemble(n: Net): NetworkSpec {
  let spec = new SpecBuilder('random', [n.h, n.w, n.c]).build();
  const ok = (s: NetworkSpec) => analyze(s).errorCount === 0;
  const extend = (s: NetworkSpec, f: (b: SpecBuilder) => void): NetworkSpec => {
    const b = new SpecBuilder('random', s.inputs[0]!.shape);
    for (const node of s.nodes) b.add(node);
    f(b);
    return b.build([b.last]);
  };
  const lastShape = (s: NetworkSpec) => analyze(s).layers.at(-1)!.outputShape!;
  let auxFrom: string | null = null;
  n.ops.forEach((o, i) => {
    const next = extend(spec, (b) => emit(b, o, i, lastShape(spec).at(-1)!));
    if (ok(next)) spec = next;
    if (i === 0 && n.aux && spec.nodes.length > 0) auxFrom = spec.nodes.at(-1)!.id;
  });
  const trunk = spec.nodes.at(-1)?.id ?? 'input';
  if (n.head !== 'none') {
    spec = extend(spec, (b) => (n.head === 'gap' ? b.gap('head') : b.flatten('head')));
    n.dense.forEach((d, i) => {
      spec = extend(spec, (b) => b.add({ id: `fc${i}`, kind: 'dense', inputs: [b.last], units: d.u, activation: d.a, bias: d.bias }));
    });
  }
  const outputs = [spec.nodes.at(-1)?.id ?? trunk];
  if (auxFrom && auxFrom !== outputs[0]) {
    spec = extend(spec, (b) => {
      b.gap('aux.gap', auxFrom!);
      b.dense('aux.fc', 3, 'softmax');
    });
    outputs.push('aux.fc');
  }
  return { ...spec, outputs: spec.nodes.length > 0 ? outputs : ['input'] };
}

function agreesWithTfjs(spec: NetworkSpec): void {
  const a = analyze(spec);
  expect(a.errorCount).toBe(0);
  if (spec.nodes.length === 0) return;
  const built = buildModel(spec, { init: 'zeros' });
  try {
    const c = tfjsParamCounts(built.model);
    expect(c.total).toBe(a.totals.params);
    expect(c.trainable).toBe(a.totals.trainableParams);
    expect(c.nonTrainable).toBe(a.totals.nonTrainableParams);
    for (const l of a.layers) if (l.inModel) expect(tfjsOutputShape(built, l.id), l.id).toEqual(l.outputShape);
  } finally {
    built.model.dispose();
  }
}

describe('random valid architectures agree with TF.js', () => {
  it('shapes and parameter counts, 300 networks', () => {
    let kinds = new Set<string>();
    let residual = 0;
    let concat = 0;
    fc.assert(
      fc.property(network, (n) => {
        const spec = assemble(n);
        kinds = new Set([...kinds, ...spec.nodes.map((x) => x.kind)]);
        if (spec.nodes.some((x) => x.kind === 'add')) residual++;
        if (spec.nodes.some((x) => x.kind === 'concat')) concat++;
        agreesWithTfjs(spec);
      }),
      { numRuns: 300, seed: 20261128 },
    );
    // The generator really exercised every layer kind, and enough branching networks.
    expect([...kinds].sort()).toEqual(['activation', 'add', 'avgPool2d', 'batchNorm', 'concat', 'conv2d', 'dense', 'depthwiseConv2d', 'dropout', 'flatten', 'globalAvgPool2d', 'lrn', 'maxPool2d', 'zeroPad2d']);
    expect(residual).toBeGreaterThan(30);
    expect(concat).toBeGreaterThan(30);
  });

  it('a single conv or pool: the engine accepts exactly what TF.js can compute, with the same shape', () => {
    fc.assert(
      fc.property(
        fc.record({ h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 6 }), s: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 1, max: 3 }), same: fc.boolean(), pool: fc.boolean() }),
        (c) => {
          const dil = c.pool || c.s > 1 ? 1 : c.d;
          const b = new SpecBuilder('one', [c.h, c.w, 2]);
          if (c.pool) b.maxPool('x', c.k, { stride: c.s, padding: c.same ? 'same' : 'valid' });
          else b.conv('x', 3, c.k, { stride: c.s, dilation: dil, padding: c.same ? 'same' : 'valid' });
          const engine = analyze(b.build()).layers[1]!.outputShape;
          const args = { strides: c.s, padding: c.same ? ('same' as const) : ('valid' as const) };
          let tfShape: number[] | null;
          try {
            const layer = c.pool ? tf.layers.maxPooling2d({ poolSize: c.k, ...args }) : tf.layers.conv2d({ filters: 3, kernelSize: c.k, dilationRate: dil, ...args });
            const out = (layer.apply(tf.input({ shape: [c.h, c.w, 2] })) as tf.SymbolicTensor).shape.slice(1) as number[];
            tfShape = out.every((v) => v > 0) ? out : null;
          } catch {
            tfShape = null;
          }
          expect(engine).toEqual(tfShape);
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });
});

/** Ways a user or an imported file breaks a spec. */
const mutation = fc.oneof(
  fc.record({ t: fc.constant('number' as const), v: fc.constantFrom(0, -1, -3.5, NaN, Infinity, 1e308, 0.5) }),
  fc.record({ t: fc.constant('type' as const), v: fc.constantFrom<unknown>('3', null, [], {}, true, undefined) }),
  fc.record({ t: fc.constant('dangle' as const) }),
  fc.record({ t: fc.constant('cycle' as const) }),
  fc.record({ t: fc.constant('kind' as const), v: fc.constantFrom<unknown>('wobble', '__proto__', 'constructor', 42, null) }),
  fc.record({ t: fc.constant('dup' as const) }),
  fc.record({ t: fc.constant('dense-on-image' as const) }),
  fc.record({ t: fc.constant('drop-output' as const) }),
);

function mutate(spec: NetworkSpec, m: typeof mutation extends fc.Arbitrary<infer T> ? T : never, pick: number): NetworkSpec {
  const s = structuredClone(spec) as NetworkSpec;
  const nodes = s.nodes as unknown as Record<string, unknown>[];
  if (nodes.length === 0) return { ...s, outputs: [] };
  const node = nodes[pick % nodes.length]!;
  const numeric = Object.keys(node).filter((k) => typeof node[k] === 'number');
  switch (m.t) {
    case 'number':
    case 'type': {
      const key = numeric[pick % Math.max(1, numeric.length)] ?? 'inputs';
      node[key] = m.v;
      break;
    }
    case 'dangle':
      node.inputs = ['does-not-exist'];
      break;
    case 'cycle':
      node.inputs = [s.outputs[0]!];
      break;
    case 'kind':
      node.kind = m.v;
      break;
    case 'dup':
      nodes.push({ ...node });
      break;
    case 'dense-on-image':
      nodes.splice(0, 0, { id: 'dense-on-image', kind: 'dense', inputs: ['input'], units: 4 });
      s.outputs.push('dense-on-image');
      break;
    case 'drop-output':
      s.outputs = [];
      break;
  }
  return s;
}

describe('random broken specs', () => {
  it('give errors as values, never exceptions, and are refused by the TF.js builder with the same messages', () => {
    let broken = 0;
    fc.assert(
      fc.property(network, mutation, fc.nat(50), (n, m, pick) => {
        const spec = mutate(assemble(n), m, pick);
        const a = analyze(spec);
        for (const i of a.issues) expect(i.message).toMatch(/^[\w ]+/);
        if (a.errorCount > 0) {
          broken++;
          let thrown: unknown = null;
          try {
            buildModel(spec, { init: 'zeros' }).model.dispose();
          } catch (e) {
            thrown = e;
          }
          expect(thrown).toBeInstanceOf(BuildError);
          expect((thrown as BuildError).problems).toEqual(a.issues.filter((i) => i.severity === 'error').map((i) => i.message));
        } else {
          agreesWithTfjs(spec);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(broken).toBeGreaterThan(200);
  });

  it('structurally hostile input never throws', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }), (junk) => {
        const spec = { schemaVersion: 1, name: 'x', inputs: [{ id: 'input', shape: [8, 8, 3] }], nodes: [junk, { id: 'n', kind: 'conv2d', inputs: [junk], filters: junk, kernel: 3 }], outputs: [junk] };
        expect(() => analyze(spec as unknown as NetworkSpec)).not.toThrow();
        expect(() => analyze(junk as unknown as NetworkSpec)).not.toThrow();
      }),
      { numRuns: 500, seed: 1 },
    );
  });
});


