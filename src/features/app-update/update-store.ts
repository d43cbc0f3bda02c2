/**
 * What the page knows about its service worker, for the update banner: a newer build waiting for
 * the user's word, the reload under way, and the one-time "works offline" note. A tiny module-level
 * store read with useSyncExternalStore, apart from the app's zustand store: the service worker's
 * life has nothing to do with the app's state, and this folder must stay self-contained.
 */
export interface AppUpdateState {
  /** Set while a newer build waits; calling it hands over to that build and reloads. */
  applyUpdate: (() => void) | null;
  /** Reload was pressed; the page reloads once the new build controls it. */
  reloading: boolean;
  /** The first install finished: everything the app needs is cached. */
  offlineReady: boolean;
}

export interface AppUpdateStore {
  getState(): AppUpdateState;
  setState(patch: Partial<AppUpdateState>): void;
  subscribe(listener: () => void): () => void;
}

const INITIAL: AppUpdateState = { applyUpdate: null, reloading: false, offlineReady: false };

export function createAppUpdateStore(): AppUpdateStore {
  let state = INITIAL;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    setState(patch) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The page's one store, written by register-sw.ts and read by UpdateBanner. */
export const appUpdateStore = createAppUpdateStore();
