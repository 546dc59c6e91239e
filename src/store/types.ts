/**
 * The app store's state type, assembled from typed slices, and the slice-creator type each slice uses. Each slice
 * keeps its state under its own key (`network`, `settings`, `builder`, `training`, `predict`, `ownClasses`; `view` is one value)
 * beside its actions, and declares its interfaces in its own file.
 */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { BuilderSlice } from './builderSlice';
import type { NetworkSlice } from './networkSlice';
import type { PredictSlice } from './predictSlice';
import type { SettingsSlice } from './settingsSlice';
import type { TrainingSlice } from './trainingSlice';
import type { ViewSlice } from './viewSlice';
import type { OwnClassesSlice } from './ownClassesSlice';

export type AppState = NetworkSlice & SettingsSlice & ViewSlice & BuilderSlice & TrainingSlice & PredictSlice & OwnClassesSlice;

export type AppStore = StoreApi<AppState>;

/** A slice creator that sees (and may set) the whole app state. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
