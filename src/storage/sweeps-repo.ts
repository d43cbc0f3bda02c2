/**
 * Sweeps and their queues in IndexedDB (core/sweep/sweep.ts), so a sweep goes on after a reload.
 * Records of any past format are migrated and checked on the way out (parseSweepRecord); one that
 * does not read is reported by id and left in storage, never deleted or passed off as a sweep. A
 * trial's run is saved in the same transaction as the record that marks the trial ended, so after
 * a crash a trial is ended exactly when its run is stored. Every function returns a Result and
 * never rejects.
 */
import type { StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import { recordId, type StoredRun, type UnreadableRecord } from '../core/runs/stored-run';
import type { SweepRecord } from '../core/sweep/sweep';
import { parseSweepRecord } from '../core/sweep/validate';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

/** The id a stored sweep record gives itself, for naming it when it cannot be read. */
const sweepRecordId = (value: unknown): string =>
  recordId(typeof value === 'object' && value !== null && 'sweep' in value ? value.sweep : value);

/**
 * Stores the record (replacing the one with its sweep's id) and, when given, the run a trial
 * just ended with; resolves once both are committed.
 */
export const saveSweep = (
  db: GradlabDb,
  record: SweepRecord,
  run?: StoredRun,
): Promise<Result<void, WriteError>> =>
  write(db, ['sweeps', 'runs'], `save the sweep "${record.sweep.name}"`, async (tx) => {
    await Promise.all([
      tx.objectStore('sweeps').put(record),
      ...(run === undefined ? [] : [tx.objectStore('runs').put(run)]),
    ]);
  });

export interface SweepList {
  /** Newest first. */
  sweeps: SweepRecord[];
  /** Records this version cannot read, by id, with why. */
  unreadable: UnreadableRecord[];
}

/** Every sweep, newest first, and the records that could not be read. */
export async function listSweeps(
  db: GradlabDb,
): Promise<Result<SweepList, StorageUnavailableError>> {
  let records: unknown[];
  try {
    records = await db.getAllFromIndex('sweeps', 'by-created');
  } catch (error) {
    return err(toReadError(error, 'read the saved sweeps'));
  }
  const list: SweepList = { sweeps: [], unreadable: [] };
  for (const record of records.reverse()) {
    const sweep = parseSweepRecord(record);
    if (sweep.ok) list.sweeps.push(sweep.value);
    else list.unreadable.push({ id: sweepRecordId(record), message: sweep.error.message });
  }
  return ok(list);
}

/** One sweep, or null when it is not stored. */
export async function loadSweep(
  db: GradlabDb,
  id: string,
): Promise<Result<SweepRecord | null, StorageUnavailableError | StorageCorruptError>> {
  let record: unknown;
  try {
    record = await db.get('sweeps', id);
  } catch (error) {
    return err(toReadError(error, 'read a saved sweep'));
  }
  return record === undefined ? ok(null) : parseSweepRecord(record);
}

/** Deletes the sweep's record (its runs stay); true when it was there. */
export const deleteSweep = (db: GradlabDb, id: string): Promise<Result<boolean, WriteError>> =>
  write(db, ['sweeps'], 'delete the sweep', async (tx) => {
    const store = tx.objectStore('sweeps');
    const existed = (await store.getKey(id)) !== undefined;
    await store.delete(id);
    return existed;
  });
