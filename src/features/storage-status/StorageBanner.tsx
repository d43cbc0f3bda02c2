/**
 * The page-wide storage notice (role=alert): running from memory, with "Export everything" and
 * "Reset storage"; closed because another tab updated Gradlab; or no storage at all; and the
 * saves that failed (WriteFailureNotice). Renders nothing while storage is fine.
 */
import { useState, useSyncExternalStore } from 'react';
import { resetStorage } from '../../storage/reset';
import { ExportEverythingButton } from './ExportEverythingButton';
import { getStorageStatus, subscribeStorageStatus } from '../../storage/status-store';
import { WriteFailureNotice } from './WriteFailureNotice';
import './storage-banner.css';

const reload = () => window.location.reload();

function ReloadButton() {
  return (
    <button type="button" data-testid="storage.reload" onClick={reload}>
      Reload
    </button>
  );
}

/** Deleting every stored thing is asked twice: the second click names what goes. */
function ResetStorage() {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reset = async () => {
    const done = await resetStorage();
    if (done.ok) reload();
    else setError(done.error.message);
  };
  if (!confirming) {
    return (
      <button type="button" data-testid="storage.reset" onClick={() => setConfirming(true)}>
        Reset storage
      </button>
    );
  }
  return (
    <span className="storage-reset">
      <span>Delete everything Gradlab stored in this browser, then reload?</span>{' '}
      <button type="button" data-testid="storage.confirmReset" onClick={() => void reset()}>
        Delete and reload
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error && (
        <span className="error" role="alert" data-testid="storage.resetError">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

export function StorageBanner() {
  return (
    <>
      <StorageStatusNotice />
      <WriteFailureNotice />
    </>
  );
}

function StorageStatusNotice() {
  const status = useSyncExternalStore(subscribeStorageStatus, getStorageStatus);
  switch (status.kind) {
    case 'ok':
      return null;
    case 'memory':
      return (
        <div className="storage-banner" role="alert" data-testid="storage.memoryMode">
          <p>
            Your browser&apos;s storage is not available ({status.reason}). Gradlab is running from
            memory: nothing will be kept after you close this tab. Shipped, downloaded and imported
            datasets need that storage; the generated ones (Spiral, Circles, ...) still train.
          </p>
          <div className="storage-banner-actions">
            <ExportEverythingButton testId="storage.exportAll" />
            <ResetStorage />
          </div>
        </div>
      );
    case 'versionChange':
      return (
        <div className="storage-banner" role="alert" data-testid="storage.versionChange">
          <p>Gradlab was updated in another tab. Reload to update this one.</p>
          <ReloadButton />
        </div>
      );
    case 'unavailable':
      return (
        <div className="storage-banner" role="alert" data-testid="storage.unavailable">
          <p>{status.message}</p>
          <ReloadButton />
        </div>
      );
  }
}
