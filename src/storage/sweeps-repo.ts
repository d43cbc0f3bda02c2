/**
 * Sweeps and their queues in IndexedDB (core/sweep/sweep.ts), so a sweep goes on after a reload.
 * Records of any past format are migrated and checked on the way out (parseSweepRecord); one that
 * does not read is reported by id and left in storage, never deleted or passed off as a sweep. A
 * trial's run is saved in the same transaction as the record that marks the trial ended, so after
 * a crash a trial is ended exactly when its run is stored. One tab runs sweeps; the others change
 * a stored one in place (updateSweep), and the running tab's saves (`ifStatus`) notice that
 * rather than overwrite it. Every function returns a Result and never rejects.
 */
import type { StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import { recordId, type StoredRun, type UnreadableRecord } from '../core/runs/stored-run';
import type { SweepRecord, SweepStatus } from '../core/sweep/sweep';
import { parseSweepRecord } from '../core/sweep/validate';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

/** The id a stored sweep record gives itself, for naming it when it cannot be read. */
const sweepRecordId = (value: unknown): string =>
  recordId(typeof value === 'object' && value !== null && 'sweep' in value ? value.sweep : value);

/** What a save found instead of the status it expected: another tab changed or deleted the sweep. */
export interface SweepSave {
  saved: boolean;
  /** The sweep as stored when the save was refused (null: deleted); else the record saved. */
  stored: SweepRecord | null;
}

export interface SaveSweepOptions {
  /** Runs trials ended with, saved with the record that says they ended. */
  runs?: readonly StoredRun[];
  /**
   * Save only if the stored sweep still has this status (the one this tab last saved): a pause,
   * resume, stop or deletion from another tab is then seen, not overwritten.
   */
  ifStatus?: SweepStatus;
}

/**
 * Stores the record (replacing the one with its sweep's id) and, when given, the runs trials
 * ended with; resolves once all are committed, or with what was found when `ifStatus` refused.
 */
export const saveSweep = (
  db: GradlabDb,
  record: SweepRecord,
  options: SaveSweepOptions = {},
): Promise<Result<SweepSave, WriteError>> =>
  write(db, ['sweeps', 'runs'], `save the sweep "${record.sweep.name}"`, async (tx) => {
    const sweeps = tx.objectStore('sweeps');
    if (options.ifStatus !== undefined) {
      const found: unknown = await sweeps.get(record.sweep.id);
      if (found === undefined) return { saved: false, stored: null };
      const stored = parseSweepRecord(found);
      // A record that no longer reads is replaced by the good one this tab holds.
      if (stored.ok && stored.value.status !== options.ifStatus) {
        return { saved: false, stored: stored.value };
      }
    }
    const runs = tx.objectStore('runs');
    await Promise.all([sweeps.put(record), ...(options.runs ?? []).map((run) => runs.put(run))]);
    return { saved: true, stored: record };
  });

/**
 * Changes a stored sweep in one transaction (a tab that does not run it pausing it, say); the
 * changed record, or null when it is gone. A record that cannot be read is not rewritten.
 */
export const updateSweep = (
  db: GradlabDb,
  id: string,
  change: (record: SweepRecord) => SweepRecord,
): Promise<Result<SweepRecord | null, WriteError | StorageCorruptError>> =>
  write(db, ['sweeps'], 'change the sweep', async (tx) => {
    const store = tx.objectStore('sweeps');
    const found: unknown = await store.get(id);
    if (found === undefined) return ok(null);
    const stored = parseSweepRecord(found);
    if (!stored.ok) return stored;
    const changed = change(stored.value);
    await store.put(changed);
    return ok(changed);
  }).then((written) => (written.ok ? written.value : written));

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
