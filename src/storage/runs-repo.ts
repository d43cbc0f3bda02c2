/**
 * Finished runs in IndexedDB (core/runs/stored-run.ts). Records written by any past version are
 * migrated and checked on the way out; one that does not read is reported by id and left in
 * storage, never deleted or passed off as a run. Every function returns a Result and never rejects.
 */
import type { StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import {
  parseStoredRun,
  recordId,
  type RunPatch,
  type StoredRun,
  type UnreadableRecord,
} from '../core/runs/stored-run';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

/** Stores the run (replacing one with the same id); resolves once committed. */
export const saveRun = (db: GradlabDb, run: StoredRun): Promise<Result<void, WriteError>> =>
  write(db, ['runs'], `save the run "${run.name}"`, async (tx) => {
    await tx.objectStore('runs').put(run);
  });

export interface RunList {
  /** Newest first. */
  runs: StoredRun[];
  /** Records this version cannot read, by id, with why. */
  unreadable: UnreadableRecord[];
}

/** Every run, newest first, and the records that could not be read. */
export async function listRuns(db: GradlabDb): Promise<Result<RunList, StorageUnavailableError>> {
  let records: unknown[];
  try {
    records = await db.getAllFromIndex('runs', 'by-created');
  } catch (error) {
    return err(toReadError(error, 'read the saved runs'));
  }
  const list: RunList = { runs: [], unreadable: [] };
  for (const record of records.reverse()) {
    const run = parseStoredRun(record);
    if (run.ok) list.runs.push(run.value);
    else list.unreadable.push({ id: recordId(record), message: run.error.message });
  }
  return ok(list);
}

/** One run, or null when it is not stored. */
export async function loadRun(
  db: GradlabDb,
  id: string,
): Promise<Result<StoredRun | null, StorageUnavailableError | StorageCorruptError>> {
  let record: unknown;
  try {
    record = await db.get('runs', id);
  } catch (error) {
    return err(toReadError(error, 'read a saved run'));
  }
  return record === undefined ? ok(null) : parseStoredRun(record);
}

/**
 * Renames or retags a run in one transaction; the updated run, or null when it is gone. A record
 * that cannot be read is not rewritten.
 */
export const updateRun = (
  db: GradlabDb,
  id: string,
  patch: RunPatch,
): Promise<Result<StoredRun | null, WriteError | StorageCorruptError>> =>
  write(db, ['runs'], 'change the run', async (tx) => {
    const store = tx.objectStore('runs');
    const stored: unknown = await store.get(id);
    if (stored === undefined) return ok(null);
    const run = parseStoredRun(stored);
    if (!run.ok) return run;
    const updated: StoredRun = { ...run.value, ...patch };
    await store.put(updated);
    return ok(updated);
  }).then((written) => (written.ok ? written.value : written));

/** True when the run was there. */
export const deleteRun = (db: GradlabDb, id: string): Promise<Result<boolean, WriteError>> =>
  write(db, ['runs'], 'delete the run', async (tx) => {
    const store = tx.objectStore('runs');
    const existed = (await store.getKey(id)) !== undefined;
    await store.delete(id);
    return existed;
  });
