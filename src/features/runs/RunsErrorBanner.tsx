/** A failure to save or read runs; the shell shows it on every page, as runs end anywhere. */
import { useAppStore } from '../../store';
import { useInWriteNotice } from '../storage-status/use-in-write-notice';
import './runs-error.css';

export function RunsErrorBanner() {
  const error = useAppStore((s) => s.runsError);
  const dismiss = useAppStore((s) => s.dismissRunsError);
  const shownAbove = useInWriteNotice(error);
  if (error === null || shownAbove) return null;
  return (
    <div className="error runs-error" role="alert" data-testid="runs.error">
      <span>{error}</span>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
