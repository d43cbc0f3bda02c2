/** Builds the bundle and its link and file whenever the dialog's choices change; the latest wins. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import type { AppState } from '../../store/app-state';
import { bundleFromNotebook } from './bundle-from-notebook';
import { bundleFromState, type ShareOptions } from './bundle-from-state';
import { shareOutputs, type ShareOutputs } from './share-outputs';

export type Shared =
  | { stage: 'building' }
  | { stage: 'ready'; outputs: ShareOutputs }
  | { stage: 'failed'; message: string };

/** On a notebook's page its notebook is shared; elsewhere the experiment in the editors. */
export function sharedNotebook(state: AppState) {
  const open = state.openNotebook;
  return open !== null && window.location.hash === `#/notebook/${open.record.id}` ? open : null;
}

function buildBundle(state: AppState, options: ShareOptions) {
  const open = sharedNotebook(state);
  return open === null ? bundleFromState(state, options) : bundleFromNotebook(state, open, options);
}

/** Lets typing in the title settle before the bundle is hashed and compressed again. */
const SETTLE_MS = 150;

export function useShareOutputs(title: string, includeRuns: boolean, includeWeights: boolean) {
  const key = JSON.stringify([title, includeRuns, includeWeights]);
  // Tagged with the choices it was built for, so a result for older choices reads as building.
  const [built, setBuilt] = useState<{ key: string; shared: Shared } | null>(null);
  useEffect(() => {
    let current = true;
    const finish = (shared: Shared) => {
      if (current) setBuilt({ key, shared });
    };
    const timer = setTimeout(() => {
      buildBundle(useAppStore.getState(), { title, includeRuns, includeWeights })
        .then((bundle) => shareOutputs(bundle, window.location.href))
        .then(
          (outputs) => finish({ stage: 'ready', outputs }),
          (error: unknown) =>
            finish({
              stage: 'failed',
              message:
                'This experiment could not be shared: ' +
                (error instanceof Error ? error.message : String(error)),
            }),
        );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, title, includeRuns, includeWeights]);
  return built !== null && built.key === key ? built.shared : { stage: 'building' as const };
}
