/** Selectors of the builder slice, at module scope so subscriptions stay narrow. */
import type { AnalysisIssue } from '../models';
import { builderAction } from './builderActions';
import type { AppState } from './types';

const NO_ISSUES: AnalysisIssue[] = [];

export const selectDraftSpec = (s: AppState) => s.builder.draft?.spec ?? null;
export const selectDraftId = (s: AppState) => s.builder.draft?.id ?? null;
export const selectDraftName = (s: AppState) => s.builder.draft?.name ?? null;
export const selectDraftAnalysis = (s: AppState) => s.builder.draftAnalysis;
export const selectDraftRows = (s: AppState) => s.builder.draftRows;
export const selectDraftIssues = (s: AppState): AnalysisIssue[] => s.builder.draftAnalysis?.issues ?? NO_ISSUES;
export const selectSelectedId = (s: AppState) => s.builder.selectedId;
export const selectLibrary = (s: AppState) => s.builder.library;
export const selectNotice = (s: AppState) => s.builder.notice;
export const selectSaveState = (s: AppState) => s.builder.saveState;
export const selectBuilderReady = (s: AppState) => s.builder.builderReady;
export const selectCanUndo = (s: AppState) => s.builder.past.length > 0;
/** Whether the network open on Build can go to the Train screen (it has no errors). */
export const selectCanTrainDraft = (s: AppState) => builderAction('train')!.enabled(s);
export const selectCanRedo = (s: AppState) => s.builder.future.length > 0;
export const selectUndoLabel = (s: AppState) => s.builder.past[s.builder.past.length - 1]?.label ?? null;
export const selectRedoLabel = (s: AppState) => s.builder.future[0]?.label ?? null;
/** The builder's actions (stable functions), for event handlers. */
export const selectBuilderCommands = (s: AppState) => s.runAction;
/** The valued edits (fields, names, input size, connections) through the registry. */
export const selectBuilderEdit = (s: AppState) => s.runEdit;
export const selectSelectLayer = (s: AppState) => s.selectLayer;
export const selectCreateNetwork = (s: AppState) => s.createNetwork;
export const selectOpenSaved = (s: AppState) => s.openSaved;
export const selectRenameSaved = (s: AppState) => s.renameSaved;
export const selectDuplicateSaved = (s: AppState) => s.duplicateSaved;
export const selectDeleteSaved = (s: AppState) => s.deleteSaved;
export const selectImportText = (s: AppState) => s.importText;
export const selectSetNotice = (s: AppState) => s.setNotice;
export const selectStartBuilder = (s: AppState) => s.startBuilder;
