/**
 * What the Datasets page does to stored versions: restore one as its line's current version,
 * delete versions (storage keeps the bytes other versions still use, and says how much it freed),
 * and save a dataset's licence on all its versions. Each refreshes the store's list, so every view (and other tabs)
 * shows the change.
 */
import type { StorageUnavailableError } from '../../core/errors';
import { err, ok, type Result } from '../../core/result';
import { appDb } from '../../storage/app-db';
import {
  deleteDataset,
  makeCurrent,
  storedPieceBytes,
  updateDatasetDetails,
} from '../../storage/datasets-repo';
import type { WriteError } from '../../storage/write';
import { useAppStore } from '../../store';

type ActionError = WriteError | StorageUnavailableError;

const refresh = () => useAppStore.getState().refreshStoredDatasets();

/** Makes version `sha256` its line's current one (the storage panel and pickers then show it). */
export async function restoreVersion(sha256: string): Promise<Result<true, ActionError>> {
  const db = await appDb();
  if (!db.ok) return db;
  const made = await makeCurrent(db.value, sha256, new Date());
  await refresh();
  return made.ok ? ok(true) : made;
}

/**
 * Deletes each version in turn; the bytes freed are those no remaining version uses (storage
 * collects them in the same transaction as each record).
 */
export async function deleteVersions(
  shas: readonly string[],
): Promise<Result<{ freedBytes: number }, ActionError>> {
  const db = await appDb();
  if (!db.ok) return db;
  const before = await storedPieceBytes(db.value);
  let failed: ActionError | null = null;
  for (const sha256 of shas) {
    const deleted = await deleteDataset(db.value, sha256);
    if (!deleted.ok) {
      failed = deleted.error;
      break;
    }
  }
  const after = await storedPieceBytes(db.value);
  await refresh();
  return failed === null ? ok({ freedBytes: Math.max(0, before - after) }) : err(failed);
}

/** Stores the licence the user gave on each of `shas` (the versions of one dataset). */
export async function saveLicense(
  shas: readonly string[],
  license: string,
): Promise<Result<true, ActionError>> {
  const db = await appDb();
  if (!db.ok) return db;
  let failed: ActionError | null = null;
  for (const sha256 of shas) {
    const saved = await updateDatasetDetails(db.value, sha256, { license: license.trim() });
    if (!saved.ok) {
      failed = saved.error;
      break;
    }
  }
  await refresh();
  return failed === null ? ok(true) : err(failed);
}
