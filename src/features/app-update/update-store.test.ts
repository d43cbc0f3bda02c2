import { describe, expect, it } from 'vitest';
import { createAppUpdateStore } from './update-store';

describe('createAppUpdateStore', () => {
  it('merges patches into a new state object and tells subscribers until they leave', () => {
    const store = createAppUpdateStore();
    const before = store.getState();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.setState({ offlineReady: true });
    expect(store.getState()).toEqual({ applyUpdate: null, reloading: false, offlineReady: true });
    // useSyncExternalStore re-renders only on a new snapshot.
    expect(store.getState()).not.toBe(before);
    unsubscribe();
    store.setState({ offlineReady: false });
    expect(calls).toBe(1);
  });
});
