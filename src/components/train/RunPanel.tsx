/** Start, pause, resume, stop; the progress bar with ETA and images per second; the live curves. */
import { useShallow } from 'zustand/react/shallow';
import { etaMs, formatDuration, selectRun, selectTrainActions, selectTrainPlan, selectTrainData, useAppStore } from '../../store';
import { Curves } from './Curves';

const STATUS_TEXT = {
  idle: 'Ready',
  starting: 'Starting...',
  training: 'Training',
  paused: 'Paused',
  completed: 'Finished',
  stopped: 'Stopped',
  diverged: 'Stopped: the loss diverged',
  error: 'Failed',
} as const;

export function RunPanel() {
  const run = useAppStore(useShallow(selectRun));
  const plan = useAppStore(selectTrainPlan);
  const data = useAppStore(useShallow(selectTrainData));
  const { startTraining, pauseTraining, resumeTraining, stopTraining } = useAppStore(useShallow(selectTrainActions));
  const active = run.status === 'training' || run.status === 'paused' || run.status === 'starting';
  const p = run.progress;
  const done = p ? p.epoch * p.batchesPerEpoch + p.batchInEpoch : 0;
  const total = p ? run.epochs * p.batchesPerEpoch : 0;
  const eta = p ? etaMs(p.elapsedMs, done, total) : null;
  return (
    <section className="panel" aria-labelledby="train-run-h">
      <h2 id="train-run-h">Run</h2>
      <div className="run-buttons">
        <button
          type="button"
          data-testid="train-start"
          disabled={!plan.ok || (!active && data.status === 'loading')}
          title={active ? 'Queue a run with the settings on the screen: it starts when this one ends' : undefined}
          onClick={() => void startTraining()}
        >
          {active ? 'Queue' : 'Start'}
        </button>
        {run.status === 'paused' ? (
          <button type="button" data-testid="train-resume" onClick={() => void resumeTraining()}>
            Resume
          </button>
        ) : (
          <button type="button" data-testid="train-pause" disabled={run.status !== 'training'} onClick={() => void pauseTraining()}>
            Pause
          </button>
        )}
        <button type="button" data-testid="train-stop" disabled={!active} onClick={() => void stopTraining()}>
          Stop
        </button>
        <span className={`run-status status-${run.status}`} data-testid="train-status" data-status={run.status}>
          {STATUS_TEXT[run.status]}
        </span>
      </div>
      {run.message && (
        <p className={`notice ${run.status === 'diverged' || run.status === 'error' ? 'error' : ''}`} role="status" data-testid="train-message">
          {run.message}
        </p>
      )}
      {p && (
        <div className="run-progress">
          <progress data-testid="train-progress" max={Math.max(1, total)} value={done} aria-label="Training progress" />
          <span data-testid="train-progress-text">
            Epoch {Math.min(run.epochs, p.epoch + 1)} of {run.epochs}, batch {p.batchInEpoch} of {p.batchesPerEpoch} ·{' '}
            <span data-testid="train-ips">{Math.round(p.imagesPerSecond).toLocaleString('en-US')}</span> images/s ·{' '}
            {run.status === 'training' && eta !== null ? `about ${formatDuration(eta)} left` : `${formatDuration(p.elapsedMs)} elapsed`}
          </span>
        </div>
      )}
      {p?.feed && (
        <p className="feed-rates" data-testid="train-feed">
          Augmentation worker: <span data-testid="train-feed-producer">{Math.round(p.feed.producerImagesPerSecond).toLocaleString('en-US')}</span> images/s made · training:{' '}
          {Math.round(p.imagesPerSecond).toLocaleString('en-US')} images/s taken · training waited <span data-testid="train-feed-waited">{(p.feed.waitedMs / 1000).toFixed(1)}</span> s for
          batches ({p.elapsedMs > 0 ? ((100 * p.feed.waitedMs) / p.elapsedMs).toFixed(1) : '0'}% of its time) · {p.feed.queued} ready ahead
        </p>
      )}
      {run.checkpointNote && <p className="checkpoint-note">{run.checkpointNote}</p>}
      <Curves />
    </section>
  );
}
