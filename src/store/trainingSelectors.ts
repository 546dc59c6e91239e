/** Module-scope selectors of the training slice (DESIGN.md rule 6); ones that build objects are read with useShallow. */
import { planTraining, trainingBudget } from './trainingPlan';
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

let planCache: { key: string; plan: ReturnType<typeof planTraining> } | null = null;
/** The plan (fits the budget? fits the data?) for the chosen network, memoised on its inputs. */
export const selectTrainPlan = (s: AppState) => {
  const t = s.training;
  const key = `${t.modelId}|${t.datasetId}|${t.hyper.batchSize}|${t.hyper.optimizer}`;
  if (planCache?.key !== key) planCache = { key, plan: planTraining(t.modelId, t.datasetId, t.hyper.batchSize, t.hyper.optimizer, budget) };
  return planCache.plan;
};
export const selectTrainActions = (s: AppState) => ({
  setTrainDataset: s.setTrainDataset,
  setTrainSubset: s.setTrainSubset,
  loadTrainData: s.loadTrainData,
  setTrainModel: s.setTrainModel,
  setTrainHyper: s.setTrainHyper,
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
