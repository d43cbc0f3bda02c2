/**
 * Writes that failed and are not yet made good, for the page-wide notice: whatever page the user
 * is on when a save fails (a full disk most often), it says what was not saved and what to do.
 * `write()` records every failure under its action (`what`) and clears it when the same action
 * later succeeds, so no write path can fail silently. Slices that keep an unsaved edit in memory
 * listen for Retry (`onRetryWrites`) and save it again. A module-level store, like status-store,
 * read with useSyncExternalStore.
 */

export interface WriteFailure {
  /** The action, as a verb phrase: 'save the notebook "Iris"'. */
  what: string;
  /** What the browser refused and what to do, for the user. */
  message: string;
  /** Whether the disk is full (rather than storage refused for another reason). */
  full: boolean;
}

let failures: readonly WriteFailure[] = [];
const listeners = new Set<() => void>();
const retryListeners = new Set<() => void>();

function publish(next: readonly WriteFailure[]): void {
  failures = next;
  for (const listener of listeners) listener();
}

export const getWriteFailures = (): readonly WriteFailure[] => failures;

export function subscribeWriteFailures(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The newest failure of an action replaces an older one of the same action. */
export function reportWriteFailure(failure: WriteFailure): void {
  publish([...failures.filter((f) => f.what !== failure.what), failure]);
}

/** The action succeeded: its earlier failure is made good. */
export function clearWriteFailure(what: string): void {
  if (failures.some((f) => f.what === what)) publish(failures.filter((f) => f.what !== what));
}

/** Forgets every failure without saving anything (the user read the notice). */
export function dismissWriteFailures(): void {
  if (failures.length > 0) publish([]);
}

/**
 * Retry: the notice is cleared and every slice that keeps an unsaved edit saves it again; one that
 * fails again is reported again.
 */
export function retryWrites(): void {
  dismissWriteFailures();
  for (const listener of retryListeners) listener();
}

/** Calls `listener` when the user asks to retry the failed saves; returns the unsubscribe. */
export function onRetryWrites(listener: () => void): () => void {
  retryListeners.add(listener);
  return () => {
    retryListeners.delete(listener);
  };
}
