/** Builds the bundle and its link and file whenever the dialog's choices change; the latest wins. */
import { useEffect, useRef, useState } from 'react';
import type { CarriedDataset } from '../../core/bundle/carried-datasets';
import { sharedDetailsOf } from '../../core/data/stored-dataset';
import { appDb } from '../../storage/app-db';
import { readDatasetBytes } from '../../storage/datasets-repo';
import { useAppStore } from '../../store';
import { sharedBundle, type ShareOptions } from './share-bundle';
import { datasetTravel, type DatasetTravel } from './share-dataset';
import { shareOutputs, type ShareOutputs } from './share-outputs';
import { shareSourceOf } from './share-source';

export type Shared =
  | { stage: 'building' }
  | { stage: 'ready'; outputs: ShareOutputs; travel: DatasetTravel[] }
  | { stage: 'failed'; message: string };

/** Lets typing in the title settle before the bundle is hashed and compressed again. */
const SETTLE_MS = 150;
/** How long to wait for the worker's weights before sharing without them. */
const EXPORT_TIMEOUT_MS = 20_000;

/** A stored dataset's bytes, checked against their hash; throws what storage says otherwise. */
async function readBytes(sha256: string): Promise<Uint8Array> {
  const db = await appDb();
  if (!db.ok) throw db.error;
  const bytes = await readDatasetBytes(db.value, sha256, { verify: true });
  if (!bytes.ok) throw bytes.error;
  return bytes.value;
}

async function build(options: ShareOptions, read: (sha256: string) => Promise<Uint8Array>) {
  const state = useAppStore.getState();
  const source = shareSourceOf(state, window.location.hash, new Date());
  const bundle = await sharedBundle(source, options, {
    stored: state.storedVersions,
    exportWeights: () => state.exportWeights(EXPORT_TIMEOUT_MS),
  });
  const travel = datasetTravel(bundle, state.storedVersions);
  const carried: CarriedDataset[] = [];
  for (const { sha256 } of travel) {
    const record = state.storedVersions.find((r) => r.sha256 === sha256);
    if (sha256 === null || record === undefined) continue;
    carried.push({ sha256, bytes: await read(sha256), details: sharedDetailsOf(record) });
  }
  const outputs = await shareOutputs(bundle, window.location.href, carried);
  return { outputs, travel };
}

export function useShareOutputs(
  title: string,
  includeRuns: boolean,
  includeWeights: boolean,
  includeSweepRuns: boolean,
) {
  const key = JSON.stringify([title, includeRuns, includeWeights, includeSweepRuns]);
  // Tagged with the choices it was built for, so a result for older choices reads as building.
  const [built, setBuilt] = useState<{ key: string; shared: Shared } | null>(null);
  // A dataset's bytes are read once while the dialog is open, not again for each keystroke.
  const read = useRef(new Map<string, Promise<Uint8Array>>());
  useEffect(() => {
    let current = true;
    const finish = (shared: Shared) => {
      if (current) setBuilt({ key, shared });
    };
    const cached = (sha256: string) => {
      let reading = read.current.get(sha256);
      if (reading === undefined) {
        reading = readBytes(sha256);
        read.current.set(sha256, reading);
        // A failed read is tried again at the next build.
        reading.catch(() => read.current.delete(sha256));
      }
      return reading;
    };
    const timer = setTimeout(() => {
      build({ title, includeRuns, includeWeights, includeSweepRuns }, cached).then(
        ({ outputs, travel }) => finish({ stage: 'ready', outputs, travel }),
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
  }, [key, title, includeRuns, includeWeights, includeSweepRuns]);
  return built !== null && built.key === key ? built.shared : { stage: 'building' as const };
}
