import { beforeAll, describe, expect, it } from 'vitest';
import { startWasmInNode } from '../workers/nodeBackend';
import { runTransferCommand } from './transferCommand';

beforeAll(async () => {
  await startWasmInNode();
});

describe('npm run transfer', () => {
  it('--json prints one object with the fields the issue names, the figures of the run it trained', async () => {
    const r = await runTransferCommand(['--from', 'lenet5-mnist04', '--to', 'mnist59', '--per-class', '5', '--regime', 'frozen', '--cut', 'c5', '--steps', '20', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o)).toEqual(expect.arrayContaining(['from', 'to', 'perClass', 'regime', 'cut', 'testAccuracy', 'trainableParams', 'frozenParams', 'seconds']));
    expect(o).toMatchObject({ from: 'lenet5-mnist04', to: 'mnist59', perClass: 5, regime: 'frozen', cut: 'c5', trainImages: 25, testImages: 4861 });
    // A new 5-way softmax on c5's 120 values trains; c1, c3 and c5 stay as they were.
    expect(o.trainableParams).toBe(120 * 5 + 5);
    expect(o.frozenParams).toBe(156 + 2416 + 48120);
    expect(o.testAccuracy).toBeGreaterThan(0.5);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('defaults the cut to the layer before the old classifier and prints a readable summary', async () => {
    const r = await runTransferCommand(['--from', 'lenet5-mnist04', '--to', 'mnist59', '--per-class', '5', '--regime', 'partial', '--steps', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^LeNet-5 · MNIST digits 0-4 -> MNIST digits 5-9, 5 per class \(25 training images\), partial at f6, seed 1\ntest accuracy \d+\.\d\d% on 4861 images\ntrainable 425 parameters, frozen 60,856\n/);
  });

  it.each([
    [['--from', 'nope', '--to', 'mnist59', '--per-class', '5', '--regime', 'full'], /^transfer: 'nope' is not a shipped model; these are: lenet5-mnist,/],
    [['--from', 'lenet5-mnist04', '--to', 'cats', '--per-class', '5', '--regime', 'full'], /^transfer: 'cats' is not a task/],
    [['--from', 'lenet5-mnist04', '--to', 'mnist59', '--per-class', 'many', '--regime', 'full'], /^transfer: --per-class takes a whole number from 1, not 'many'/],
    [['--from', 'lenet5-mnist04', '--to', 'mnist59', '--per-class', '5', '--regime', 'melt'], /^transfer: --regime takes frozen, partial, full, scratch/],
    [['--from', 'lenet5-mnist04', '--to', 'mnist59', '--per-class', '5', '--regime', 'frozen', '--cut', 'output'], /^transfer: LeNet-5 · MNIST digits 0-4 cannot be cut after 'output'; it can after: c1, s2, c3, s4, flatten, c5, f6/],
    [['--from', 'lenet5-mnist04', '--to', 'mnist59', '--per-class', '5', '--regime', 'full', '--head', 'knn'], /^transfer: --head knn goes with --regime frozen/],
    [['--from', 'lenet5-mnist04', '--to', 'mnist59', '--regime', 'full'], /^transfer: --from, --to, --per-class and --regime are needed/],
  ])('refuses %j with exit 2 and a line that says what is wrong', async (argv, message) => {
    const r = await runTransferCommand(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
