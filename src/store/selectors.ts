/**
 * Selectors: pure functions of the app state, defined once at module scope so React subscriptions stay narrow.
 * Ones that build a new object (training memory, view) are read through `useShallow`.
 */
import { trainingMemory, type AnalysisIssue, type NetworkTotals, type TrainingMemory } from '../models';
import type { AppState } from './types';

const NO_ISSUES: AnalysisIssue[] = [];

/** Field selectors: each reads one state field or action, so a component re-renders only when that field changes. */
export const selectModelId = (s: AppState) => s.modelId;
export const selectUnknownModelId = (s: AppState) => s.unknownModelId;
export const selectEntry = (s: AppState) => s.entry;
export const selectLoadError = (s: AppState) => s.loadError;
export const selectPreviousModelId = (s: AppState) => s.previousModelId;
export const selectSpec = (s: AppState) => s.spec;
export const selectInputShape = (s: AppState) => s.inputShape;
export const selectAnalysis = (s: AppState) => s.analysis;
export const selectRows = (s: AppState) => s.rows;
export const selectBatchSize = (s: AppState) => s.batchSize;
export const selectOptimizer = (s: AppState) => s.optimizer;
export const selectOpenModel = (s: AppState) => s.openModel;
export const selectSetInputShape = (s: AppState) => s.setInputShape;
export const selectSetBatchSize = (s: AppState) => s.setBatchSize;
export const selectSetOptimizer = (s: AppState) => s.setOptimizer;

/** The open network's totals, or null with the gallery. */
export const selectTotals = (s: AppState): NetworkTotals | null => s.analysis?.totals ?? null;

/** Every issue (errors first, then warnings); a shared empty list when nothing is open. */
export const selectIssues = (s: AppState): AnalysisIssue[] => s.analysis?.issues ?? NO_ISSUES;

/** Which screen shows: the gallery (with an optional unknown-id message) or a network. Read with useShallow. */
export const selectScreen = (s: AppState) => ({
  screen: s.modelId === null ? ('gallery' as const) : ('network' as const),
  modelId: s.modelId,
  unknownModelId: s.unknownModelId,
});

/** Training memory at the chosen batch and optimizer; null with no network or when its shapes have errors. */
export const selectTrainingMemory = (s: AppState): TrainingMemory | null =>
  s.analysis && s.analysis.errorCount === 0 ? trainingMemory(s.analysis, s.batchSize, s.optimizer) : null;

/** Ids of the summary rows that have an error (their own or a blocked input). Read with useShallow. */
export const selectErrorRowIds = (s: AppState): string[] => s.rows.filter((r) => r.error !== null).map((r) => r.name);
