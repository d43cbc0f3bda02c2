/**
 * Tells the other tabs of this app that a store changed, so they re-read it instead of showing
 * (and later overwriting) stale copies. One BroadcastChannel per page, opened on first use; a
 * BroadcastChannel never hears its own messages, so listeners hear only the other tabs. Where
 * there is no BroadcastChannel every call is a no-op: each tab then sees others' edits on reload.
 */

export const CHANGE_CHANNEL = 'gradlab-changes';

export const CHANGED_STORES = [
  'datasets',
  'notebooks',
  'versions',
  'runs',
  'settings',
  'sweeps',
] as const;

export type ChangedStore = (typeof CHANGED_STORES)[number];

export interface StorageChange {
  store: ChangedStore;
  /** The record that changed, when it was one. */
  key?: string;
}

export type StorageChangeListener = (change: StorageChange) => void;

let channel: BroadcastChannel | null = null;
const listeners = new Set<StorageChangeListener>();

function pageChannel(): BroadcastChannel | null {
  if (channel !== null) return channel;
  if (typeof BroadcastChannel === 'undefined') return null;
  channel = new BroadcastChannel(CHANGE_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const change = parseStorageChange(event.data);
    if (change === null) return;
    for (const listener of listeners) listener(change);
  };
  // Node (tests) would otherwise stay alive for as long as the channel is open.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}

/** The message as a StorageChange, or null when it is not one (another app, an old version). */
export function parseStorageChange(data: unknown): StorageChange | null {
  if (typeof data !== 'object' || data === null) return null;
  const { store, key } = data as Record<string, unknown>;
  if (!CHANGED_STORES.some((name) => name === store)) return null;
  if (key !== undefined && typeof key !== 'string') return null;
  const change: StorageChange = { store: store as ChangedStore };
  if (key !== undefined) change.key = key;
  return change;
}

/** Call once the change is committed: the other tabs read the store as soon as they hear it. */
export function announceChange(change: StorageChange): void {
  try {
    pageChannel()?.postMessage(change);
  } catch {
    // A closed channel (the page is unloading) has nobody left to tell.
  }
}

/** Calls `listener` for each change another tab announces; returns the unsubscribe. */
export function onStorageChange(listener: StorageChangeListener): () => void {
  pageChannel();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
