/**
 * Network slice: which zoo network is open, at which input shape, and the engine's analysis of it, refreshed in the
 * same update as the network or shape changes (never stale, never computed during render).
 */
import { analyze, summaryRows, withInputShape, zooEntry, type NetworkAnalysis, type NetworkSpec, type Shape, type SummaryRow, type ZooEntry } from '../models';
import type { SliceCreator } from './types';

/** Which network is open, at what input shape, and its analysis; under `network` in the store. */
export interface NetworkState {
  /** Zoo id of the open network; null while the gallery shows. */
  modelId: string | null;
  /** An id that was asked for (e.g. from the URL) but is not in the zoo; shown as a message over the gallery. */
  unknownModelId: string | null;
  /** The open network's zoo entry (paper, notes), null with the gallery. */
  entry: ZooEntry | null;
  /** The network open before the current screen, so the gallery can return focus to its card. */
  previousModelId: string | null;
  /** The network as built by the zoo, before any input-shape change. */
  spec: NetworkSpec | null;
  /** The input shape being analysed (the spec's own until the user changes it). */
  inputShape: Shape | null;
  /** Why the network could not be opened (its builder threw), or null. */
  loadError: string | null;
  /** The engine's analysis of the open network at `inputShape`. */
  analysis: NetworkAnalysis | null;
  /** Summary-table rows of `analysis`, computed with it so the table gets a stable array. */
  rows: SummaryRow[];
}

/** The network slice: its state and the actions that change it. */
export interface NetworkSlice {
  network: NetworkState;
  /** Opens a zoo network by id, or goes back to the gallery with null. An unknown id never throws. */
  openModel(id: string | null): void;
  /** Re-analyses the open network at another input shape. */
  setInputShape(shape: Shape): void;
}

export interface NetworkSliceDeps {
  /** Finds a zoo entry by id (the real zoo by default; tests pass their own). */
  findNetwork?: (id: string) => ZooEntry | undefined;
}

const NO_ROWS: SummaryRow[] = [];

/** Analyses a spec at a shape (its own when null), for the same update that changes the spec or the shape. */
export function deriveAnalysis(spec: NetworkSpec | null, shape: Shape | null): Pick<NetworkState, 'analysis' | 'rows'> {
  if (!spec) return { analysis: null, rows: NO_ROWS };
  const analysis = analyze(shape ? withInputShape(spec, shape) : spec);
  return { analysis, rows: summaryRows(analysis) };
}

const CLOSED = { modelId: null, entry: null, spec: null, inputShape: null, loadError: null, analysis: null, rows: NO_ROWS } as const;

/** Creates the network slice; opening or reshaping a network re-runs the engine once, never on render. */
export function createNetworkSlice(deps: NetworkSliceDeps = {}): SliceCreator<NetworkSlice> {
  const find = deps.findNetwork ?? zooEntry;
  return (set, get) => {
    const N = () => get().network;
    const put = (network: NetworkState) => set({ network });
    return {
      network: { ...CLOSED, unknownModelId: null, previousModelId: null },
      openModel(id) {
        const current = N().modelId;
        if (id === current && N().unknownModelId === null) return;
        const previousModelId = current ?? N().previousModelId;
        if (id === null) return put({ ...CLOSED, unknownModelId: null, previousModelId });
        const entry = find(id);
        if (!entry) return put({ ...CLOSED, unknownModelId: id, previousModelId });
        try {
          const spec = entry.build();
          const inputShape = spec.inputs[0]?.shape ?? null;
          put({ modelId: id, unknownModelId: null, previousModelId, entry, spec, inputShape, loadError: null, ...deriveAnalysis(spec, null) });
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          put({ ...CLOSED, modelId: id, entry, unknownModelId: null, previousModelId, loadError: `${entry.name} could not be built: ${why}` });
        }
      },
      setInputShape(shape) {
        const n = N();
        if (!n.spec) return;
        if (n.inputShape && n.inputShape.length === shape.length && n.inputShape.every((d, i) => d === shape[i])) return;
        put({ ...n, inputShape: [...shape], ...deriveAnalysis(n.spec, shape) });
      },
    };
  };
}
