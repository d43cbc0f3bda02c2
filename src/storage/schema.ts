/**
 * The shape of the `gradlab` IndexedDB database, as `idb` types it. Bump DB_VERSION only together
 * with a new `if (oldVersion < n)` block in upgrade.ts and a row in upgrade.test.ts.
 *
 * The value types are what this version writes. What is read back may have been written by any
 * past version, so every repository reads it as unknown and through the record's own parser.
 */
import type { DBSchema } from 'idb';
import type { Bundle } from '../core/bundle/schema';
import type { StoredDataset } from '../core/data/stored-dataset';
import type { StoredNotebook } from '../core/notebook/stored-notebook';
import type { Checkpoint } from '../core/runs/checkpoint';
import type { StoredRun } from '../core/runs/stored-run';
import type { SweepRecord } from '../core/sweep/sweep';

export const DB_NAME = 'gradlab';
export const DB_VERSION = 4;

export interface GradlabSchema extends DBSchema {
  datasets: {
    key: string;
    value: StoredDataset;
    indexes: { 'by-source': string; 'by-last-used': string; 'by-line': string };
  };
  /**
   * A piece of some datasets' packed bytes, keyed by the SHA-256 of the piece: versions that share
   * content share its pieces, and a piece stays while any dataset lists it.
   */
  pieces: { key: string; value: ArrayBuffer };
  notebooks: { key: string; value: StoredNotebook };
  /** Saved versions of notebooks: bundles, keyed by their content id. */
  versions: { key: string; value: Bundle };
  runs: { key: string; value: StoredRun; indexes: { 'by-created': string } };
  /** A run's weights, optimizer state and curve; one per run. */
  checkpoints: { key: string; value: Checkpoint; indexes: { 'by-saved': string } };
  /** Sweeps with their queues, keyed by the sweep's id; their runs are in `runs`. */
  sweeps: { key: string; value: SweepRecord; indexes: { 'by-created': string } };
  /** Setting name -> a JSON value; readers validate what they get (settings-repo.ts). */
  settings: { key: string; value: unknown };
}
