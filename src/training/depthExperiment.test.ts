import { describe, expect, it } from 'vitest';
import { analyze, zooSpec } from '../models';
import { depthPlans, finalTrainingError, withoutBatchNorm } from './depthExperiment';

describe('the depth experiment grid', () => {
  it('pairs each depth plain then residual, adapted to the data, and the pairs differ only in their shortcuts', () => {
    const plans = depthPlans({ depths: [8, 20], datasetId: 'fashion-mnist', batchNorm: true });
    if (typeof plans === 'string') throw new Error(plans);
    expect(plans.map((p) => [p.key, p.depth, p.residual])).toEqual([
      ['cifar-plain8', 8, false],
      ['cifar-resnet8', 8, true],
      ['cifar-plain20', 20, false],
      ['cifar-resnet20', 20, true],
    ]);
    // 28x28x1 images into the paper's 32x32 input (padded), one channel.
    expect(plans[0]!.changes).toEqual(['input: 32x32x3 -> 32x32x1']);
    for (const p of plans) expect(analyze(p.spec).errorCount).toBe(0);
    expect(analyze(plans[2]!.spec).totals.params).toBe(analyze(plans[3]!.spec).totals.params);
    expect(depthPlans({ depths: [10], datasetId: 'mnist', batchNorm: true })).toMatch(/6n\+2 layers/);
  });

  it('without batch norm: every BN layer gone, the wiring intact, the same convolutions', () => {
    const res = zooSpec('cifar-resnet20')!;
    const bare = withoutBatchNorm(res);
    const a = analyze(bare);
    expect(a.errorCount).toBe(0);
    expect(bare.nodes.some((n) => n.kind === 'batchNorm')).toBe(false);
    expect(a.totals.nonTrainableParams).toBe(0);
    expect(a.totals.trainableParams).toBe(analyze(res).totals.trainableParams - (16 + 3 * 2 * 16 + 3 * 2 * 32 + 3 * 2 * 64) * 2);
    expect(bare.nodes.find((n) => n.id === 'layer1.0.add')!.inputs).toEqual(['layer1.0.conv2', 'relu']);
  });

  it("reads the final training error off the last steps", () => {
    const b = (accuracy: number, step: number) => ({ step, epoch: 0, loss: 1, accuracy, ms: step });
    expect(finalTrainingError([b(0, 1), b(0.5, 2), b(0.9, 3)], 2)).toBeCloseTo(0.3, 10);
    expect(finalTrainingError([])).toBeNull();
  });
});
