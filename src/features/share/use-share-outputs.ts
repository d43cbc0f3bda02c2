/** Builds the bundle and its link and file whenever the dialog's choices change; the latest wins. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { sharedBundle, type ShareOptions } from './share-bundle';
import { shareOutputs, type ShareOutputs } from './share-outputs';
import { shareSourceOf } from './share-source';

export type Shared =
  | { stage: 'building' }
  | { stage: 'ready'; outputs: ShareOutputs }
  | { stage: 'failed'; message: string };

/** Lets typing in the title settle before the bundle is hashed and compressed again. */
const SETTLE_MS = 150;
/** How long to wait for the worker's weights before sharing without them. */
const EXPORT_TIMEOUT_MS = 20_000;

function build(options: ShareOptions) {
  const state = useAppStore.getState();
  const source = shareSourceOf(state, window.location.hash, new Date());
  return sharedBundle(source, options, {
    stored: state.storedDatasets,
    exportWeights: () => state.exportWeights(EXPORT_TIMEOUT_MS),
  });
}

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
      build({ title, includeRuns, includeWeights })
        .then((bundle) => shareOutputs(bundle, window.location.href))
        .then(
          (outputs) => finish({ stage: 'ready', outputs }),
          (error: unknown) =>
            finish({
              stage: 'failed',
              message:
                'This could not be shared: ' +
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
