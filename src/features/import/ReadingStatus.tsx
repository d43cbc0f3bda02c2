/**
 * A bundle being downloaded or read (import.status): the bytes received, of how many when the
 * server said (import.progress), and a Cancel (import.stop).
 */
import { formatBytes } from '../data/format-bytes';
import type { ReadProgress } from './slice';

interface Props {
  label: string;
  progress: ReadProgress | null;
  onCancel(): void;
}

function receivedText(progress: ReadProgress | null): string {
  if (progress === null) return 'waiting for the first bytes';
  const { loaded, total } = progress;
  return total === null
    ? `${formatBytes(loaded)} received`
    : `${formatBytes(loaded)} of ${formatBytes(total)} received`;
}

export function ReadingStatus({ label, progress, onCancel }: Props) {
  const received = receivedText(progress);
  return (
    <div className="import-reading" role="status" data-testid="import.status">
      <span>{label}</span>
      <progress
        data-testid="import.progress"
        aria-label={`${label} ${received}`}
        max={progress?.total ?? undefined}
        value={progress?.total == null ? undefined : progress.loaded}
      />
      <span className="muted" data-testid="import.received">
        {received}
      </span>
      <button type="button" data-testid="import.stop" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
