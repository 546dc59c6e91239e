/**
 * Builder slice: the network being assembled, its analysis (recomputed in the same update as every edit), its
 * undo/redo history, and the library of saved networks. Every change of the draft is written to the repo
 * (IndexedDB) right away, in order, so a reload or a crash loses nothing; a failed import changes nothing.
 */
import { analyze, summaryRows, type NetworkAnalysis, type NetworkSpec, type SummaryRow } from '../models';
import { runBuilderAction, runBuilderEdit, type BuilderActionId, type BuilderEdit } from './builderActions';
import type { NetworkRepo, SavedMeta, SavedNetwork } from './persist/repo';
import type { SliceCreator } from './types';

export interface BuilderNotice {
  kind: 'error' | 'info';
  text: string;
}

/** One undo step: the spec before an edit, and what the edit was. */
export interface HistoryEntry {
  spec: NetworkSpec;
  label: string;
}

/** The builder's state, under `builder` in the store. */
export interface BuilderState {
  /** The network open in the builder (saved), or null before one is created or opened. */
  draft: SavedNetwork | null;
  draftAnalysis: NetworkAnalysis | null;
  draftRows: SummaryRow[];
  selectedId: string | null;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Saved networks, most recently changed first. */
  library: SavedMeta[];
  builderReady: boolean;
  /** 'saved' once the last change is in the database; 'unsaved' when storage is unavailable or failed. */
  saveState: 'saved' | 'saving' | 'unsaved';
  notice: BuilderNotice | null;
}

/** The builder slice: its state, the edits and the library's actions. */
export interface BuilderSlice {
  builder: BuilderState;
  /** Loads the library and opens a shared link's network, else the saved network `openId` (the URL's), else the one open last time. */
  startBuilder(sharedHash?: string | null, openId?: string | null): Promise<void>;
  /** Applies one edit; a string result is a refusal shown as a notice. Same `coalesce` key twice in a row = one undo step. */
  editSpec(label: string, fn: (spec: NetworkSpec) => NetworkSpec | string, coalesce?: string): boolean;
  undo(): void;
  redo(): void;
  selectLayer(id: string | null): void;
  /** Saves a spec as a new network in the library and opens it. */
  createNetwork(spec: NetworkSpec, notice?: string): Promise<void>;
  openSaved(id: string): Promise<void>;
  renameSaved(id: string, name: string): Promise<void>;
  duplicateSaved(id: string): Promise<void>;
  deleteSaved(id: string): Promise<void>;
  /** Imports a NetworkSpec JSON or a Keras/TF.js model.json; on any failure a message, and nothing changes. */
  importText(text: string, fileName?: string): Promise<boolean>;
  /**
   * Opens a shared link's network: the saved network that is the same (same spec) if there is one, else as a new
   * saved network; a bad link gives a message, nothing changes.
   */
  openShared(hash: string): Promise<boolean>;
  /** A saved network's name and spec (the open draft as it is now, else from the database), or why it cannot be read. */
  readSaved(id: string): Promise<{ name: string; spec: NetworkSpec } | string>;
  setNotice(notice: BuilderNotice | null): void;
  /** Runs a registry action (builderActions.ts) by id if it is enabled; menus, palette and shortcuts call this. */
  runAction(id: BuilderActionId): boolean;
  /** Applies a valued edit (rename, input size, a field, connections) from the registry; fields call this. */
  runEdit(edit: BuilderEdit): boolean;
}

export interface BuilderSliceDeps {
  /** Where networks are saved; null keeps them in memory only (and says so). */
  repo?: NetworkRepo | null;
  /** New record ids; crypto.randomUUID by default. */
  newId?: () => string;
  now?: () => number;
}

const NO_ROWS: SummaryRow[] = [];

/** The draft's analysis and rows, computed in the same update as the edit. */
export function deriveDraft(spec: NetworkSpec | null): Pick<BuilderState, 'draftAnalysis' | 'draftRows'> {
  if (!spec) return { draftAnalysis: null, draftRows: NO_ROWS };
  const a = analyze(spec);
  return { draftAnalysis: a, draftRows: summaryRows(a) };
}

