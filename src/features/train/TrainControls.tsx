/** Train / Pause / Resume / Step / Stop / Reset, the run's status and a progress bar. */
import { useAppStore } from '../../store';
import { PlaygroundSweepButton } from '../sweeps/SweepButton';
import { describeSeconds, secondsLeft } from './eta';
import { memoryError } from './memory-check';
import { readyJob } from './slice';
import './train.css';

export function TrainControls() {
  const status = useAppStore((s) => s.status);
  const ready = useAppStore(
    (s) =>
      s.backend !== null &&
      readyJob(s) !== null &&
      // A notebook's shared weights are going into the model; a run now would be reset by them.
      s.cellWeights?.state !== 'loading',
  );
  const tooBig = useAppStore(memoryError);
  const progress = useAppStore((s) => s.progress);
  const epochsDone = useAppStore((s) => s.history.length);
  const epochs = useAppStore((s) => s.editor.experiment.config.epochs);
  const actions = useAppStore.getState();

  const active = status === 'running' || status === 'paused';
  // Progress reports are throttled, so the last one may be older than the last finished epoch.
  const current = progress && progress.epoch > epochsDone ? progress : null;
  const batchSize = useAppStore((s) => s.editor.experiment.config.batchSize);
  const eta = progress
    ? secondsLeft({
        epochs,
        epochsDone,
        batch: current ? current.batch : 0,
        batchesPerEpoch: progress.batchesPerEpoch,
        batchSize,
        samplesPerSec: progress.samplesPerSec,
      })
    : null;
  const fraction = (epochsDone + (current ? current.batch / current.batchesPerEpoch : 0)) / epochs;

  return (
    <div className="controls">
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="train.start"
          disabled={!ready || active}
          onClick={() => actions.train()}
          aria-keyshortcuts="Space"
        >
          Train
        </button>
        <button
          type="button"
          data-testid="train.pause"
          disabled={!active}
          onClick={status === 'paused' ? actions.resume : actions.pause}
        >
          {status === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          data-testid="train.step"
          disabled={!ready || status === 'running'}
          onClick={actions.step}
          title="Train one batch"
        >
          Step
        </button>
        <button type="button" data-testid="train.stop" disabled={!active} onClick={actions.stop}>
          Stop
        </button>
        <PlaygroundSweepButton />
        <button
          type="button"
          data-testid="train.reset"
          disabled={!ready || status === 'running'}
          onClick={actions.reset}
          title="New initial weights from the seed"
        >
          Reset
        </button>
      </div>
      <div className="progress-row">
        <span className={`badge ${status}`} data-testid="train.status">
          {status}
        </span>
        <progress
          aria-label="Training progress"
          max={1}
          value={Math.min(1, fraction)}
          data-testid="train.progress"
        />
        <span className="muted">
          epoch {current?.epoch ?? epochsDone} / {epochs}
        </span>
      </div>
      {tooBig !== null && !active && (
        <p className="status error" role="alert" data-testid="train.memory">
          {tooBig}
        </p>
      )}
      <div className="muted eta" data-testid="train.eta" aria-live="off">
        {status === 'running' && eta !== null ? describeSeconds(eta) : ''}
      </div>
    </div>
  );
}
