import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openOwnClassesRepo } from './persist/ownClasses';
import { isOwnExamples, ownData } from '../data/tasks';
import { createAppStore } from './createAppStore';
import { ownExamples } from './ownClassesSlice';

/** A 56x56 white image with a black bar at row `y` (a stroke on paper, as the pad draws). */
function bar(y: number) {
  const data = new Uint8ClampedArray(56 * 56 * 4).fill(255);
  for (let x = 10; x < 46; x++) for (let dy = 0; dy < 4; dy++) data.fill(0, 4 * ((y + dy) * 56 + x), 4 * ((y + dy) * 56 + x) + 3);
  return { width: 56, height: 56, data };
}

describe('own classes', () => {
  it('keeps each example as both pipelines see it, refuses a blank one, and makes a run of them', () => {
    const s = createAppStore();
    const [a, b] = s.getState().ownClasses.classes;
    expect(s.getState().addOwnImage(a!.id, bar(20), 'pad')).toBe(true);
    expect(s.getState().addOwnImage(a!.id, { width: 56, height: 56, data: new Uint8ClampedArray(56 * 56 * 4).fill(255) }, 'pad')).toBe(false);
    expect(s.getState().ownClasses.notice).toMatch(/^The drawing: there is nothing on it/);
    for (let i = 0; i < 4; i++) s.getState().addOwnImage(b!.id, bar(10 + 5 * i), 'pad');
    const ex = s.getState().ownClasses.classes[0]!.examples[0]!;
    // Ink becomes light on black, as in MNIST, in both styles.
    expect(ex.mnist.length).toBe(784);
    expect(Math.max(...ex.mnist)).toBeGreaterThan(200);
    expect(ex.mnist[0]).toBe(0);
    expect(ex.fashion.length).toBe(784);
    s.getState().renameOwnClass(b!.id, 'bars');
    const own = ownExamples(s.getState().ownClasses.classes, 'mnist');
    expect(own.classes).toEqual(['circle', 'bars', 'line']);
    expect([...own.labels]).toEqual([0, 1, 1, 1, 1]);
    expect(isOwnExamples(own)).toBe(true);
    expect(isOwnExamples({ ...own, labels: Uint8Array.from([0, 1, 7, 1, 1]) })).toBe(false);
  });

  it('holds out a quarter of each class to test, only when every class has 4 or more', () => {
    const make = (counts: number[]) => {
      const labels = Uint8Array.from(counts.flatMap((n, k) => Array<number>(n).fill(k)));
      return { classes: counts.map((_, k) => `c${k}`), images: new Uint8Array(labels.length * 784), labels, count: labels.length };
    };
    const d = ownData(make([8, 4, 6]), 1);
    expect(d.test.count).toBe(2 + 1 + 2);
    expect(d.train.count).toBe(18 - 5);
    expect([...d.test.labels].sort()).toEqual([0, 0, 1, 2, 2]);
    expect(ownData(make([8, 3]), 1).test.count).toBe(0);
  });

  it('will not train two classes of one name, nor a class with no examples, and says which', async () => {
    const s = createAppStore({ memoryBudget: 2 ** 31 });
    const [a, b, c] = s.getState().ownClasses.classes;
    s.getState().addOwnImage(a!.id, bar(20), 'pad');
    s.getState().addOwnImage(b!.id, bar(30), 'pad');
    s.getState().renameOwnClass(b!.id, 'circle');
    expect(await s.getState().trainOwnClasses('lenet5-mnist04', 'flatten', 'softmax')).toBe("Two classes are called 'circle': give each its own name.");
    s.getState().renameOwnClass(b!.id, 'bar');
    expect(await s.getState().trainOwnClasses('lenet5-mnist04', 'flatten', 'softmax')).toBe("'line' has no examples yet: draw, drop or photograph some.");
    s.getState().removeOwnClass(c!.id);
    s.getState().removeOwnExample(a!.id, s.getState().ownClasses.classes[0]!.examples[0]!.id);
    expect(s.getState().ownClasses.classes[0]!.examples).toHaveLength(0);
  });

  it('keeps the classes across a reload, and reports a damaged record rather than showing it', async () => {
    const ownRepo = openOwnClassesRepo('own-test-1');
    const s = createAppStore({ ownRepo });
    await s.getState().loadOwnClasses();
    const [a] = s.getState().ownClasses.classes;
    s.getState().addOwnImage(a!.id, bar(20), 'pad');
    s.getState().renameOwnClass(a!.id, 'bar');
    await new Promise((r) => setTimeout(r, 50));
    const again = createAppStore({ ownRepo: openOwnClassesRepo('own-test-1') });
    await again.getState().loadOwnClasses();
    const c = again.getState().ownClasses.classes[0]!;
    expect(c.name).toBe('bar');
    expect(c.examples).toHaveLength(1);
    expect([...c.examples[0]!.mnist]).toEqual([...s.getState().ownClasses.classes[0]!.examples[0]!.mnist]);
    const db = await openDB('own-test-1', 1);
    await db.put('classes', [{ id: 'x', name: 'x', examples: [{ id: 'e', source: 'pad', mnist: new Uint8Array(3) }] }], 'all');
    db.close();
    const damaged = createAppStore({ ownRepo: openOwnClassesRepo('own-test-1') });
    await damaged.getState().loadOwnClasses();
    expect(damaged.getState().ownClasses.notice).toMatch(/damaged/);
    expect(damaged.getState().ownClasses.classes.map((x) => x.name)).toEqual(['circle', 'cross', 'line']);
  });

  it('an example added while the kept classes are still being read joins them instead of overwriting them', async () => {
    const ownRepo = openOwnClassesRepo('own-test-2');
    const first = createAppStore({ ownRepo });
    await first.getState().loadOwnClasses();
    const [c1, c2] = first.getState().ownClasses.classes;
    first.getState().addOwnImage(c1!.id, bar(20), 'pad');
    first.getState().addOwnImage(c2!.id, bar(30), 'pad');
    await new Promise((r) => setTimeout(r, 50));
    const second = createAppStore({ ownRepo: openOwnClassesRepo('own-test-2') });
    const reading = second.getState().loadOwnClasses();
    // Drawn into the fresh tab's own first class while the kept ones load: it comes after them, as a class of its own.
    second.getState().addOwnImage(second.getState().ownClasses.classes[0]!.id, bar(10), 'pad');
    await reading;
    expect(second.getState().ownClasses.classes.map((c) => c.examples.length)).toEqual([1, 1, 0, 1]);
    await new Promise((r) => setTimeout(r, 50));
    const third = createAppStore({ ownRepo: openOwnClassesRepo('own-test-2') });
    await third.getState().loadOwnClasses();
    expect(third.getState().ownClasses.classes.map((c) => c.examples.length)).toEqual([1, 1, 0, 1]);
  });
});
