/** Settings slice: batch size and optimizer of the training-memory estimate. */
import type { SettingsSlice, SliceCreator } from './types';

/** Defaults a practitioner would start from: batch 32 with Adam. */
export const DEFAULT_SETTINGS = { batchSize: 32, optimizer: 'adam' } as const;

/** Creates the settings slice; setters ignore values that are not whole, positive batch sizes. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  ...DEFAULT_SETTINGS,
  setBatchSize(n) {
    if (Number.isSafeInteger(n) && n > 0) set({ batchSize: n });
  },
  setOptimizer(optimizer) {
    set({ optimizer });
  },
});
