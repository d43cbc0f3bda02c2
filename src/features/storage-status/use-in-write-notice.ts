/**
 * Whether a message is already on show in the page-wide notice of failed saves, so a page's own
 * error line does not say the same thing twice.
 */
import { useSyncExternalStore } from 'react';
import { getWriteFailures, subscribeWriteFailures } from '../../storage/write-failures';

export function useInWriteNotice(message: string | null): boolean {
  const failures = useSyncExternalStore(subscribeWriteFailures, getWriteFailures);
  return message !== null && failures.some((f) => f.message === message);
}
