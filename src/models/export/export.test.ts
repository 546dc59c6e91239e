// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, formatExact, pair, withInputShape, ZOO, type LayerSpec, type NetworkSpec } from '..';
import { toKeras } from './keras';
import { pythonNames, toPyTorch } from './pytorch';

const PYTHON = '/usr/bin/python3';
const zoo = ZOO.map((z) => [z.id, z.build()] as const);

/** The Keras line that builds a node: the one naming it. */
function kerasLine(code: string, id: string): string {
  const line = code.split('\n').find((l) => l.includes(`name=${JSON.stringify(id.replace(/\//g, '_'))})`));
  if (!line) throw new Error(`no Keras layer named ${id}`);
  return line;
}

function expectKerasArgs(code: string, n: LayerSpec) {
  const line = kerasLine(code, n.id);
  const t = (p: number | [number, number]) => `(${pair(p).join(', ')})`;
  switch (n.kind) {
    case 'conv2d':
      expect(line).toMatch(new RegExp(`layers\\.Conv2D\\(${n.filters}, kernel_size=\\${t(n.kernel).replace(')', '\\)')}, strides=\\${t(n.stride ?? 1).replace(')', '\\)')}`));
      expect(line).toContain(`use_bias=${n.bias === false ? 'False' : 'True'}`);
      expect(line).toContain(`activation="${n.activation ?? 'linear'}"`);
      if ((n.groups ?? 1) > 1) expect(line).toContain(`groups=${n.groups}`);
      break;
    case 'depthwiseConv2d':
      expect(line).toContain(`layers.DepthwiseConv2D(kernel_size=${t(n.kernel)}`);
      break;
    case 'dense':
      expect(line).toContain(`layers.Dense(${n.units}, use_bias=${n.bias === false ? 'False' : 'True'}, activation="${n.activation ?? 'linear'}"`);
      break;
    case 'maxPool2d':
    case 'avgPool2d':
      expect(line).toContain(`layers.${n.kind === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D'}(pool_size=${t(n.pool)}, strides=${t(n.stride ?? n.pool)}`);
      break;
    case 'batchNorm':
      expect(line).toContain(`layers.BatchNormalization(axis=-1, epsilon=${n.epsilon ?? 1e-3}`);
      break;
    case 'dropout':
      expect(line).toContain(`layers.Dropout(${n.rate}`);
      break;
    case 'concat':
      expect(line).toContain(`layers.Concatenate(axis=-1, name=${JSON.stringify(n.id)})([${n.inputs.map((i) => i.replace(/[^A-Za-z0-9_]/g, '_')).join(', ')}`.slice(0, 60));
      break;
    case 'add':
      expect(code).toContain(`layers.Add(name=${JSON.stringify((n.activation ?? 'linear') === 'linear' ? n.id : `${n.id}_sum`)})`);
      break;
    case 'flatten':
      expect(line).toContain('layers.Flatten(');
      break;
    case 'globalAvgPool2d':
      expect(line).toContain('layers.GlobalAveragePooling2D(');
      break;
    case 'activation':
      expect(line).toContain(`layers.Activation("${n.fn}"`);
      break;
    case 'lrn':
      expect(line).toContain(`depth_radius=${(n.size - 1) / 2}, bias=${n.k}, alpha=${n.alpha} / ${n.size}, beta=${n.beta}`);
      break;
    case 'zeroPad2d':
      expect(line).toContain(`layers.ZeroPadding2D(padding=((${n.padding.top}, ${n.padding.bottom}), (${n.padding.left}, ${n.padding.right}))`);
      break;
  }
}

