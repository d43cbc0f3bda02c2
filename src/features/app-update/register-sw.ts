/**
 * Registers Gradlab's service worker (`./sw.js`, built by scripts/vite-plugin-sw.ts) in production
 * builds only: the dev server has no sw.js, and a worker there would serve stale modules. Both
 * the script and the scope are relative to the page, so the app works under any sub-path.
 */
import { watchServiceWorker } from './sw-lifecycle';
import { appUpdateStore } from './update-store';

/** Long-lived tabs look for a new build this often, and whenever they are shown again. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // After load, so precaching does not compete with the first visit's own downloads.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

async function register(): Promise<void> {
  let registration: ServiceWorkerRegistration;
  try {
    registration = await navigator.serviceWorker.register('./sw.js', { scope: './' });
  } catch (error) {
    // Private windows and some browsers refuse service workers: the app works, only not offline.
    console.warn('Gradlab will not work offline: the service worker was refused.', error);
    return;
  }
  watchServiceWorker({
    registration,
    container: navigator.serviceWorker,
    store: appUpdateStore,
    reload: () => window.location.reload(),
  });
  const checkForUpdate = () => {
    // Offline, or the host is down: the next check will do.
    registration.update().catch(() => undefined);
  };
  setInterval(checkForUpdate, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  });
}
