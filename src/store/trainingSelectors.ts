/** Module-scope selectors of the training slice (DESIGN.md rule 6); ones that build objects are read with useShallow. */
import { planTraining, trainingBudget, trainNetworkOf } from './trainingPlan';
import type { AppState } from './types';

export const selectTraining = (s: AppState) => s.training;
export const selectTrainDatasetId = (s: AppState) => s.training.datasetId;
export const selectTrainSubset = (s: AppState) => s.training.subset;
export const selectTrainData = (s: AppState) => ({
  status: s.training.dataStatus,
  progress: s.training.dataProgress,
  error: s.training.dataError,
  counts: s.training.counts,
  samples: s.training.samples,
});
export const selectTrainModelId = (s: AppState) => s.training.modelId;
export const selectTrainHyper = (s: AppState) => s.training.hyper;
export const selectTrainBackend = (s: AppState) => ({
  choice: s.training.backendChoice,
  report: s.training.backend,
  status: s.training.backendStatus,
  error: s.training.backendError,
});
export const selectRun = (s: AppState) => ({
  status: s.training.status,
  message: s.training.message,
  progress: s.training.progress,
  epochs: s.training.hyper.epochs,
  checkpointNote: s.training.checkpointNote,
  tensorsPerEpoch: s.training.tensorsPerEpoch,
});
export const selectCurves = (s: AppState) => ({ batches: s.training.batches, epochs: s.training.epochs });
export const selectTrainResult = (s: AppState) => s.training.result;
export const selectRunConfig = (s: AppState) => s.training.runConfig;
export const selectResumeOffer = (s: AppState) => s.training.resumeOffer;
export const selectStepProfile = (s: AppState) => s.training.profile;

const budget = trainingBudget((globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory);

let planCache: { key: string; custom: unknown; plan: ReturnType<typeof planTraining> } | null = null;
/** The plan (fits the budget? takes the data, or how to adapt it?) for the chosen network, memoised on its inputs. */
export const selectTrainPlan = (s: AppState) => {
  const t = s.training;
  const key = `${t.modelId}|${t.datasetId}|${t.hyper.batchSize}|${t.hyper.optimizer}|${t.adaptAccepted}`;
  if (planCache?.key !== key || planCache.custom !== t.custom) {
    const net = trainNetworkOf(t);
    const plan = net
      ? planTraining(net, t.datasetId, t.hyper.batchSize, t.hyper.optimizer, budget, t.adaptAccepted)
      : { ok: false as const, name: t.modelId, problems: [`Unknown network '${t.modelId}'.`], memory: null, offer: null };
    planCache = { key, custom: t.custom, plan };
  }
  return planCache.plan;
};
/** The networks saved on Build, for the Train screen's list. */
export const selectSavedNetworks = (s: AppState) => s.builder.library;
/** Every kept run, newest first. */
export const selectRuns = (s: AppState) => s.training.runs;
/** The Runs panel's state: its notice, the overlay and the queue. */
export const selectRunsView = (s: AppState) => ({
  status: s.training.runsStatus,
  notice: s.training.runsNotice,
  overlay: s.training.overlay,
  overlayX: s.training.overlayX,
  queue: s.training.queue,
  currentRunId: s.training.currentRunId,
});
export const selectTrainActions = (s: AppState) => ({
  setTrainDataset: s.setTrainDataset,
  setTrainSubset: s.setTrainSubset,
  loadTrainData: s.loadTrainData,
  setTrainModel: s.setTrainModel,
  trainDraft: s.trainDraft,
  acceptAdaptation: s.acceptAdaptation,
  refreshTrainNetwork: s.refreshTrainNetwork,
  loadRuns: s.loadRuns,
  renameRun: s.renameRun,
  deleteRun: s.deleteRun,
  duplicateRun: s.duplicateRun,
  toggleOverlay: s.toggleOverlay,
  setOverlayX: s.setOverlayX,
  runModel: s.runModel,
  cancelQueued: s.cancelQueued,
  setTrainHyper: s.setTrainHyper,
  setTrainSeed: s.setTrainSeed,
  setTrainAugment: s.setTrainAugment,
  setTrainBackend: s.setTrainBackend,
  startTraining: s.startTraining,
  pauseTraining: s.pauseTraining,
  resumeTraining: s.resumeTraining,
  stopTraining: s.stopTraining,
  checkTrainingCheckpoint: s.checkTrainingCheckpoint,
  resumeFromCheckpoint: s.resumeFromCheckpoint,
  dismissCheckpoint: s.dismissCheckpoint,
  profileTrainingStep: s.profileTrainingStep,
});
/** True while a run is starting, training or paused (setup fields lock). */
export const selectTrainBusy = (s: AppState) => s.training.status === 'starting' || s.training.status === 'training' || s.training.status === 'paused';
