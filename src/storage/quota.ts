/**
 * Storage failures as messages a user can act on. Browsers report a full disk in several shapes: a
 * QuotaExceededError from the request, or an AbortError from the transaction that carries the
 * quota error inside it.
 */
import { StorageFullError, StorageUnavailableError } from '../core/errors';

/** The legacy DOMException code of QuotaExceededError, still set by every engine. */
const QUOTA_EXCEEDED_CODE = 22;
/** How deep to look through `.error`, `.cause`, `.transaction` and `.target` wrappers. */
const MAX_WRAPPING = 4;

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

export function isQuotaExceeded(error: unknown): boolean {
  return isQuotaAt(error, MAX_WRAPPING);
}

function isQuotaAt(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth < 0) return false;
  try {
    const name = fieldOf(error, 'name');
    // Firefox before 2020 used its own name for the same failure.
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    if (error instanceof DOMException && error.code === QUOTA_EXCEEDED_CODE) return true;
    const message = fieldOf(error, 'message');
    if (name === 'AbortError' && typeof message === 'string' && /quota/i.test(message)) return true;
    return [
      fieldOf(error, 'error'),
      fieldOf(error, 'cause'),
      fieldOf(fieldOf(error, 'transaction'), 'error'),
      fieldOf(error, 'target'),
    ].some((inner) => inner !== error && isQuotaAt(inner, depth - 1));
  } catch {
    // A getter that throws (a finished request's `error` in some engines) hides nothing useful.
    return false;
  }
}

/** `Name: message` of an error of any shape, for messages that quote what the browser said. */
export function describeError(error: unknown): string {
  const name = fieldOf(error, 'name');
  const message = fieldOf(error, 'message');
  const parts = [name, message].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(': ') : String(error);
}

/**
 * `what` is the action that failed, as a verb phrase ('save the dataset "Iris"'); the message
 * says that nothing was lost and what to do next.
 */
export function toStorageError(
  error: unknown,
  what: string,
): StorageFullError | StorageUnavailableError {
  if (isQuotaExceeded(error)) {
    return new StorageFullError(
      `Could not ${what}: this browser's storage for Gradlab is full, so nothing was saved. ` +
        'Export everything to keep a copy; free space by deleting datasets you no longer need ' +
        'in the storage panel (Datasets page), or allow persistent storage there so the ' +
        'browser grants Gradlab more room, then try again.',
    );
  }
  return new StorageUnavailableError(
    `Could not ${what}: the browser's storage refused it (${describeError(error)}), so nothing was ` +
      'saved. Reload the page and try again; in a private window, use a normal one instead.',
  );
}

/** A read the browser refused, as a message that says what to do. */
export function toReadError(error: unknown, what: string): StorageUnavailableError {
  return new StorageUnavailableError(
    `Could not ${what}: the browser's storage refused it (${describeError(error)}). ` +
      'Reload the page and try again.',
  );
}
