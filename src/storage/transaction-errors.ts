/** What every repository needs to report a failed write: its real cause, and a quiet abort. */
import type { StorageFullError, StorageUnavailableError } from '../core/errors';

export type WriteError = StorageFullError | StorageUnavailableError;

/** The failure behind an aborted transaction (a quota error) is on it, not on its requests. */
export function rootCause(tx: { readonly error: DOMException | null }, caught: unknown): unknown {
  try {
    return tx.error ?? caught;
  } catch {
    return caught;
  }
}

export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already aborted or finished: either way nothing of it will be committed.
  }
}
