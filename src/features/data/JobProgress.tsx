/** A data job's progress bar with bytes or items done, and a Cancel button. */
import type { JobProgress as Progress } from './use-data-job';
import { formatBytes } from './format-bytes';

const PHASE_LABELS = {
  download: 'Downloading',
  read: 'Reading',
  decode: 'Decoding',
  store: 'Saving',
} as const;

export function JobProgress({ progress, onCancel }: { progress: Progress; onCancel(): void }) {
  const { phase, loaded, total, detail } = progress;
  const counted = phase === 'decode' ? (n: number) => `${n}` : formatBytes;
  const amount = total === null ? counted(loaded) : `${counted(loaded)} of ${counted(total)}`;
  const text = detail ? `${amount} (${detail})` : amount;
  return (
    <div className="job-progress">
      <progress
        data-testid="data.progress"
        aria-label={`${PHASE_LABELS[phase]}: ${text}`}
        max={total ?? undefined}
        value={total === null ? undefined : loaded}
      />
      <span className="muted">
        {PHASE_LABELS[phase]} {text}
      </span>
      <button type="button" data-testid="data.cancel" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
