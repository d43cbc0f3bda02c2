/**
 * The service worker's two notes, under the header and never in the way (role=status, no
 * dialog): "a new version is available" with Reload, which is the only way the page reloads into a
 * new build, and the one-time "Gradlab now works offline", which can be dismissed.
 */
import { useSyncExternalStore } from 'react';
import { appUpdateStore } from './update-store';

export function UpdateBanner() {
  const { applyUpdate, reloading, offlineReady } = useSyncExternalStore(
    appUpdateStore.subscribe,
    appUpdateStore.getState,
  );
  return (
    <>
      {applyUpdate && (
        <div className="app-update" role="status" data-testid="app.update">
          <p>A new version of Gradlab is available.</p>
          <button
            type="button"
            data-testid="app.update.reload"
            disabled={reloading}
            onClick={applyUpdate}
          >
            {reloading ? 'Reloading…' : 'Reload'}
          </button>
        </div>
      )}
      {offlineReady && !applyUpdate && (
        <div className="app-update" role="status" data-testid="app.offlineReady">
          <p>Gradlab now works offline.</p>
          <button
            type="button"
            data-testid="app.offlineReady.dismiss"
            onClick={() => appUpdateStore.setState({ offlineReady: false })}
          >
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