describe('Keras code generator (by structure: no TensorFlow for Python here)', () => {
  it.each(zoo)('%s: every layer present with its arguments, and the stated count', (_id, spec) => {
    const a = analyze(spec);
    const r = toKeras(spec, a);
    if (!r.ok) throw new Error(r.error);
    expect(r.code).toContain(`# Expected parameters: ${formatExact(a.totals.params)} (model.count_params()).`);
    expect(r.code).toContain(`EXPECTED_PARAMETERS = ${a.totals.params}`);
    for (const n of spec.nodes) if (a.layers.find((l) => l.id === n.id)?.inModel) expectKerasArgs(r.code, n);
    for (const i of spec.inputs) expect(r.code).toContain(`keras.Input(shape=(${i.shape.join(', ')}), name="${i.id}")`);
    expect(r.code).toMatch(/return keras\.Model\(inputs=/);
  });

  it('refuses a network with errors, with the engine message', () => {
    const spec = zoo[0]![1];
    const broken: NetworkSpec = { ...spec, nodes: spec.nodes.map((n) => (n.id === 'c1' ? { ...n, kernel: 50 } : n)) as LayerSpec[] };
    expect(toKeras(broken)).toMatchObject({ ok: false, error: expect.stringContaining("conv 'c1': a 50x50 kernel does not fit") });
    expect(toPyTorch(broken)).toMatchObject({ ok: false });
  });

  it('puts user text only inside string literals and comments (no code injection)', () => {
    const spec = { ...zoo[0]![1], name: 'x"""\nimport os; os.system("rm -rf /")  # <script>' };
    const r = toPyTorch(spec);
    if (!r.ok) throw new Error(r.error);
    expect(r.code.split('\n').filter((l) => l.startsWith('import'))).toEqual(['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F']);
    const k = toKeras(spec);
    if (!k.ok) throw new Error(k.error);
    expect(k.code.split('\n').filter((l) => /^\s*import /.test(l))).toEqual(['import tensorflow as tf']);
  });
});

const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

describe('PyTorch code generator, run with real PyTorch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convatlas-pt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `code` as `name`.py, runs `lines` with it imported as `m` (json and torch too), and parses what they print. */
  const runWith = (name: string, code: string, lines: string[]): unknown => {
    const file = join(dir, `${name}.py`);
    writeFileSync(file, code);
    const script = ['import importlib.util, json, torch', `spec = importlib.util.spec_from_file_location('generated', ${JSON.stringify(file)})`, 'm = importlib.util.module_from_spec(spec)', 'spec.loader.exec_module(m)', ...lines].join('\n');
    const p = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(p.stderr).toBe('');
    return JSON.parse(p.stdout);
  };

  it('PyTorch is installed (.ci/run installs python3-torch)', () => {
    expect(hasTorch, `${PYTHON} cannot import torch: apt-get install -y --no-install-recommends python3-torch`).toBe(true);
  });

  it.runIf(hasTorch)('every zoo network: parameters and batch norm buffers equal the app; a forward pass gives its output shapes', () => {
    const files: string[] = [];
    const shapes: string[] = [];
    const expected = new Map<string, { trainable: number; nonTrainable: number; outputs: number[][] }>();
    const add = (name: string, spec: NetworkSpec, forward: boolean) => {
      const a = analyze(spec);
      const r = toPyTorch(spec, a);
      if (!r.ok) throw new Error(r.error);
      expect(r.code).toContain(`# Expected parameters: ${formatExact(a.totals.trainableParams)} (sum(p.numel() for p in model.parameters())).`);
      const file = join(dir, `${name.replace(/[^a-z0-9]/gi, '_')}.py`);
      writeFileSync(file, r.code);
      files.push(file);
      shapes.push(forward ? JSON.stringify(spec.inputs.map((i) => (i.shape.length === 3 ? [i.shape[2], i.shape[0], i.shape[1]] : i.shape))) : 'null');
      const outs = forward
        ? spec.outputs.map((o) => {
            const s = a.layers.find((l) => l.id === o)!.outputShape!;
            return s.length === 3 ? [2, s[2]!, s[0]!, s[1]!] : [2, ...s];
          })
        : [];
      expected.set(file, { trainable: a.totals.trainableParams, nonTrainable: a.totals.nonTrainableParams, outputs: outs });
    };
    for (const [id, spec] of zoo) {
      // The published network is counted as is; the forward pass runs at 96 x 96 where the network allows it
      // (two CPU cores cannot push every ImageNet network through at 224 x 224 in a unit test).
      const c = spec.inputs[0]!.shape[2]!;
      const small = withInputShape(spec, [96, 96, c]);
      const smallOk = spec.inputs[0]!.shape[0]! > 96 && analyze(small).errorCount === 0;
      add(id, spec, !smallOk);
      if (smallOk) add(`${id}_96`, small, true);
    }
    const runner = fileURLToPath(new URL('./run_generated.py', import.meta.url));
    const p = spawnSync(PYTHON, [runner, ...files], { input: shapes.join('\n') + '\n', encoding: 'utf8', timeout: 300_000 });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const results = p.stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; params: number; buffers: number; outputs: number[][] });
    expect(results).toHaveLength(files.length);
    for (const res of results) {
      const e = expected.get(res.path)!;
      expect({ file: res.path, params: res.params, buffers: res.buffers, outputs: res.outputs }).toEqual({ file: res.path, params: e.trainable, buffers: e.nonTrainable, outputs: e.outputs });
    }
  });

  const hasTorchvision = hasTorch && spawnSync(PYTHON, ['-c', 'import torchvision'], { encoding: 'utf8' }).status === 0;
  it('torchvision is installed (.ci/run installs python3-torchvision)', () => {
    expect(hasTorchvision, `${PYTHON} cannot import torchvision: apt-get install -y --no-install-recommends python3-torchvision`).toBe(true);
  });

  it.runIf(hasTorchvision)("every torchvision-layout zoo network: torchvision's state_dict keys and shapes, loaded strictly, answering as torchvision's model", () => {
    const tv = ZOO.filter((z) => z.torchvision);
    expect(tv.map((z) => z.id)).toEqual(['alexnet-torchvision', 'vgg16', 'vgg19', 'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'googlenet']);
    const args = tv.flatMap((z) => {
      const r = toPyTorch(z.build());
      if (!r.ok) throw new Error(r.error);
      const file = join(dir, `tv_${z.id.replace(/[^a-z0-9]/gi, '_')}.py`);
      writeFileSync(file, r.code);
      return [file, z.torchvision!];
    });
    const checker = fileURLToPath(new URL('./check_torchvision.py', import.meta.url));
    const p = spawnSync(PYTHON, [checker, ...args], { encoding: 'utf8', timeout: 300_000 });
    expect(p.stderr).toBe('');
    const results = p.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; missing: string[]; unexpected: string[]; misshapen: string[]; loaded: boolean; max_diff: number; scale: number });
    expect(results.map((r) => r.name)).toEqual(tv.map((z) => z.torchvision));
    for (const r of results) {
      expect({ name: r.name, missing: r.missing, unexpected: r.unexpected, misshapen: r.misshapen, loaded: r.loaded }).toEqual({ name: r.name, missing: [], unexpected: [], misshapen: [], loaded: true });
      // Logits of the same weights on the same image: equal up to float rounding, and not trivially zero.
      expect(r.scale, r.name).toBeGreaterThan(1e-3);
      expect(r.max_diff, r.name).toBeLessThan(1e-4 * r.scale);
    }
  });

  it.runIf(hasTorch)('a classifier: forward() gives logits for nn.CrossEntropyLoss, predict() the probabilities ConvAtlas shows', () => {
    const spec = zoo.find(([id]) => id === 'lenet5-modern')![1];
    const [h, w, c] = spec.inputs[0]!.shape;
    const r = toPyTorch(spec);
    if (!r.ok) throw new Error(r.error);
    const out = runWith('logits', r.code, [
      'torch.manual_seed(0)',
      'model = m.build_model().eval()',
      `x = torch.rand(4, ${c}, ${h}, ${w})`,
      'with torch.no_grad():',
      '    z, p = model(x), model.predict(x)',
      'print(json.dumps({"min": float(z.min()), "sums": p.sum(1).tolist(), "same": float((torch.softmax(z, 1) - p).abs().max())}))',
    ]) as { min: number; sums: number[]; same: number };
    expect(out.min).toBeLessThan(0);
    for (const s of out.sums) expect(s).toBeCloseTo(1, 5);
    expect(out.same).toBeLessThan(1e-6);
  });

  it.runIf(hasTorch)('frozen layers (trainable: false) have requires_grad off in PyTorch: the learning parameters are the engine\'s trainable minus frozen', () => {
    const base = zoo.find(([id]) => id === 'resnet-mini')![1];
    const spec = { ...base, nodes: base.nodes.map((n, i) => (i < 6 ? { ...n, trainable: false } : n)) };
    const a = analyze(spec);
    expect(a.totals.frozenParams).toBeGreaterThan(0);
    const r = toPyTorch(spec, a);
    if (!r.ok) throw new Error(r.error);
    const counts = runWith('frozen', r.code, ['model = m.build_model()', 'print(json.dumps([sum(p.numel() for p in model.parameters()), sum(p.numel() for p in model.parameters() if p.requires_grad)]))']);
    expect(counts).toEqual([a.totals.trainableParams, a.totals.trainableParams - a.totals.frozenParams]);
  });

  it.runIf(hasTorch)('a frozen batch norm stays as at inference in train mode, as ConvAtlas trains a transfer run; the others train', () => {
    const base = zoo.find(([id]) => id === 'resnet-mini')![1];
    const order = analyze(base).layers.filter((l) => l.kind !== 'input' && l.inModel).map((l) => l.id);
    const cut = order.indexOf('layer1.0.add');
    const spec = { ...base, nodes: base.nodes.map((n) => ({ ...n, trainable: order.indexOf(n.id) > cut })) };
    const a = analyze(spec);
    const r = toPyTorch(spec, a);
    if (!r.ok) throw new Error(r.error);
    const training = runWith('frozen_bn', r.code, [
      'model = m.build_model()',
      'model.train()',
      'print(json.dumps({n: mod.training for n, mod in model.named_modules() if isinstance(mod, torch.nn.BatchNorm2d)}))',
    ]) as Record<string, boolean>;
    const names = pythonNames(spec, a);
    const bns = a.layers.filter((l) => l.kind === 'batchNorm');
    expect(Object.keys(training)).toHaveLength(bns.length);
    for (const l of bns) expect(training[names.get(l.id)!], l.id).toBe(order.indexOf(l.id) > cut);
    expect(Object.values(training)).toContain(false);
    expect(Object.values(training)).toContain(true);
  });
});
