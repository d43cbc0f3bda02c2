/**
 * The sweeps this tab changed and has not saved yet, and the one queue that saves them, in order.
 * A sweep's newest record replaces an older one still waiting, with the runs of the trials it
 * ended saved in the same transaction. A save that storage refuses (a full disk) keeps the record
 * and its runs here, where the page reads them instead of storage's older copy, until a later
 * save or Retry gets them through. Each save expects the status this tab last saw stored, so a
 * change another tab made meanwhile is reported (`onConflict`), not overwritten.
 */
import type { StorageUnavailableError } from '../../core/errors';
import type { Result } from '../../core/result';
import type { StoredRun } from '../../core/runs/stored-run';
import type { SweepRecord, SweepStatus } from '../../core/sweep/sweep';
import type { GradlabDb } from '../../storage/open';
import { saveSweep } from '../../storage/sweeps-repo';

export interface SweepSavesOptions {
  openDb: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  /** The record (and these runs) are in storage now. */
  onSaved(record: SweepRecord, runs: readonly StoredRun[]): void;
  /** Storage holds another status for the sweep (`stored`), or none (null: it was deleted). */
  onConflict(id: string, stored: SweepRecord | null): void;
  /** A save failed; what waits is kept and tried again with the next save or `retry`. */
  onError(message: string): void;
}

export interface SweepSaves {
  save(record: SweepRecord, runs?: readonly StoredRun[]): void;
  /** The record of a sweep waiting to be saved: newer than storage's. */
  pending(id: string): SweepRecord | undefined;
  /** The status storage holds, as this tab last saved or read it; undefined when not known. */
  storedStatus(id: string): SweepStatus | undefined;
  /** What this tab just read from storage. */
  read(record: SweepRecord): void;
  /** Forgets what waits for a sweep (another tab's change wins, or it was deleted). */
  drop(id: string): void;
  /** Tries again what waits. */
  retry(): void;
  /** Resolves once every save queued so far has been tried. */
  settled(): Promise<void>;
}

interface Waiting {
  record: SweepRecord;
  runs: StoredRun[];
}

export function createSweepSaves(options: SweepSavesOptions): SweepSaves {
  const waiting = new Map<string, Waiting>();
  const statuses = new Map<string, SweepStatus>();
  let queue: Promise<void> = Promise.resolve();

  /** Tries each waiting sweep once; a failure leaves it (and the rest) waiting. */
  async function flush(): Promise<void> {
    for (const [id, entry] of [...waiting]) {
      if (waiting.get(id) !== entry) continue;
      const { record } = entry;
      const runs = [...entry.runs];
      const db = await options.openDb();
      if (!db.ok) {
        options.onError(db.error.message);
        return;
      }
      const saved = await saveSweep(db.value, record, { runs, ifStatus: statuses.get(id) });
      if (!saved.ok) {
        options.onError(saved.error.message);
        return;
      }
      if (!saved.value.saved) {
        const stored = saved.value.stored;
        if (stored === null) statuses.delete(id);
        else statuses.set(id, stored.status);
        options.onConflict(id, stored);
        continue;
      }
      statuses.set(id, record.status);
      entry.runs = entry.runs.filter((run) => !runs.includes(run));
      if (entry.record === record && entry.runs.length === 0) waiting.delete(id);
      options.onSaved(record, runs);
    }
  }

  const again = () => {
    queue = queue.then(flush);
  };

  return {
    save(record, runs = []) {
      const id = record.sweep.id;
      const entry = waiting.get(id);
      if (entry === undefined) waiting.set(id, { record, runs: [...runs] });
      else {
        entry.record = record;
        entry.runs.push(...runs);
      }
      again();
    },
    pending: (id) => waiting.get(id)?.record,
    storedStatus: (id) => statuses.get(id),
    read(record) {
      statuses.set(record.sweep.id, record.status);
    },
    drop(id) {
      waiting.delete(id);
    },
    retry: again,
    settled: () => queue,
  };
}
