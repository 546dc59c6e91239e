/**
 * Tasks: a dataset's classes, or a subset of them with labels renumbered from 0 (MNIST digits 0-4 for a pretrained
 * backbone, digits 5-9 as the new task it transfers to), and the labelled sample a transfer run gets: N images per
 * class drawn with a seed, and a validation split stratified by class. Pure functions of an ImageSet.
 */
import { DATASETS, type DatasetId } from './datasets';
import type { ImageSet } from './idx';
import { makeRng, mixSeed, type Rng } from './augment/rng';

export type TaskId = 'mnist' | 'fashion-mnist' | 'mnist04' | 'mnist59';

/** One task: which dataset's images and which of its classes (in this order: the task's label k is `classes[k]`). */
export interface TaskInfo {
  id: TaskId;
  name: string;
  dataset: DatasetId;
  /** The dataset's class indices the task keeps. */
  classes: readonly number[];
  /** Training images of those classes in the dataset (a unit test counts them in the real files). */
  trainCount: number;
  /** Test images of those classes in the dataset (counted by the same test). */
  testCount: number;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** Every task ConvAtlas trains and transfers on. */
export const TASKS: Record<TaskId, TaskInfo> = {
  mnist: { id: 'mnist', name: 'MNIST digits 0-9', dataset: 'mnist', classes: range(0, 9), trainCount: 60_000, testCount: 10_000 },
  'fashion-mnist': { id: 'fashion-mnist', name: 'Fashion-MNIST', dataset: 'fashion-mnist', classes: range(0, 9), trainCount: 60_000, testCount: 10_000 },
  mnist04: { id: 'mnist04', name: 'MNIST digits 0-4', dataset: 'mnist', classes: range(0, 4), trainCount: 30_596, testCount: 5_139 },
  mnist59: { id: 'mnist59', name: 'MNIST digits 5-9', dataset: 'mnist', classes: range(5, 9), trainCount: 29_404, testCount: 4_861 },
};

/** True for the ids of TASKS; guards values read from the URL, the DOM or a stored run. */
export function isTaskId(v: unknown): v is TaskId {
  return typeof v === 'string' && Object.hasOwn(TASKS, v);
}

/** The task's class names, label k first. */
export function taskClassNames(id: TaskId): string[] {
  const t = TASKS[id];
  return t.classes.map((c) => DATASETS[t.dataset].classes[c]!);
}

/** The images of a set whose class the task keeps, in their order, with labels renumbered to the task's. */
export function taskSubset(set: ImageSet, id: TaskId): ImageSet {
  const keep = new Int16Array(256).fill(-1);
  TASKS[id].classes.forEach((c, k) => (keep[c] = k));
  const at: number[] = [];
  for (let i = 0; i < set.count; i++) if (keep[set.labels[i]!]! >= 0) at.push(i);
  return pick(set, at, (l) => keep[l]!);
}

/** The images at `at` (in that order) as a new set; labels mapped by `label`. */
export function pick(set: ImageSet, at: readonly number[], label: (l: number) => number = (l) => l): ImageSet {
  const [h, w, c] = set.shape;
  const size = h * w * c;
  const images = new Uint8Array(at.length * size);
  const labels = new Uint8Array(at.length);
  at.forEach((i, j) => {
    images.set(set.images.subarray(i * size, (i + 1) * size), j * size);
    labels[j] = label(set.labels[i]!);
  });
  return { images, labels, count: at.length, shape: set.shape };
}

/** Indices of each class's images, class k at [k]. */
export function byClass(labels: ArrayLike<number>, count: number, classes: number): number[][] {
  const out = Array.from({ length: classes }, () => [] as number[]);
  for (let i = 0; i < count; i++) out[labels[i]!]?.push(i);
  return out;
}

/** A seeded Fisher-Yates shuffle of a copy. */
function shuffle<T>(xs: readonly T[], rng: Rng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * `perClass` images of every class drawn with `seed` (all of a class when it has fewer, or when `perClass` is
 * undefined), interleaved class by class so that any prefix stays balanced. The same seed gives the same sample.
 */
export function samplePerClass(set: ImageSet, classes: number, perClass: number | undefined, seed: number): ImageSet {
  const rng = makeRng(mixSeed(seed, 7919));
  const lists = byClass(set.labels, set.count, classes).map((l) => (perClass === undefined ? l : shuffle(l, rng).slice(0, perClass)));
  const at: number[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let j = 0; j < longest; j++) for (const l of lists) if (j < l.length) at.push(l[j]!);
  return pick(set, at);
}

/**
 * A validation split stratified by class: of each class's images, round(fraction x count) go to validation (at least
 * one when the class has two or more and fraction > 0), drawn with `seed`. Returns indices into the set, each sorted.
 */
export function stratifiedSplit(labels: ArrayLike<number>, count: number, classes: number, fraction: number, seed: number): { train: Uint32Array; val: Uint32Array } {
  const rng = makeRng(mixSeed(seed, 104729));
  const train: number[] = [];
  const val: number[] = [];
  for (const list of byClass(labels, count, classes)) {
    const want = fraction <= 0 || list.length < 2 ? 0 : Math.min(list.length - 1, Math.max(1, Math.round(fraction * list.length)));
    const s = shuffle(list, rng);
    val.push(...s.slice(0, want));
    train.push(...s.slice(want));
  }
  return { train: Uint32Array.from(train.sort((a, b) => a - b)), val: Uint32Array.from(val.sort((a, b) => a - b)) };
}

/** Images per class in a set, class k at [k]. */
export function classCounts(labels: ArrayLike<number>, count: number, classes: number): number[] {
  return byClass(labels, count, classes).map((l) => l.length);
}

/** A transfer run's data: the task's training images, `perClass` of each class drawn with `seed`, and all its test images. */
export function taskData(train: ImageSet, test: ImageSet, task: TaskId, perClass: number | undefined, seed: number): { train: ImageSet; test: ImageSet; classes: number } {
  const classes = TASKS[task].classes.length;
  return { train: samplePerClass(taskSubset(train, task), classes, perClass, seed), test: taskSubset(test, task), classes };
}

/** Whether a network trained on one dataset's images takes another's as they are (same height, width, channels). */
export function sameImages(a: DatasetId, b: DatasetId): boolean {
  return DATASETS[a].shape.join() === DATASETS[b].shape.join();
}

/** The tasks a backbone trained on `dataset` can transfer to (images of its shape), other than the one it learnt. */
export function tasksFor(dataset: DatasetId, own?: TaskId): TaskId[] {
  return (Object.keys(TASKS) as TaskId[]).filter((id) => sameImages(dataset, TASKS[id].dataset) && id !== own && !(own === undefined && TASKS[id].dataset === dataset && TASKS[id].classes.length === DATASETS[dataset].classes.length));
}

/** The user's own classes: 28x28 grey images (0 = ink-free background, as MNIST's) with a label each. */
export interface OwnExamples {
  classes: string[];
  /** count x 28 x 28 bytes. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** The shape own examples are kept in: MNIST's, which the digit and clothing backbones take. */
export const OWN_SHAPE: [number, number, number] = [28, 28, 1];

/** Examples a class needs before a quarter of them is held out to test (below it, every one trains). */
export const OWN_TEST_MIN = 4;

/**
 * Own examples as a run's data: when every class has OWN_TEST_MIN or more, a quarter of each is held out as the
 * test set, drawn with `seed`; the rest (else all) train.
 */
export function ownData(own: OwnExamples, seed: number): { train: ImageSet; test: ImageSet; classes: number } {
  const set: ImageSet = { images: own.images, labels: own.labels, count: own.count, shape: OWN_SHAPE };
  const k = own.classes.length;
  const enough = classCounts(own.labels, own.count, k).every((n) => n >= OWN_TEST_MIN);
  const split = stratifiedSplit(own.labels, own.count, k, enough ? 0.25 : 0, seed);
  return { train: pick(set, [...split.train]), test: pick(set, [...split.val]), classes: k };
}

/** Whether a stored value is OwnExamples whose sizes agree (a run read back from IndexedDB). */
export function isOwnExamples(v: unknown): v is OwnExamples {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    Array.isArray(o.classes) &&
    o.classes.length >= 2 &&
    o.classes.every((c) => typeof c === 'string') &&
    typeof o.count === 'number' &&
    o.images instanceof Uint8Array &&
    o.labels instanceof Uint8Array &&
    o.images.length === o.count * 784 &&
    o.labels.length === o.count &&
    o.labels.every((l) => l < (o.classes as string[]).length)
  );
}
