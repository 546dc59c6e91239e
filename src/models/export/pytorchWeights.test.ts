// @vitest-environment node
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecBuilder } from '../builder';
import type { NetworkSpec } from '../spec';
import { buildModel } from '../tfjs/build';
import { serializeModel } from '../tfjs/export';
import { zooSpec } from '../zoo';
import { toPyTorch } from './pytorch';
import { manifestWeights, type NamedWeight } from '../weights';
import { npz, toStateDict, type StateEntry } from './pytorchWeights';

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The weights of a serialised model, named and shaped as its manifest lists them. */
async function namedWeights(model: tf.LayersModel): Promise<NamedWeight[]> {
  const out = await serializeModel(model);
  return manifestWeights(out.modelJson, out.weights);
}

/** Biases and batch norm parameters away from their initial zeros and ones, so that eval-mode batch norm matters. */
function perturb(model: tf.LayersModel, seed: number): void {
  const ranges: [RegExp, number, number][] = [
    [/\/(bias|beta|moving_mean)$/, -0.5, 0.5],
    [/\/gamma$/, 0.5, 1.5],
    [/\/moving_variance$/, 0.5, 2],
  ];
  for (const layer of model.layers) {
    const names = layer.weights.map((w) => w.originalName);
    if (!names.some((n) => ranges.some(([re]) => re.test(n)))) continue;
    layer.setWeights(
      layer.getWeights().map((w, i) => {
        const r = ranges.find(([re]) => re.test(names[i]!));
        return r ? tf.randomUniform(w.shape, r[1], r[2], 'float32', seed++) : w;
      }),
    );
  }
}

/** The same network with linear outputs: logits, so that a softmax does not squash a difference. */
function logits(spec: NetworkSpec): NetworkSpec {
  return { ...spec, nodes: spec.nodes.map((n) => (spec.outputs.includes(n.id) && n.kind === 'dense' ? { ...n, activation: 'linear' as const } : n)) };
}

/** Option A on an odd image and an odd channel gap: 7x7x3 -> 4x4x8 (2 zero channels before, 3 after), then dense. */
function optionAOdd(): NetworkSpec {
  const b = new SpecBuilder('option A odd', [7, 7, 3]);
  b.shortcutPad('short', 8);
  b.flatten('flat');
  b.dense('out', 5);
  return b.build();
}

describe('npz', () => {
  it('writes NumPy 1.0 .npy files (padded headers, little-endian C-order data) into a stored zip', () => {
    const entries: StateEntry[] = [
      { key: 'fc.weight', shape: [2, 3], dtype: 'float32', data: Float32Array.of(1, 2, 3, 4, 5, -6.5) },
      { key: 'fc.bias', shape: [2], dtype: 'float32', data: Float32Array.of(0.25, -1) },
      { key: 'bn.num_batches_tracked', shape: [], dtype: 'int64', data: BigInt64Array.of(7n) },
    ];
    const zip = npz(entries);
    expect([zip[8], zip[9]]).toEqual([0, 0]); // the first file is stored, not deflated
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['fc.weight.npy', 'fc.bias.npy', 'bn.num_batches_tracked.npy']);
    const read = (name: string) => {
      const f = files[name]!;
      const len = f[8]! | (f[9]! << 8);
      return { magic: [...f.slice(0, 8)], total: 10 + len, header: new TextDecoder().decode(f.slice(10, 10 + len)), data: new DataView(f.buffer, f.byteOffset + 10 + len) };
    };
    const w = read('fc.weight.npy');
    expect(w.magic).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(w.total % 64).toBe(0);
    expect(w.header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} +\n$/);
    expect([0, 1, 2, 3, 4, 5].map((i) => w.data.getFloat32(i * 4, true))).toEqual([1, 2, 3, 4, 5, -6.5]);
    expect(w.data.byteLength).toBe(24);
    expect(read('fc.bias.npy').header).toContain("'shape': (2,), }");
    const n = read('bn.num_batches_tracked.npy');
    expect(n.header).toMatch(/^\{'descr': '<i8', 'fortran_order': False, 'shape': \(\), \} +\n$/);
    expect(n.total % 64).toBe(0);
    expect(n.data.byteLength).toBe(8);
    expect(n.data.getBigInt64(0, true)).toBe(7n);
  });
});