/** JSON with every object's keys sorted: two specs that differ only in key order give the same text. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

function why(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Creates the builder slice over a repo (IndexedDB in the app). */
export function createBuilderSlice(deps: BuilderSliceDeps = {}): SliceCreator<BuilderSlice> {
  const repo = deps.repo ?? null;
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const now = deps.now ?? (() => Date.now());
  let lastKey: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let starting: Promise<void> | null = null;

  return (set, get) => {
    const B = () => get().builder;
    const patch = (p: Partial<BuilderState>) => set((s) => ({ builder: { ...s.builder, ...p } }));
    const patchWith = (f: (b: BuilderState) => Partial<BuilderState>) => set((s) => ({ builder: { ...s.builder, ...f(s.builder) } }));
    /** Runs storage work in order; failures become a notice and an 'unsaved' state, never an exception. */
    const persist = (work: (r: NetworkRepo) => Promise<unknown>, what: string): Promise<boolean> => {
      if (!repo) {
        patch({ saveState: 'unsaved' });
        return Promise.resolve(false);
      }
      pending++;
      patch({ saveState: 'saving' });
      const p = queue.then(() => work(repo)).then(
        () => {
          // 'saved' only once every queued write has landed (each write holds the whole network, so a later
          // success covers an earlier failure).
          if (--pending === 0) patch({ saveState: 'saved' });
          return true;
        },
        (e: unknown) => {
          pending--;
          patch({ saveState: 'unsaved', notice: { kind: 'error', text: `Could not ${what}: ${why(e)}. Your work is kept in this tab; export it as JSON to be safe.` } });
          return false;
        },
      );
      queue = p;
      return p;
    };

    const refreshLibrary = async () => {
      if (!repo) return;
      try {
        patch({ library: await repo.list() });
      } catch (e) {
        patch({ notice: { kind: 'error', text: `Saved networks cannot be read (${why(e)}); new work is kept in this tab only.` }, saveState: 'unsaved' });
      }
    };

    const save = (doc: SavedNetwork) =>
      persist(async (r) => {
        await r.put(doc);
        await r.setLastOpen(doc.id);
        const meta = { id: doc.id, name: doc.name, layers: doc.spec.nodes.length, updatedAt: doc.updatedAt };
        patchWith((b) => ({ library: [meta, ...b.library.filter((m) => m.id !== doc.id)] }));
      }, 'save');

    const open = (doc: SavedNetwork) => {
      lastKey = null;
      patch({ draft: doc, selectedId: null, past: [], future: [], ...deriveDraft(doc.spec) });
    };

    const replaceSpec = (spec: NetworkSpec) => {
      const d = B().draft;
      if (!d) return;
      const doc = { ...d, spec, name: spec.name, updatedAt: now() };
      const selectedId = B().selectedId;
      patch({ draft: doc, ...deriveDraft(spec), selectedId: selectedId && [...spec.inputs, ...spec.nodes].some((n) => n.id === selectedId) ? selectedId : null });
      void save(doc);
    };

    /** The id of a saved network whose spec is `spec` exactly (only the library's same-named, same-sized ones are read). */
    const savedTwin = async (spec: NetworkSpec): Promise<string | null> => {
      const key = canonicalJson(spec);
      for (const m of B().library.filter((x) => x.name === spec.name && x.layers === spec.nodes.length)) {
        const doc = await get().readSaved(m.id);
        if (typeof doc !== 'string' && canonicalJson(doc.spec) === key) return m.id;
      }
      return null;
    };

    return {
      builder: {
        draft: null,
        draftAnalysis: null,
        draftRows: NO_ROWS,
        selectedId: null,
        past: [],
        future: [],
        library: [],
        builderReady: false,
        saveState: repo ? 'saved' : 'unsaved',
        notice: repo ? null : { kind: 'info', text: 'This browser offers no database here: networks are kept in this tab only. Export them as JSON to keep them.' },
      },

      async startBuilder(sharedHash, openId) {
        // One start per store, however many callers (the app entry, the screen, StrictMode's double effects).
        starting ??= (async () => {
          await refreshLibrary();
          if (repo && !B().draft && openId && !sharedHash) {
            const named = await repo.get(openId).catch(() => undefined);
            if (named && !('error' in named)) open(named);
            else patch({ notice: { kind: 'error', text: 'The network this link names is not saved in this browser (saved networks stay in the browser that made them; a share link carries one).' } });
          }
          if (repo && !B().draft) {
            try {
              const last = await repo.getLastOpen();
              const doc = last ? await repo.get(last) : undefined;
              if (doc && 'error' in doc) patch({ notice: { kind: 'error', text: doc.error } });
              else if (doc && !B().draft) open(doc);
            } catch (e) {
              patch({ notice: { kind: 'error', text: `The last network could not be reopened: ${why(e)}` } });
            }
          }
          patch({ builderReady: true });
        })();
        await starting;
        if (sharedHash) await get().openShared(sharedHash);
      },

      editSpec(label, fn, coalesce) {
        const d = B().draft;
        if (!d) return false;
        let next: NetworkSpec | string;
        try {
          next = fn(d.spec);
        } catch (e) {
          patch({ notice: { kind: 'error', text: `${label} failed: ${why(e)}` } });
          return false;
        }
        if (typeof next === 'string') {
          patch({ notice: { kind: 'error', text: `Cannot ${label}: ${next}.` } });
          return false;
        }
        if (next === d.spec) return false;
        const merge = coalesce !== undefined && coalesce === lastKey && B().past.length > 0;
        lastKey = coalesce ?? null;
        patchWith((b) => ({ past: merge ? b.past : [...b.past, { spec: d.spec, label }], future: [], notice: b.notice?.kind === 'error' ? null : b.notice }));
        replaceSpec(next);
        return true;
      },

      undo() {
        const { past, draft } = B();
        const last = past[past.length - 1];
        if (!last || !draft) return;
        lastKey = null;
        patch({ past: past.slice(0, -1), future: [{ spec: draft.spec, label: last.label }, ...B().future], notice: { kind: 'info', text: `Undid: ${last.label}` } });
        replaceSpec(last.spec);
      },

      redo() {
        const { future, draft } = B();
        const next = future[0];
        if (!next || !draft) return;
        lastKey = null;
        patch({ future: future.slice(1), past: [...B().past, { spec: draft.spec, label: next.label }], notice: { kind: 'info', text: `Redid: ${next.label}` } });
        replaceSpec(next.spec);
      },

      selectLayer(id) {
        if (B().selectedId !== id) patch({ selectedId: id });
      },

      async createNetwork(spec, notice) {
        const t = now();
        const doc: SavedNetwork = { id: newId(), name: spec.name, spec, createdAt: t, updatedAt: t };
        open(doc);
        if (notice) patch({ notice: { kind: 'info', text: notice } });
        await save(doc);
      },

      async openSaved(id) {
        if (!repo) return;
        try {
          const doc = await repo.get(id);
          if (!doc) patch({ notice: { kind: 'error', text: 'That network is no longer saved here (deleted in another tab?).' } });
          else if ('error' in doc) patch({ notice: { kind: 'error', text: doc.error } });
          else {
            open(doc);
            await persist((r) => r.setLastOpen(doc.id), 'remember the open network');
          }
        } catch (e) {
          patch({ notice: { kind: 'error', text: `Could not open the network: ${why(e)}` } });
        }
      },

      async renameSaved(id, name) {
        const clean = name.trim().slice(0, 200);
        if (!clean) {
          patch({ notice: { kind: 'error', text: 'A network needs a name.' } });
          return;
        }
        const d = B().draft;
        if (d && d.id === id) {
          get().editSpec('rename the network', (s) => ({ ...s, name: clean }));
          return;
        }
        if (!repo) return;
        const doc = await repo.get(id).catch(() => undefined);
        if (!doc || 'error' in doc) return;
        await save({ ...doc, name: clean, spec: { ...doc.spec, name: clean }, updatedAt: now() });
      },

      async duplicateSaved(id) {
        const d = B().draft;
        const source = d && d.id === id ? d : repo ? await repo.get(id).catch(() => undefined) : undefined;
        if (!source || 'error' in source) return;
        const name = `${source.name} (copy)`.slice(0, 200);
        await get().createNetwork({ ...source.spec, name }, `Duplicated as '${name}'.`);
      },

      async deleteSaved(id) {
        const d = B().draft;
        const ok = await persist(async (r) => {
          await r.delete(id);
          if (d?.id === id) await r.setLastOpen(null);
        }, 'delete the network');
        if (!ok && repo) return;
        patchWith((b) => ({ library: b.library.filter((m) => m.id !== id) }));
        if (d?.id === id) {
          lastKey = null;
          patch({ draft: null, selectedId: null, past: [], future: [], ...deriveDraft(null), notice: { kind: 'info', text: `Deleted '${d.name}'.` } });
        }
      },

      async importText(text, fileName) {
        const what = fileName ? `'${fileName.slice(0, 80)}'` : 'the file';
        // The schema and importers load on first use, keeping them out of the app's first download.
        const [{ parseJsonText, parseSpec }, { importKerasModel, isKerasModelJson }] = await Promise.all([import('../models/schema'), import('../models/import/keras')]);
        const j = parseJsonText(text);
        if (!j.ok) {
          patch({ notice: { kind: 'error', text: `Could not import ${what}: ${j.error}` } });
          return false;
        }
        if (isKerasModelJson(j.value)) {
          const r = importKerasModel(j.value);
          if (!r.ok) {
            patch({ notice: { kind: 'error', text: `Could not import ${what}: ${r.error}` } });
            return false;
          }
          await get().createNetwork(r.spec, `Imported the Keras model '${r.spec.name}' (${r.spec.nodes.length} layers)${r.notes.length ? `; ${r.notes.join('; ')}` : ''}.`);
          return true;
        }
        const r = parseSpec(j.value);
        if (!r.ok) {
          patch({ notice: { kind: 'error', text: `Could not import ${what}: ${r.error}` } });
          return false;
        }
        await get().createNetwork(r.spec, `Imported '${r.spec.name}' (${r.spec.nodes.length} layers).`);
        return true;
      },

      async openShared(hash) {
        const { decodeShareHash } = await import('../models/share');
        const r = decodeShareHash(hash);
        if (!r.ok) {
          patch({ notice: { kind: 'error', text: r.error } });
          return false;
        }
        const same = await savedTwin(r.spec);
        if (same) {
          await get().openSaved(same);
          patch({ notice: { kind: 'info', text: `The shared network '${r.spec.name}' is already in your networks, unchanged: opened it.` } });
          return true;
        }
        await get().createNetwork(r.spec, `Opened the shared network '${r.spec.name}' and saved it to your networks.`);
        return true;
      },

      async readSaved(id) {
        const d = B().draft;
        if (d && d.id === id) return { name: d.name, spec: d.spec };
        if (!repo) return 'Saved networks cannot be read in this browser.';
        try {
          const doc = await repo.get(id);
          if (!doc) return 'That saved network no longer exists.';
          if ('error' in doc) return doc.error;
          return { name: doc.name, spec: doc.spec };
        } catch (e) {
          return `The saved network could not be read: ${why(e)}`;
        }
      },

      setNotice(notice) {
        patch({ notice });
      },

      runAction(id) {
        return runBuilderAction(get, id);
      },
      runEdit(edit) {
        return runBuilderEdit(get, edit);
      },
    };
  };
}
