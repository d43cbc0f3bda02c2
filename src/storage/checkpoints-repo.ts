/**
 * Checkpoints in IndexedDB: one per run (keyed by runId), replaced at every save, so a run that
 * stops for any reason can resume from its last saved epoch. The `by-saved` index finds the newest
 * without reading every checkpoint's weights. Records are migrated and checked when read
 * (core/runs/checkpoint.ts). Every function returns a Result and never rejects.
 */
import type { StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import { parseCheckpoint, type Checkpoint } from '../core/runs/checkpoint';
import { recordId, type UnreadableRecord } from '../core/runs/stored-run';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

type ReadError = StorageCorruptError | StorageUnavailableError;

/** Stores the checkpoint in place of any earlier one of the same run; resolves once committed. */
export const saveCheckpoint = (
  db: GradlabDb,
  checkpoint: Checkpoint,
): Promise<Result<void, WriteError>> =>
  write(db, ['checkpoints'], `save the checkpoint of epoch ${checkpoint.epoch}`, async (tx) => {
    await tx.objectStore('checkpoints').put(checkpoint);
  });

/** The run's checkpoint, or null when it has none. */
export async function loadCheckpoint(
  db: GradlabDb,
  runId: string,
): Promise<Result<Checkpoint | null, ReadError>> {
  let value: unknown;
  try {
    value = await db.get('checkpoints', runId);
  } catch (error) {
    return err(toReadError(error, 'read a checkpoint'));
  }
  return value === undefined ? ok(null) : parseCheckpoint(value);
}

export interface LatestCheckpoint {
  /** The most recently saved checkpoint that reads; null when none. */
  checkpoint: Checkpoint | null;
  /** Newer checkpoints that could not be read (they can never be resumed), by run id. */
  unreadable: UnreadableRecord[];
}

/**
 * The newest readable checkpoint of any run but a sweep's trials (whose sweep resumes them itself),
 * for "Resume" after a reload.
 */
export async function latestCheckpoint(
  db: GradlabDb,
): Promise<Result<LatestCheckpoint, StorageUnavailableError>> {
  const unreadable: UnreadableRecord[] = [];
  try {
    const tx = db.transaction('checkpoints', 'readonly');
    let cursor = await tx.store.index('by-saved').openCursor(null, 'prev');
    while (cursor !== null) {
      const parsed = parseCheckpoint(cursor.value);
      if (parsed.ok && parsed.value.job.sweep === undefined) {
        return ok({ checkpoint: parsed.value, unreadable });
      }
      if (!parsed.ok) {
        unreadable.push({ id: recordId({ id: cursor.primaryKey }), message: parsed.error.message });
      }
      cursor = await cursor.continue();
    }
    return ok({ checkpoint: null, unreadable });
  } catch (error) {
    return err(toReadError(error, 'look for a checkpoint to resume'));
  }
}

/** True when the run had a checkpoint. */
export const deleteCheckpoint = (
  db: GradlabDb,
  runId: string,
): Promise<Result<boolean, WriteError>> =>
  write(db, ['checkpoints'], 'delete a checkpoint', async (tx) => {
    const store = tx.objectStore('checkpoints');
    const existed = (await store.getKey(runId)) !== undefined;
    await store.delete(runId);
    return existed;
  });

/** Deletes the checkpoints of these runs (a sweep's trials that need them no more) at once. */
export const deleteCheckpoints = (
  db: GradlabDb,
  runIds: readonly string[],
): Promise<Result<void, WriteError>> =>
  write(db, ['checkpoints'], "delete a sweep's checkpoints", async (tx) => {
    const store = tx.objectStore('checkpoints');
    await Promise.all(runIds.map((runId) => store.delete(runId)));
  });
