import { describe, expect, it } from 'vitest';
import { parseWhole } from './inputs';
import { etaMs, formatDuration, parseLearningRate, parseValidationPercent, planTraining, trainingBudget } from './trainingPlan';

const GiB = 1024 ** 3;

describe('planTraining', () => {
  it('pads MNIST for LeNet-5 and estimates its memory with the engine', () => {
    const p = planTraining('lenet5', 'mnist', 64, 'adam', 2 * GiB);
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.adaptation).toMatchObject({ kind: 'pad', top: 2, left: 2 });
      expect(p.memory.weights).toBe(61_706 * 4);
      expect(p.memory.optimizerState).toBe(61_706 * 2 * 4);
    }
  });

  it('refuses VGG-16 at 224x224 with batch 256 before anything is built, with the estimate and a suggestion', () => {
    const p = planTraining('vgg16', 'mnist', 256, 'sgd', 2 * GiB);
    if (p.ok) throw new Error('VGG-16 was accepted');
    expect(p.memory!.total).toBeGreaterThan(15 * GiB);
    expect(p.problems[0]).toMatch(/VGG-16 needs about 1\d\.\d\d GiB to train at batch 256/);
    const fixed = p.memory!.weights + p.memory!.gradients;
    const fits = Math.floor((2 * GiB - fixed) / (p.memory!.activations / 256));
    expect(p.problems[0]).toContain(`a batch size of ${fits} or less would fit`);
    expect(p.problems[1]).toMatch(/1000 outputs but the dataset has 10 classes/);
    const adam = planTraining('vgg16', 'mnist', 256, 'adam', 2 * GiB);
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
