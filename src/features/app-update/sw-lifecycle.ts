/**
 * Turns a service worker registration's events into the update banner's state. The classic
 * model: a newer build installs next to the running one and waits; only the user's Reload sends
 * it `SKIP_WAITING`, and the page reloads once that build controls it. Nothing here reloads on
 * its own, so an unsaved draft is never lost to an update.
 *
 * Written against the few members it uses, so tests drive it with plain EventTargets.
 */
import type { SwRequest } from '../../sw/messages';
import type { AppUpdateStore } from './update-store';

export interface WorkerLike extends EventTarget {
  readonly state: ServiceWorkerState;
  postMessage(message: SwRequest): void;
}

export interface RegistrationLike extends EventTarget {
  readonly installing: WorkerLike | null;
  readonly waiting: WorkerLike | null;
}

export interface ContainerLike extends EventTarget {
  readonly controller: object | null;
}

export interface LifecycleDeps {
  registration: RegistrationLike;
  container: ContainerLike;
  store: AppUpdateStore;
  reload: () => void;
}

export function watchServiceWorker({
  registration,
  container,
  store,
  reload,
}: LifecycleDeps): void {
  // Not controlled when the page loaded: this visit installs the first build (or a hard reload
  // bypassed the worker). The worker claims the page once it has cached every file.
  let controlled = container.controller !== null;
  let handingOver = false;
  let reloadRequested = false;

  const reloadOnce = () => {
    if (reloadRequested) return;
    reloadRequested = true;
    reload();
  };

  const offer = (waiting: WorkerLike | null) => {
    store.setState({
      applyUpdate: () => {
        store.setState({ reloading: true });
        // Another tab already let the new build take over: this page only has to reload.
        if (waiting === null || waiting.state === 'redundant') {
          reloadOnce();
          return;
        }
        handingOver = true;
        waiting.postMessage({ type: 'SKIP_WAITING' });
      },
    });
  };

  const track = (worker: WorkerLike) => {
    const onStateChange = () => {
      // Installed next to a controlling build, it waits: that is an update. Without one it goes
      // on to activate by itself (the first install), which is no update.
      if (worker.state === 'installed' && container.controller !== null) offer(worker);
    };
    worker.addEventListener('statechange', onStateChange);
    onStateChange();
  };

  container.addEventListener('controllerchange', () => {
    if (handingOver) reloadOnce();
    // A new build took over from another tab; this page still runs the old one.
    else if (controlled) offer(null);
    else store.setState({ offlineReady: true });
    controlled = true;
  });

  if (registration.waiting !== null && container.controller !== null) {
    offer(registration.waiting);
  }
  if (registration.installing !== null) track(registration.installing);
  registration.addEventListener('updatefound', () => {
    if (registration.installing !== null) track(registration.installing);
  });
}