describe('toStateDict', () => {
  /** A 2x3x2 image flattened, through batch norm and dropout, into a dense layer; a dead branch beside it. */
  const tiny = () => {
    const b = new SpecBuilder('tiny', [2, 3, 2]);
    b.flatten('flat');
    b.bn('bn.1');
    b.dropout('drop', 0.5);
    b.dense('fc', 2);
    b.dense('unused', 3, undefined, 'flat');
    return b.build(['fc']);
  };
  const names = { input: 'input', flat: 'flat', 'bn.1': 'bn.1', drop: 'drop', fc: 'fc', unused: 'unused' };
  const w = (name: string, shape: number[], f: (i: number) => number): NamedWeight => ({ name, shape, data: Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => f(i)) });
  // TF feature i = (h * 3 + w) * 2 + c; the kernel's entry for feature i and unit u is 10 i + u.
  const weights = () => [
    w('fc/kernel', [12, 2], (k) => 10 * Math.floor(k / 2) + (k % 2)),
    w('fc/bias', [2], (i) => i),
    ...['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) => w(`bn.1/${p}`, [12], (i) => i)),
    w('unused/kernel', [12, 3], () => 1),
    w('unused/bias', [3], () => 1),
  ];

  it("takes a flattened image's features in PyTorch's CHW order (dense rows and batch norm alike)", () => {
    const state = toStateDict(tiny(), names, weights());
    expect(state.map((e) => [e.key, e.shape, e.dtype])).toEqual([
      ['bn.1.weight', [12], 'float32'],
      ['bn.1.bias', [12], 'float32'],
      ['bn.1.running_mean', [12], 'float32'],
      ['bn.1.running_var', [12], 'float32'],
      ['bn.1.num_batches_tracked', [], 'int64'],
      ['fc.weight', [2, 12], 'float32'],
      ['fc.bias', [2], 'float32'],
    ]);
    // PyTorch position j = c * 6 + h * 3 + w holds TF feature (h * 3 + w) * 2 + c.
    const chw = [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11];
    const byKey = new Map(state.map((e) => [e.key, [...e.data]]));
    expect(byKey.get('bn.1.running_var')).toEqual(chw);
    expect(byKey.get('fc.weight')).toEqual([...chw.map((i) => 10 * i), ...chw.map((i) => 10 * i + 1)]);
    expect(byKey.get('fc.bias')).toEqual([0, 1]);
    expect(byKey.get('bn.1.num_batches_tracked')).toEqual([0n]);
  });

  it('names the layer when a weight is missing, misshapen or maps to nothing', () => {
    const ws = weights();
    expect(() => toStateDict(tiny(), names, ws.filter((x) => x.name !== 'fc/bias'))).toThrow("dense 'fc': TF.js weight 'fc/bias' is missing");
    expect(() => toStateDict(tiny(), names, ws.map((x) => (x.name === 'fc/kernel' ? { ...x, shape: [2, 12] } : x)))).toThrow("dense 'fc': TF.js weight 'fc/kernel' has shape 2x12 (24 values); the PyTorch module needs 12x2");
    expect(() => toStateDict(tiny(), names, [...ws, w('flat/kernel', [1], () => 0)])).toThrow("TF.js weight 'flat/kernel' maps to nothing in the PyTorch module");
    expect(() => toStateDict(tiny(), Object.fromEntries(Object.entries(names).filter(([k]) => k !== 'fc')), ws)).toThrow("dense 'fc': no TF.js layer name for it");
  });

  it('refuses to add a flattened image to a vector whose features PyTorch orders otherwise', () => {
    const add = (shape: number[]) => {
      const b = new SpecBuilder('flat plus dense', shape);
      b.flatten('flat');
      b.dense('fc', 4);
      b.sum('sum', ['flat', 'fc']);
      return toStateDict(b.build(), { input: 'input', flat: 'flat', fc: 'fc', sum: 'sum' }, [w('fc/kernel', [4, 4], () => 1), w('fc/bias', [4], () => 0)]);
    };
    expect(() => add([1, 2, 2])).toThrow("add 'sum': its inputs hold their features in different orders in PyTorch");
    expect(add([2, 2, 1]).map((e) => e.key)).toEqual(['fc.weight', 'fc.bias']); // one channel: HWC and CHW agree
  });
});

