/**
 * Every stored dataset version, read from storage (the store's list holds one row per dataset:
 * its current version). Read again whenever that list is refreshed, which every write of a
 * dataset does, here or in another tab. Records only: the bytes stay in IndexedDB.
 */
import { useEffect, useState } from 'react';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { appDb } from '../../storage/app-db';
import { listDatasets } from '../../storage/datasets-repo';
import { useAppStore } from '../../store';

/** Every version, most recently used first; null until read. */
export function useDatasetVersions(): StoredDataset[] | null {
  const listed = useAppStore((s) => s.storedDatasets);
  const [all, setAll] = useState<StoredDataset[] | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const db = await appDb();
      // Storage that cannot be read is reported by the store's refresh, where the page shows it.
      const read = db.ok ? await listDatasets(db.value).catch(() => null) : null;
      if (live) setAll(read ?? []);
    })();
    return () => {
      live = false;
    };
  }, [listed]);
  return all;
}
