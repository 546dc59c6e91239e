/** The Train screen: data, network, hyper-parameters and backend on the left; the run, curves and results on the right. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectTrainActions, useAppStore } from '../../store';
import { BackendPanel } from './BackendPanel';
import { DatasetPanel } from './DatasetPanel';
import { HyperForm } from './HyperForm';
import { NetworkPanel } from './NetworkPanel';
import { ProfilePanel } from './ProfilePanel';
import { ResultsPanel } from './ResultsPanel';
import { ResumeOffer } from './ResumeOffer';
import { RunPanel } from './RunPanel';
import { RunsPanel } from './RunsPanel';
import { TrainAugment } from './TrainAugment';
import '../../styles/train.css';

/** Loads the dataset, starts the backend and looks for a checkpoint when the screen opens. */
export function TrainView() {
  const { loadTrainData, checkTrainingCheckpoint, setTrainBackend, loadRuns, refreshTrainNetwork } = useAppStore(useShallow(selectTrainActions));
  useEffect(() => {
    void loadRuns().then(checkTrainingCheckpoint);
    void loadTrainData();
    void refreshTrainNetwork();
  }, [checkTrainingCheckpoint, loadTrainData, loadRuns, refreshTrainNetwork]);
  useEffect(() => {
    void setTrainBackend('auto');
  }, [setTrainBackend]);
  return (
    <div className="train" data-testid="train-screen">
      <h1>Train a network</h1>
      <ResumeOffer />
      <div className="train-grid">
        <div className="train-setup">
          <DatasetPanel />
          <NetworkPanel />
          <HyperForm />
          <BackendPanel />
          <TrainAugment />
        </div>
        <div className="train-run">
          <RunPanel />
          <ResultsPanel />
          <RunsPanel />
          <ProfilePanel />
        </div>
      </div>
    </div>
  );
}

export default TrainView;