/** Depthwise (multiplier 2) and grouped convolutions, explicit asymmetric padding, and a concat of vectors; logits out. */
function convMix(): NetworkSpec {
  const b = new SpecBuilder('conv mix', [12, 10, 3]);
  b.conv('stem.conv', 8, 3, { padding: { top: 1, bottom: 0, left: 0, right: 1 } });
  b.bn('stem/bn');
  b.act('relu', 'relu');
  b.conv('group', 8, 3, { groups: 4, stride: 2, padding: 'same', act: 'relu' });
  const dw = b.add({ id: 'dw', kind: 'depthwiseConv2d', kernel: 3, depthMultiplier: 2, padding: 'same' });
  b.bn('bn2');
  b.flatten('flat');
  b.dropout('drop', 0.3);
  const flat = b.bn('bn.flat');
  const pool = b.gap('pool', dw);
  b.concat('cat', [flat, pool]);
  b.dense('fc', 7);
  return b.build();
}

describe('PyTorch weights export, loaded and run by real PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convatlas-ptw-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('PyTorch and NumPy are installed (.ci/run installs python3-torch)', () => {
    expect(hasTorch, `${PYTHON} cannot import torch and numpy: apt-get install -y --no-install-recommends python3-torch`).toBe(true);
  });

  it.runIf(hasTorch)("eval-mode outputs equal TF.js's predict (lenet5-modern, resnet-mini, inception-reduced, conv mix, option-A shortcuts)", async () => {
    const cases: [string, NetworkSpec][] = [
      ['lenet5-modern', logits(zooSpec('lenet5-modern')!)],
      ['resnet-mini', logits(zooSpec('resnet-mini')!)],
      ['inception-reduced', zooSpec('inception-reduced')!],
      ['conv-mix', convMix()],
      ['cifar-resnet8', logits(zooSpec('cifar-resnet8')!)],
      ['option-a-odd', optionAOdd()],
    ];
    const args: string[] = [];
    const expected = new Map<string, { name: string; outputs: { shape: number[]; values: Float32Array }[] }>();
    for (const [k, [name, spec]] of cases.entries()) {
      const { model, layerNames } = buildModel(spec, { seed: 1 });
      perturb(model, 100 * k);
      const state = toStateDict(spec, layerNames, await namedWeights(model));
      const xs = spec.inputs.map((i, j) => tf.randomUniform([2, ...i.shape], -1, 1, 'float32', 1000 * k + j));
      const ys = model.predict(xs) as tf.Tensor | tf.Tensor[];
      const inputs = xs.map((x, j): StateEntry => {
        const nchw = x.rank === 4 ? tf.transpose(x, [0, 3, 1, 2]) : x;
        const e: StateEntry = { key: `x${j}`, shape: nchw.shape, dtype: 'float32', data: nchw.dataSync() as Float32Array };
        if (nchw !== x) nchw.dispose();
        return e;
      });
      const code = toPyTorch(spec);
      if (!code.ok) throw new Error(code.error);
      const base = join(dir, name.replace(/[^a-z0-9]/gi, '_'));
      writeFileSync(`${base}.py`, code.code);
      writeFileSync(`${base}.npz`, npz(state));
      writeFileSync(`${base}.inputs.npz`, npz(inputs));
      args.push(`${base}.py`, `${base}.npz`, `${base}.inputs.npz`);
      expected.set(`${base}.py`, { name, outputs: (Array.isArray(ys) ? ys : [ys]).map((y) => ({ shape: y.shape, values: y.dataSync() as Float32Array })) });
      tf.dispose([xs, ys]);
      model.dispose();
    }
    const runner = fileURLToPath(new URL('./check_weights.py', import.meta.url));
    const p = spawnSync(PYTHON, [runner, ...args], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const results = p.stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; outputs: { shape: number[]; values: number[] }[] });
    expect(results).toHaveLength(cases.length);
    const report: string[] = [];
    for (const res of results) {
      const e = expected.get(res.path)!;
      expect(res.outputs.map((o) => o.shape), e.name).toEqual(e.outputs.map((o) => o.shape));
      let diff = 0;
      let scale = 0;
      res.outputs.forEach((o, i) =>
        o.values.forEach((v, j) => {
          const t = e.outputs[i]!.values[j]!;
          diff = Math.max(diff, Math.abs(v - t));
          scale = Math.max(scale, Math.abs(t));
        }),
      );
      report.push(`${e.name}: max |PyTorch - TF.js| = ${diff.toExponential(2)} (outputs up to ${scale.toFixed(3)})`);
      expect.soft(diff, e.name).toBeLessThanOrEqual(1e-4);
    }
    console.log(report.join('\n'));
  });
});
