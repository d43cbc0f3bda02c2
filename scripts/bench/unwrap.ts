import type { Result } from '../../src/core/result';

/** The bench has no user to show an error to: a failed Result ends the measurement with it. */
export function unwrap<T>(result: Result<T, Error>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
