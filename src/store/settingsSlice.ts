/** Settings slice: batch size and optimizer of the training-memory estimate, under `settings` in the store. */
import type { Optimizer } from '../models';
import type { SliceCreator } from './types';

/** The training-memory estimate's settings. */
export interface SettingsState {
  batchSize: number;
  optimizer: Optimizer;
}

/** The settings slice: its state and setters. */
export interface SettingsSlice {
  settings: SettingsState;
  setBatchSize(n: number): void;
  setOptimizer(o: Optimizer): void;
}

/** Defaults a practitioner would start from: batch 32 with Adam. */
export const DEFAULT_SETTINGS: SettingsState = { batchSize: 32, optimizer: 'adam' };

/** Creates the settings slice; setters ignore values that are not whole, positive batch sizes. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  settings: DEFAULT_SETTINGS,
  setBatchSize(n) {
    if (Number.isSafeInteger(n) && n > 0) set((s) => ({ settings: { ...s.settings, batchSize: n } }));
  },
  setOptimizer(optimizer) {
    set((s) => ({ settings: { ...s.settings, optimizer } }));
  },
});
