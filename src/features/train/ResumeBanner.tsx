/** Offers to resume a run that a reload or a crash interrupted, from its last checkpoint. */
import { useAppStore } from '../../store';

export function ResumeBanner() {
  const interrupted = useAppStore((s) => s.interrupted);
  const running = useAppStore((s) => s.status === 'running' || s.status === 'paused');
  const resume = useAppStore((s) => s.resumeInterrupted);
  const discard = useAppStore((s) => s.discardInterrupted);
  if (!interrupted || running) return null;
  return (
    <div className="resume-banner" role="status">
      <p>
        A run on {interrupted.datasetName} stopped at epoch {interrupted.epoch} of{' '}
        {interrupted.epochs}. Its checkpoint is saved in this browser.
      </p>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="train.resume"
          onClick={() => void resume()}
        >
          Resume from epoch {interrupted.epoch}
        </button>
        <button type="button" data-testid="train.discard" onClick={() => void discard()}>
          Discard
        </button>
      </div>
    </div>
  );
}
