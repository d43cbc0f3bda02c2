/**
 * Offers to resume a run that a reload or a crash interrupted, from its last checkpoint, where it
 * trained (the playground, or its notebook cell); the editors show what it trained.
 */
import { useAppStore } from '../../store';
import { UnreadableRecords } from '../ui/UnreadableRecords';
import { resumesHere } from './resume-slice';
import { readyJob } from './slice';

export function ResumeBanner() {
  const interrupted = useAppStore((s) => (resumesHere(s) ? s.interrupted : null));
  const running = useAppStore((s) => s.status === 'running' || s.status === 'paused');
  const ready = useAppStore((s) => s.backend !== null && readyJob(s) !== null);
  const resume = useAppStore((s) => s.resumeInterrupted);
  const discard = useAppStore((s) => s.discardInterrupted);
  const unreadable = useAppStore((s) => s.unreadableCheckpoints);
  if (!interrupted || running) {
    return <UnreadableRecords records={unreadable} what="checkpoints" testId="train.unreadable" />;
  }
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
          disabled={!ready}
          onClick={resume}
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
