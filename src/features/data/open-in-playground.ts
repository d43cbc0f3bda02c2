/** Chooses a stored dataset for the playground and goes there. */
import type { LocalDatasetRef, ShippedDatasetRef } from '../../core/data/dataset';
import { useAppStore } from '../../store';

export function openInPlayground(ref: ShippedDatasetRef | LocalDatasetRef): void {
  useAppStore.getState().openPlayground();
  useAppStore.getState().edit({ type: 'dataset', dataset: ref });
  window.location.hash = '#/playground';
}
