/**
 * The service worker's two notes, under the header and never in the way (role=status, no
 * dialog): "a new version is available" with Reload, which is the only way the page reloads into a
 * new build, and the one-time "Gradlab now works offline", which can be dismissed.
 *
 * On a host that cannot send the cross-origin isolation headers, the first visit is not isolated;
 * from then on the service worker adds them, so the next load is. The page never reloads itself
 * for that (the first install ends while the user may be typing or training): the offline note
 * offers the reload, and the next visit is isolated anyway.
 */
import { useSyncExternalStore } from 'react';
import { appUpdateStore } from './update-store';

/** A reload gives TF.js's WASM backend threads: the service worker will isolate the page. */
function reloadGivesThreads(): boolean {
  return window.crossOriginIsolated === false && navigator.hardwareConcurrency > 1;
}

export function UpdateBanner() {
  const { applyUpdate, reloading, offlineReady } = useSyncExternalStore(
    appUpdateStore.subscribe,
    appUpdateStore.getState,
  );
  const offerThreads = reloadGivesThreads();
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
          <p>
            Gradlab now works offline.
            {offerThreads &&
              ' Reload it once so that training on the processor can use several cores.'}
          </p>
          <span className="app-update-actions">
            {offerThreads && (
              <button
                type="button"
                data-testid="app.offlineReady.reload"
                onClick={() => window.location.reload()}
              >
                Reload
              </button>
            )}
            <button
              type="button"
              data-testid="app.offlineReady.dismiss"
              onClick={() => appUpdateStore.setState({ offlineReady: false })}
            >
              Dismiss
            </button>
          </span>
        </div>
      )}
    </>
  );
}
