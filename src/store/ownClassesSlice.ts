/**
 * Own-classes slice: the user's classes for transfer learning (Teachable Machine's idea, on ConvAtlas's backbones)
 * and their examples, each kept as the 28x28 image the digit and the clothing pipelines make of it (what the
 * network sees); and the action that trains a head on a backbone's frozen features as a run like any other.
 * Files are decoded by the browser's decoder (a service); the camera is the component's.
 */
import { decodeInBrowser } from '../predict/browserDecode';
import type { RgbaImage } from '../predict/image';
import { preprocess, type Style } from '../predict/preprocess';
import { shippedModel } from '../predict/catalog';
import { OWN_TEST_MIN, type OwnExamples } from '../data/tasks';
import { TRANSFER_RECIPE, type HeadKind } from '../training/transfer';
import type { SliceCreator } from './types';
import type { OwnClassesRepo } from './persist/ownClasses';

/** Where an example came from: drawn on the pad, a file, or a camera frame (photos: a different domain). */
export type ExampleSource = 'pad' | 'file' | 'camera';

/** One example: the image each pipeline makes of it, 28x28 bytes (0 = background). */
export interface OwnExample {
  id: string;
  source: ExampleSource;
  mnist: Uint8Array;
  fashion: Uint8Array;
}

export interface OwnClass {
  id: string;
  name: string;
  examples: OwnExample[];
}

export interface OwnClassesState {
  classes: OwnClass[];
  /** What went wrong last (a file that is not an image, an empty drawing), for the panel to show. */
  notice: string | null;
  /** The run the last "Train" queued. */
  runId: string | null;
}

/** The largest number of classes and of examples per class the panel takes (a tab's memory, a quick head). */
export const OWN_LIMITS = { classes: 10, examples: 200 } as const;

/** Examples per class under which the panel warns that the class is thin. */
export const OWN_FEW = 5;

/** What the slice is given: where the classes are kept (none: this tab only). */
export interface OwnClassesSliceDeps {
  ownRepo?: OwnClassesRepo | null;
}

export interface OwnClassesSlice {
  ownClasses: OwnClassesState;
  /** Reads the kept classes once (the panel calls it when it opens). */
  loadOwnClasses(): Promise<void>;
  addOwnClass(): void;
  renameOwnClass(id: string, name: string): void;
  removeOwnClass(id: string): void;
  /** Adds an image (a drawing, a camera frame) to a class; false (with the notice) when it is empty or the class is full. */
  addOwnImage(classId: string, img: RgbaImage, source: ExampleSource): boolean;
  /** Decodes and adds image files; each one that cannot be read is named in the notice, the others are added. */
  addOwnFiles(classId: string, files: readonly File[]): Promise<void>;
  removeOwnExample(classId: string, exampleId: string): void;
  /** Queues a frozen-features head on the classes as a transfer run; null when queued, else why not. */
  trainOwnClasses(from: string, cut: string, head: HeadKind): Promise<string | null>;
}

const DEFAULT_NAMES = ['circle', 'cross', 'line'];

let seq = 0;
const newId = (p: string) => `${p}${Date.now().toString(36)}-${++seq}`;
const toBytes = (data: Float32Array) => Uint8Array.from(data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));

/** The pipeline style of a backbone's images. */
export function styleOfBackbone(from: string): Style {
  return shippedModel(from)?.dataset === 'fashion-mnist' ? 'fashion' : 'mnist';
}

/** The classes as a run's data in one pipeline's style. */
export function ownExamples(classes: readonly OwnClass[], style: Style): OwnExamples {
  const all = classes.flatMap((c, k) => c.examples.map((e) => ({ k, img: e[style] })));
  const images = new Uint8Array(all.length * 784);
  all.forEach((e, i) => images.set(e.img, i * 784));
  return { classes: classes.map((c) => c.name.trim() || 'unnamed'), images, labels: Uint8Array.from(all, (e) => e.k), count: all.length };
}

/** The starting state: three empty classes for the shapes the lesson suggests, with ids of their own (kept ones never share them). */
export function defaultOwnClasses(): OwnClassesState {
  return { classes: DEFAULT_NAMES.map((name) => ({ id: newId('class-'), name, examples: [] })), notice: null, runId: null };
}

