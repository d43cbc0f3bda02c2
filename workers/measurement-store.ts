/**
 * Auto's backend measurements kept in IndexedDB (one `settings` record, see
 * core/train/measurement-cache.ts), so a reload trains at once on the backend measured before.
 * Storage that cannot be opened or written only costs a measurement next time.
 */
import type { StorageUnavailableError } from '../src/core/errors';
import type { Result } from '../src/core/result';
import {
  MEASUREMENTS_SETTING,
  readRemembered,
  remember,
} from '../src/core/train/measurement-cache';
import type { MeasurementStore } from '../src/engine/train/choose-backend';
import type { GradlabDb } from '../src/storage/open';
import { getSetting, putSetting } from '../src/storage/settings-repo';

export function measurementStore(
  openDb: () => Promise<Result<GradlabDb, StorageUnavailableError>>,
): MeasurementStore {
  const readAll = async () => {
    const db = await openDb();
    if (!db.ok) return null;
    return {
      db: db.value,
      entries: (await getSetting(db.value, MEASUREMENTS_SETTING, readRemembered)) ?? {},
    };
  };
  return {
    async read(key) {
      const all = await readAll();
      return all?.entries[key] ?? null;
    },
    async write(key, entry) {
      const all = await readAll();
      if (all) await putSetting(all.db, MEASUREMENTS_SETTING, remember(all.entries, key, entry));
    },
  };
}
