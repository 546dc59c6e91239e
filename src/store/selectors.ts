/**
 * Selectors: pure functions of the app state, defined once at module scope so React subscriptions stay narrow.
 * Ones that build a new object (training memory, view) are read through `useShallow`.
 */
import { trainingMemory, type AnalysisIssue, type NetworkTotals, type TrainingMemory } from '../models';
import type { AppState } from './types';

const NO_ISSUES: AnalysisIssue[] = [];

/** Field selectors: each reads one state field or action, so a component re-renders only when that field changes. */
export const selectModelId = (s: AppState) => s.network.modelId;
export const selectEntry = (s: AppState) => s.network.entry;
export const selectLoadError = (s: AppState) => s.network.loadError;
export const selectPreviousModelId = (s: AppState) => s.network.previousModelId;
export const selectSpec = (s: AppState) => s.network.spec;
export const selectInputShape = (s: AppState) => s.network.inputShape;
export const selectAnalysis = (s: AppState) => s.network.analysis;
export const selectRows = (s: AppState) => s.network.rows;
export const selectBatchSize = (s: AppState) => s.settings.batchSize;
export const selectOptimizer = (s: AppState) => s.settings.optimizer;
export const selectOpenModel = (s: AppState) => s.openModel;
export const selectSetInputShape = (s: AppState) => s.setInputShape;
export const selectSetBatchSize = (s: AppState) => s.setBatchSize;
export const selectSetOptimizer = (s: AppState) => s.setOptimizer;

/** The open network's totals, or null with the gallery. */
export const selectTotals = (s: AppState): NetworkTotals | null => s.network.analysis?.totals ?? null;

/** Every issue (errors first, then warnings); a shared empty list when nothing is open. */
export const selectIssues = (s: AppState): AnalysisIssue[] => s.network.analysis?.issues ?? NO_ISSUES;

/** Which screen shows: the gallery (with an optional unknown-id message) or a network. Read with useShallow. */
export const selectScreen = (s: AppState) => ({
  screen: s.network.modelId === null ? ('gallery' as const) : ('network' as const),
  modelId: s.network.modelId,
  unknownModelId: s.network.unknownModelId,
});

/** Training memory at the chosen batch and optimizer; null with no network or when its shapes have errors. */
export const selectTrainingMemory = (s: AppState): TrainingMemory | null =>
  s.network.analysis && s.network.analysis.errorCount === 0 ? trainingMemory(s.network.analysis, s.settings.batchSize, s.settings.optimizer) : null;

/** Ids of the summary rows that have an error (their own or a blocked input). Read with useShallow. */
export const selectErrorRowIds = (s: AppState): string[] => s.network.rows.filter((r) => r.error !== null).map((r) => r.name);
