import { describe, expect, it } from 'vitest';
import { TRANSFER_RECIPE } from '../training/transfer';
import { planTransfer } from './transferPlan';

const GiB = 2 ** 30;
const from = 'lenet5-mnist04';

describe('planTransfer', () => {
  it('plans a run: epochs enough for the steps over the sample, the regime network, named by backbone and regime', () => {
    const p = planTransfer({ from, task: 'mnist59', perClass: 20, regime: 'frozen', cut: 'c5' }, TRANSFER_RECIPE, GiB);
    if (!p.ok) throw new Error(p.problem);
    // 100 images at batch 32: 4 batches an epoch, 300 steps in 75 epochs.
    expect(p.config).toMatchObject({ datasetId: 'mnist', batchSize: 32, epochs: 75, maxSteps: 300, transfer: { cut: 'c5' } });
    expect(p.network.name).toBe('LeNet-5 · MNIST digits 0-4, frozen at c5');
    expect(p.config.spec.nodes.map((n) => n.id)).toEqual(['c1', 's2', 'c3', 's4', 'flatten', 'c5', 'head']);
  });

  it('refuses a kNN head whose features would not fit the cache, with the figure', () => {
    const p = planTransfer({ from, task: 'mnist59', regime: 'frozen', cut: 'c1', head: 'knn' }, TRANSFER_RECIPE, GiB);
    // (29,404 + 4,861) images x 4,704 values x 4 bytes.
    expect(p).toEqual({ ok: false, problem: expect.stringMatching(/^A kNN head at c1 would search 614\.9 MiB of features, over the 256\.0 MiB it may keep/) });
    expect(planTransfer({ from, task: 'mnist59', perClass: 100, regime: 'frozen', cut: 'c1', head: 'knn' }, TRANSFER_RECIPE, GiB).ok).toBe(true);
  });

  it("counts an own run's epochs over the examples that train, not the quarter held out", () => {
    const labels = Uint8Array.from({ length: 120 }, (_, i) => i % 3);
    const own = { classes: ['a', 'b', 'c'], images: new Uint8Array(120 * 784), labels, count: 120 };
    const p = planTransfer({ from, task: 'own', regime: 'frozen', cut: 'flatten' }, { ...TRANSFER_RECIPE, steps: 200 }, GiB, own);
    if (!p.ok) throw new Error(p.problem);
    // 90 of 120 train: 3 batches of 32 an epoch, 200 steps in 67 epochs.
    expect(p.config).toMatchObject({ epochs: 67, maxSteps: 200, own });
    expect(planTransfer({ from, task: 'own', regime: 'frozen', cut: 'flatten' }, TRANSFER_RECIPE, GiB)).toEqual({ ok: false, problem: expect.stringMatching(/needs their examples/) });
  });
});
