import { describe, expect, it } from 'vitest';
import type { ImageSet } from './idx';
import { loadNodeDataset } from '../cli/nodeData';
import { classCounts, TASKS, samplePerClass, stratifiedSplit, taskClassNames, taskData, taskSubset } from './tasks';

/** 1x1 images whose pixel is the image's index, labels cycling 0..9. */
function toySet(n: number): ImageSet {
  return { images: Uint8Array.from({ length: n }, (_, i) => i), labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n, shape: [1, 1, 1] };
}

describe('tasks', () => {
  it('a subset keeps only its classes, in order, renumbered from 0', () => {
    const s = taskSubset(toySet(40), 'mnist59');
    expect(s.count).toBe(20);
    expect([...s.labels.slice(0, 5)]).toEqual([0, 1, 2, 3, 4]);
    // The images are those of digits 5-9: indices 5..9, 15..19, ...
    expect([...s.images.slice(0, 6)]).toEqual([5, 6, 7, 8, 9, 15]);
    expect(taskClassNames('mnist59')).toEqual(['5', '6', '7', '8', '9']);
  });

  it('draws N per class with a seed: the same seed the same images, another seed others, interleaved by class', () => {
    const set = taskSubset(toySet(1000), 'mnist04');
    const a = samplePerClass(set, 5, 7, 1);
    expect(classCounts(a.labels, a.count, 5)).toEqual([7, 7, 7, 7, 7]);
    expect([...a.labels.slice(0, 10)]).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect([...samplePerClass(set, 5, 7, 1).images]).toEqual([...a.images]);
    expect([...samplePerClass(set, 5, 7, 2).images]).not.toEqual([...a.images]);
    // A class with fewer images than asked gives them all; no N gives every image.
    expect(samplePerClass(set, 5, 500, 1).count).toBe(500);
    expect(samplePerClass(set, 5, undefined, 1).count).toBe(500);
  });

  it('splits validation by class: each class gives its share, at least one when it has two or more', () => {
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2];
    const s = stratifiedSplit(labels, labels.length, 3, 0.2, 4);
    const val = [...s.val].map((i) => labels[i]);
    expect(val.sort()).toEqual([0, 0, 1]);
    expect(s.train.length + s.val.length).toBe(labels.length);
    expect(new Set([...s.train, ...s.val]).size).toBe(labels.length);
    expect(stratifiedSplit(labels, labels.length, 3, 0, 4).val.length).toBe(0);
  });

  it("a transfer run's data is the task's sample and all of the task's test images", () => {
    const d = taskData(toySet(250), toySet(100), 'mnist59', 3, 5);
    expect(d.classes).toBe(5);
    expect(d.train.count).toBe(15);
    expect(d.test.count).toBe(50);
    expect([...d.train.images].every((v) => v % 10 >= 5)).toBe(true);
  });

  it('each task has as many training and test images as it says, counted in the real files', () => {
    const sets = { mnist: loadNodeDataset('mnist'), 'fashion-mnist': loadNodeDataset('fashion-mnist') };
    for (const t of Object.values(TASKS)) {
      expect(taskSubset(sets[t.dataset].train, t.id).count, t.id).toBe(t.trainCount);
      expect(taskSubset(sets[t.dataset].test, t.id).count, t.id).toBe(t.testCount);
    }
  });
});
