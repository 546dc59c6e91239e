/** Network slice: which zoo network is open and at which input shape; refreshes the analysis in the same update. */
import { zooEntry, type ZooEntry } from '../models';
import { deriveAnalysis } from './analysisSlice';
import type { NetworkSlice, SliceCreator } from './types';

export interface NetworkSliceDeps {
  /** Finds a zoo entry by id (the real zoo by default; tests pass their own). */
  findNetwork?: (id: string) => ZooEntry | undefined;
}

const CLOSED = { modelId: null, entry: null, spec: null, inputShape: null, loadError: null } as const;

/** Creates the network slice; opening or reshaping a network re-runs the engine once, never on render. */
export function createNetworkSlice(deps: NetworkSliceDeps = {}): SliceCreator<NetworkSlice> {
  const find = deps.findNetwork ?? zooEntry;
  return (set, get) => ({
    ...CLOSED,
    unknownModelId: null,
    previousModelId: null,
    openModel(id) {
      const current = get().modelId;
      if (id === current && get().unknownModelId === null) return;
      const previousModelId = current ?? get().previousModelId;
      if (id === null) {
        set({ ...CLOSED, unknownModelId: null, previousModelId, ...deriveAnalysis(null, null) });
        return;
      }
      const entry = find(id);
      if (!entry) {
        set({ ...CLOSED, unknownModelId: id, previousModelId, ...deriveAnalysis(null, null) });
        return;
      }
      try {
        const spec = entry.build();
        const inputShape = spec.inputs[0]?.shape ?? null;
        set({ modelId: id, unknownModelId: null, previousModelId, entry, spec, inputShape, loadError: null, ...deriveAnalysis(spec, null) });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        set({ ...CLOSED, modelId: id, entry, unknownModelId: null, previousModelId, loadError: `${entry.name} could not be built: ${why}`, ...deriveAnalysis(null, null) });
      }
    },
    setInputShape(shape) {
      const { spec, inputShape } = get();
      if (!spec) return;
      if (inputShape && inputShape.length === shape.length && inputShape.every((d, i) => d === shape[i])) return;
      set({ inputShape: [...shape], ...deriveAnalysis(spec, shape) });
    },
  });
}
