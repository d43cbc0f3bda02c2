/** Chooses a stored dataset for the playground and goes there. */
import { useAppStore } from '../../store';
import type { StoredRef } from './slice';

export function openInPlayground(ref: StoredRef): void {
  void useAppStore.getState().chooseStored(ref);
  window.location.hash = '#/playground';
}