/** Creates the own-classes slice. */
export function createOwnClassesSlice(deps: OwnClassesSliceDeps = {}): SliceCreator<OwnClassesSlice> {
  return (set, get) => {
    const repo = deps.ownRepo ?? null;
    let loaded: Promise<void> | null = null;
    /** Nothing is written before the kept classes are read: a change made meanwhile must not overwrite them. */
    let read = false;
    const keep = (classes: OwnClass[]) =>
      repo?.save(classes).catch((e: unknown) => set((s) => ({ ownClasses: { ...s.ownClasses, notice: `Your classes could not be saved in this browser (${e instanceof Error ? e.message : String(e)}); they are kept in this tab only.` } })));
    const O = () => get().ownClasses;
    /** Every change of the classes is kept; a failure to keep them is said, and the tab keeps them. */
    const patch = (p: Partial<OwnClassesState>) => {
      set((s) => ({ ownClasses: { ...s.ownClasses, ...p } }));
      if (p.classes && read) void keep(p.classes);
    };
    const withClass = (id: string, f: (c: OwnClass) => OwnClass) => patch({ classes: O().classes.map((c) => (c.id === id ? f(c) : c)) });
    const add = (classId: string, img: RgbaImage, source: ExampleSource, what: string): string | null => {
      const c = O().classes.find((x) => x.id === classId);
      if (!c) return `${what}: that class no longer exists.`;
      if (c.examples.length >= OWN_LIMITS.examples) return `${what}: '${c.name}' has ${OWN_LIMITS.examples} examples, the most a class takes here.`;
      const mnist = preprocess(img, 'mnist');
      if (mnist.empty) return `${what}: there is nothing on it to learn from (${mnist.steps.at(-1)?.detail ?? 'blank'}).`;
      const example = { id: newId('ex'), source, mnist: toBytes(mnist.image.data), fashion: toBytes(preprocess(img, 'fashion').image.data) };
      withClass(classId, (x) => ({ ...x, examples: [...x.examples, example] }));
      return null;
    };
    const start = defaultOwnClasses();
    return {
      ownClasses: start,
      loadOwnClasses() {
        loaded ??= (async () => {
          if (!repo) return;
          const got = await repo.load().catch(() => undefined);
          if (got === undefined) {
            // Not read (the database failed): nothing is written either, so what is kept there stays.
            set((s) => ({ ownClasses: { ...s.ownClasses, notice: 'Your saved classes could not be read in this browser; changes here are kept in this tab only.' } }));
            return;
          }
          read = true;
          const now = O().classes;
          const changed = now !== start.classes;
          if (got !== null && 'error' in got) set((s) => ({ ownClasses: { ...s.ownClasses, notice: got.error } }));
          else if (got !== null) {
            // Classes filled before the read finished join the kept ones rather than overwrite them.
            const merged = changed ? mergeClasses(got, now) : got;
            set((s) => ({ ownClasses: { ...s.ownClasses, classes: merged } }));
            if (changed) void keep(merged);
            return;
          }
          if (changed) void keep(now);
        })();
        return loaded;
      },
      addOwnClass() {
        const cs = O().classes;
        if (cs.length >= OWN_LIMITS.classes) return patch({ notice: `${OWN_LIMITS.classes} classes is the most the panel takes.` });
        patch({ classes: [...cs, { id: newId('class-'), name: `class ${cs.length + 1}`, examples: [] }], notice: null });
      },
      renameOwnClass(id, name) {
        withClass(id, (c) => ({ ...c, name: name.slice(0, 40) }));
      },
      removeOwnClass(id) {
        patch({ classes: O().classes.filter((c) => c.id !== id) });
      },
      addOwnImage(classId, img, source) {
        const why = add(classId, img, source, source === 'camera' ? 'The camera frame' : 'The drawing');
        patch({ notice: why });
        return why === null;
      },
      async addOwnFiles(classId, files) {
        const problems: string[] = [];
        for (const f of files) {
          const d = await decodeInBrowser(f, f.name);
          const why = d.ok ? add(classId, d.image, 'file', f.name) : `${f.name}: ${d.message}`;
          if (why) problems.push(why);
        }
        patch({ notice: problems.length > 0 ? problems.join(' ') : null });
      },
      removeOwnExample(classId, exampleId) {
        withClass(classId, (c) => ({ ...c, examples: c.examples.filter((e) => e.id !== exampleId) }));
      },
      async trainOwnClasses(from, cut, head) {
        const own = ownExamples(O().classes, styleOfBackbone(from));
        const names = own.classes;
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) return `Two classes are called '${dup}': give each its own name.`;
        // A few hundred steps of a small head: seconds, whatever the number of examples.
        const recipe = { ...TRANSFER_RECIPE, steps: 200, seed: 1 };
        const before = new Set(get().training.runs.map((r) => r.id));
        const why = await get().queueTransferRuns([{ transfer: { from, task: 'own', regime: 'frozen', cut, head }, recipe, own }], `own:${new Date().toISOString()}`);
        if (why) return why;
        patch({ runId: get().training.runs.find((r) => !before.has(r.id))?.id ?? null });
        return null;
      },
    };
  };
}

/** Kept classes with the examples added to them (or to new classes) before they were read, none twice. */
export function mergeClasses(kept: readonly OwnClass[], added: readonly OwnClass[]): OwnClass[] {
  const out = kept.map((k) => {
    const a = added.find((c) => c.id === k.id);
    return a ? { ...k, examples: [...k.examples, ...a.examples.filter((e) => !k.examples.some((x) => x.id === e.id))].slice(0, OWN_LIMITS.examples) } : k;
  });
  return [...out, ...added.filter((c) => c.examples.length > 0 && !kept.some((k) => k.id === c.id))].slice(0, OWN_LIMITS.classes);
}

/** Whether every class has enough examples for a quarter to be held out and tested. */
export function ownTestable(classes: readonly OwnClass[]): boolean {
  return classes.every((c) => c.examples.length >= OWN_TEST_MIN);
}
