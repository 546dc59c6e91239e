import { describe, expect, it } from 'vitest';
import { parseWhole } from './inputs';
import { etaMs, formatDuration, parseLearningRate, parseValidationPercent, planTraining, trainingBudget, zooTrainNetwork } from './trainingPlan';

const GiB = 1024 ** 3;

describe('planTraining', () => {
  const zoo = (id: string) => zooTrainNetwork(id)!;
  it('pads MNIST for LeNet-5 and estimates its memory with the engine', () => {
    const p = planTraining(zoo('lenet5'), 'mnist', 64, 'adam', 2 * GiB);
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.adaptation).toMatchObject({ kind: 'pad', top: 2, left: 2 });
      expect(p.changes).toEqual([]);
      expect(p.memory.weights).toBe(61_706 * 4);
      expect(p.memory.optimizerState).toBe(61_706 * 2 * 4);
    }
  });

  it('offers VGG-16 a 32x32x1 input and a 10-class head instead of refusing it, and trains that only when accepted', () => {
    const p = planTraining(zoo('vgg16'), 'mnist', 256, 'sgd', 2 * GiB);
    if (p.ok) throw new Error('VGG-16 was accepted as it is');
    expect(p.memory!.total).toBeGreaterThan(15 * GiB);
    expect(p.problems[0]).toMatch(/does not take MNIST as it is: its input is 224x224x3, its classifier head is 1000 units/);
    expect(p.offer!.changes.map((c) => `${c.node}: ${c.before} -> ${c.after}`)).toEqual(['input: 224x224x3 -> 32x32x1', 'fc8: 1000 units -> 10 units']);
    // The engine's count of the adapted spec: fc6 takes 1x1x512 instead of 7x7x512.
    expect(p.offer!.params.before).toBe(138_357_544);
    expect(p.offer!.params.after).toBeLessThan(40_000_000);
    const ok = planTraining(zoo('vgg16'), 'mnist', 256, 'sgd', 2 * GiB, true);
    if (!ok.ok) throw new Error(ok.problems.join(' '));
    expect(ok.spec.inputs[0]!.shape).toEqual([32, 32, 1]);
    expect(ok.memory).toEqual(p.offer!.memory);
    expect(ok.adaptation).toMatchObject({ kind: 'pad', top: 2, left: 2 });
  });

  it('refuses an accepted network over the memory budget, with the estimate and the batch size that would fit', () => {
    const p = planTraining(zoo('vgg16'), 'mnist', 256, 'sgd', 512 * 1024 ** 2, true);
    if (p.ok) throw new Error('accepted over budget');
    expect(p.problems[0]).toMatch(/VGG-16 needs about \d+(\.\d+)? MiB to train at batch 256/);
    const fixed = p.memory!.weights + p.memory!.gradients + p.memory!.optimizerState;
    const fits = Math.floor((512 * 1024 ** 2 - fixed) / (p.memory!.activations / 256));
    expect(fits).toBeGreaterThan(100);
    expect(p.problems[0]).toContain(`a batch size of ${fits} or less would fit`);
    const adam = planTraining(zoo('vgg16'), 'mnist', 256, 'adam', 512 * 1024 ** 2, true);
    expect(adam.ok ? '' : adam.problems[0]).toMatch(/even one image does not fit/);
  });

  it('parses the fields and formats the ETA', () => {
    expect(parseLearningRate('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseLearningRate('0').ok).toBe(false);
    expect(parseLearningRate('abc').ok).toBe(false);
    expect(parseWhole('64', 'Batch', 1, 4096)).toEqual({ ok: true, value: 64 });
    expect(parseWhole('1.5', 'Batch', 1, 4096).ok).toBe(false);
    expect(parseValidationPercent('10')).toEqual({ ok: true, value: 0.1 });
    expect(parseValidationPercent('60').ok).toBe(false);
    expect(etaMs(10_000, 10, 30)).toBe(20_000);
    expect(etaMs(10_000, 0, 30)).toBeNull();
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(trainingBudget(8)).toBe(2 * GiB);
    expect(trainingBudget(4)).toBe(1 * GiB);
  });
});

/** The worker's work done in-process: the same Trainer and checkpoints, no Worker (Node has none). */
