/** The one app store, built by a factory from typed slices so every test (and the app) gets a fresh one. */
import { createStore } from 'zustand/vanilla';
import { createBuilderSlice, type BuilderSliceDeps } from './builderSlice';
import { createNetworkSlice, type NetworkSliceDeps } from './networkSlice';
import { createSettingsSlice } from './settingsSlice';
import { createPredictSlice, type PredictSliceDeps } from './predictSlice';
import { createTrainingSlice, type TrainingSliceDeps } from './trainingSlice';
import { createViewSlice } from './viewSlice';
import { createOwnClassesSlice, type OwnClassesSliceDeps } from './ownClassesSlice';
import type { AppState, AppStore } from './types';

export type AppStoreOptions = NetworkSliceDeps & BuilderSliceDeps & TrainingSliceDeps & PredictSliceDeps & OwnClassesSliceDeps;

/** Creates a fresh app store from its slices (network, settings, view, builder, training, predict, own classes). */
export function createAppStore(options: AppStoreOptions = {}): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createSettingsSlice(...a),
    ...createViewSlice(...a),
    ...createNetworkSlice(options)(...a),
    ...createBuilderSlice(options)(...a),
    ...createTrainingSlice(options)(...a),
    ...createPredictSlice(options)(...a),
    ...createOwnClassesSlice(options)(...a),
  }));
}
