/**
 * Finished runs in IndexedDB: what was trained (the job), on what (dataset hash, backend), how it
 * went (per-epoch metrics, duration, speed) and the final weights, so runs can be compared and
 * reopened. Records written by any past version are parsed on the way out; one that does not
 * parse is passed over, never deleted. Every function returns a Result and never rejects.
 */
import type { BackendName, TrainJob } from '../core/protocol';
import { StorageUnavailableError } from '../core/errors';
import type { EpochRecord } from '../core/runs/epoch';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { describeError, toStorageError } from './quota';
import { abortQuietly, rootCause, type WriteError } from './transaction-errors';

/** The model at the end of the run, in the TF.js layers format (`model.json` + `weights.bin`). */
export interface RunWeights {
  modelJson: string;
  data: ArrayBuffer;
}

/** A type alias, not an interface: the store's record type is an index signature. */
export type StoredRun = {
  id: string;
  name: string;
  tags: string[];
  /** ISO-8601 time the run started. */
  createdAt: string;
  /** The experiment as it was when the run started. */
  job: TrainJob;
  /** SHA-256 of the stored dataset's bytes; null for generated datasets, which the ref pins. */
  datasetSha256: string | null;
  backend: BackendName | null;
  /** The WebGPU adapter (`vendor / architecture`) or WebGL renderer; null when none applies. */
  adapter: string | null;
  seed: number;
  epochs: EpochRecord[];
  /** Time spent running, pauses excluded. */
  durationMs: number;
  /** Training speed last reported; null when the worker reported none. */
  samplesPerSec: number | null;
  appVersion: string;
  /** Null when the worker could not export the model. */
  weights: RunWeights | null;
};

export type RunPatch = Partial<Pick<StoredRun, 'name' | 'tags'>>;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const isNullableNumber = (x: unknown): boolean => x === null || typeof x === 'number';

function isEpochRecord(x: unknown): x is EpochRecord {
  return (
    isObject(x) &&
    typeof x.epoch === 'number' &&
    typeof x.trainLoss === 'number' &&
    isNullableNumber(x.trainAccuracy) &&
    isNullableNumber(x.validationLoss) &&
    isNullableNumber(x.validationAccuracy)
  );
}

function isJob(x: unknown): x is TrainJob {
  return (
    isObject(x) &&
    isObject(x.dataset) &&
    isObject(x.model) &&
    Array.isArray(x.model.layers) &&
    isObject(x.config) &&
    typeof x.gridResolution === 'number'
  );
}

function isWeights(x: unknown): x is RunWeights | null {
  return (
    x === null || (isObject(x) && typeof x.modelJson === 'string' && x.data instanceof ArrayBuffer)
  );
}

/** The record as a StoredRun, or null when it is not one (damaged, or from a foreign writer). */
export function parseStoredRun(value: unknown): StoredRun | null {
  if (!isObject(value)) return null;
  const v = value;
  const valid =
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    Array.isArray(v.tags) &&
    v.tags.every((t) => typeof t === 'string') &&
    typeof v.createdAt === 'string' &&
    isJob(v.job) &&
    (v.datasetSha256 === null || typeof v.datasetSha256 === 'string') &&
    (v.backend === null || typeof v.backend === 'string') &&
    (v.adapter === null || typeof v.adapter === 'string') &&
    typeof v.seed === 'number' &&
    Array.isArray(v.epochs) &&
    v.epochs.every(isEpochRecord) &&
    typeof v.durationMs === 'number' &&
    isNullableNumber(v.samplesPerSec) &&
    typeof v.appVersion === 'string' &&
    isWeights(v.weights);
  return valid ? (value as StoredRun) : null;
}

/** Stores the run (replacing one with the same id); resolves once committed. */
export async function saveRun(db: GradlabDb, run: StoredRun): Promise<Result<void, WriteError>> {
  const what = `save the run "${run.name}"`;
  let tx;
  try {
    tx = db.transaction('runs', 'readwrite');
  } catch (error) {
    return err(toStorageError(error, what));
  }
  const done = tx.done;
  // The put's failure aborts the transaction, so `done` rejects too; one of them answers.
  done.catch(() => undefined);
  try {
    await Promise.all([tx.store.put(run), done]);
    return ok(undefined);
  } catch (error) {
    const cause = rootCause(tx, error);
    abortQuietly(tx);
    return err(toStorageError(cause, what));
  }
}

/** Every readable run, newest first. */
export async function listRuns(
  db: GradlabDb,
): Promise<Result<StoredRun[], StorageUnavailableError>> {
  try {
    const records = await db.getAllFromIndex('runs', 'by-created');
    const runs = records.flatMap((r) => {
      const run = parseStoredRun(r);
      return run ? [run] : [];
    });
    return ok(runs.reverse());
  } catch (error) {
    return err(
      new StorageUnavailableError(
        `Could not read the saved runs: the browser's storage refused it (${describeError(error)}). ` +
          'Reload the page and try again.',
      ),
    );
  }
}

/** Renames or retags a run in one transaction; the updated run, or null when it is gone. */
export async function updateRun(
  db: GradlabDb,
  id: string,
  patch: RunPatch,
): Promise<Result<StoredRun | null, WriteError>> {
  const what = 'change the run';
  let tx;
  try {
    tx = db.transaction('runs', 'readwrite');
  } catch (error) {
    return err(toStorageError(error, what));
  }
  const done = tx.done;
  done.catch(() => undefined);
  try {
    const run = parseStoredRun(await tx.store.get(id));
    if (run === null) {
      await done;
      return ok(null);
    }
    const updated: StoredRun = { ...run, ...patch };
    await Promise.all([tx.store.put(updated), done]);
    return ok(updated);
  } catch (error) {
    return err(toStorageError(rootCause(tx, error), what));
  }
}

/** True when the run was there. */
export async function deleteRun(db: GradlabDb, id: string): Promise<Result<boolean, WriteError>> {
  try {
    const tx = db.transaction('runs', 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    const existed = (await tx.store.getKey(id)) !== undefined;
    await Promise.all([tx.store.delete(id), done]);
    return ok(existed);
  } catch (error) {
    return err(toStorageError(error, 'delete the run'));
  }
}
