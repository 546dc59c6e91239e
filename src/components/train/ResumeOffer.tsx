/** After a reload: offers to resume the last run from its checkpoint. */
import { useShallow } from 'zustand/react/shallow';
import { selectResumeOffer, selectTrainActions, useAppStore } from '../../store';

export function ResumeOffer() {
  const offer = useAppStore(selectResumeOffer);
  const { resumeFromCheckpoint, dismissCheckpoint } = useAppStore(useShallow(selectTrainActions));
  if (!offer) return null;
  return (
    <div className="notice resume" role="region" aria-label="Resume training" data-testid="resume-offer">
      <p>
        A run of <strong>{offer.config.modelName}</strong> stopped after epoch {offer.epoch} of {offer.epochs} (step {offer.step}, saved{' '}
        {new Date(offer.savedAt).toLocaleString()}). Its weights, optimizer state and curves are saved.
      </p>
      <button type="button" data-testid="resume-checkpoint" onClick={() => void resumeFromCheckpoint()}>
        Resume from epoch {offer.epoch}
      </button>{' '}
      <button type="button" onClick={() => void dismissCheckpoint()}>
        Discard
      </button>
    </div>
  );
}
