/** The app store's state type, assembled from typed slices, and the slice-creator type each slice uses. */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { NetworkAnalysis, NetworkSpec, Optimizer, Shape, SummaryRow, ZooEntry } from '../models';
import type { ViewId } from './viewSlice';
import type { BuilderSlice } from './builderSlice';
import type { TrainingSlice } from './trainingSlice';
import type { PredictSlice } from './predictSlice';

/** Which network is open, and at what input shape. */
export interface NetworkSlice {
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
  /** Opens a zoo network by id, or goes back to the gallery with null. An unknown id never throws. */
  openModel(id: string | null): void;
  /** Re-analyses the open network at another input shape. */
  setInputShape(shape: Shape): void;
}

/** The engine's analysis of the open network, recomputed only when the spec or input shape changes. */
export interface AnalysisSlice {
  analysis: NetworkAnalysis | null;
  /** Summary-table rows of `analysis`, computed with it so the table gets a stable array. */
  rows: SummaryRow[];
}

/** Settings of the training-memory estimate. */
export interface SettingsSlice {
  batchSize: number;
  optimizer: Optimizer;
  setBatchSize(n: number): void;
  setOptimizer(o: Optimizer): void;
}

/** Which top-level screen shows. */
export interface ViewSlice {
  view: ViewId;
  setView(view: ViewId): void;
}

export type AppState = NetworkSlice & AnalysisSlice & SettingsSlice & ViewSlice & BuilderSlice & TrainingSlice & PredictSlice;

export type AppStore = StoreApi<AppState>;

/** A slice creator that sees (and may set) the whole app state. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
