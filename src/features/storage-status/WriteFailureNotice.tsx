/**
 * The page-wide notice of saves that failed (role=alert), on whatever page the user is: what was
 * not saved, that the edit is still in this tab, and what to do: export a copy, free space in the
 * storage panel, then Retry. Renders nothing while every save went through.
 */
import { useSyncExternalStore } from 'react';
import {
  dismissWriteFailures,
  getWriteFailures,
  retryWrites,
  subscribeWriteFailures,
} from '../../storage/write-failures';
import { ExportEverythingButton } from './ExportEverythingButton';

export function WriteFailureNotice() {
  const failures = useSyncExternalStore(subscribeWriteFailures, getWriteFailures);
  if (failures.length === 0) return null;
  const full = failures.some((f) => f.full);
  return (
    <div className="storage-banner" role="alert" data-testid="storage.writeFailed">
      <p>
        <strong>{full ? 'Storage is full: not saved.' : 'Not saved.'}</strong>
      </p>
      <ul>
        {failures.map((f) => (
          <li key={f.what} data-testid="storage.writeFailure">
            {f.message}
          </li>
        ))}
      </ul>
      <p>
        Your unsaved edits stay in this tab while it is open, and are saved with your next change or
        when you press Retry. Export everything keeps a copy of what is saved;
        {full ? ' free space in the storage panel, then Retry.' : ' then Retry.'}
      </p>
      <div className="storage-banner-actions">
        <button type="button" data-testid="storage.retry" onClick={retryWrites}>
          Retry
        </button>
        <ExportEverythingButton testId="storage.exportAfterFailure" />
        {full && (
          <a href="#/data" data-testid="storage.openPanel">
            Open the storage panel
          </a>
        )}
        <button type="button" data-testid="storage.dismissFailure" onClick={dismissWriteFailures}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
