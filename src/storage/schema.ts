/**
 * The shape of the `gradlab` IndexedDB database, as `idb` types it. Bump DB_VERSION only together
 * with a new `if (oldVersion < n)` block in upgrade.ts and a row in upgrade.test.ts.
 */
import type { DBSchema } from 'idb';
import type { Checkpoint } from '../core/runs/checkpoint';
import type { StoredDataset } from '../core/data/stored-dataset';

export const DB_NAME = 'gradlab';
export const DB_VERSION = 2;

/** Records of stores whose contents later work defines; only the key is fixed here. */
export type NotebookRecord = { id: string } & Record<string, unknown>;
export type VersionRecord = { id: string } & Record<string, unknown>;
export type RunRecord = { id: string; createdAt: string } & Record<string, unknown>;
/** A run's weights, optimizer state and curve (core/train/checkpoint.ts); one per run. */
export type CheckpointRecord = Checkpoint;

export interface GradlabSchema extends DBSchema {
  datasets: {
    key: string;
    value: StoredDataset;
    indexes: { 'by-source': string; 'by-last-used': string };
  };
  /** [sha256 of the dataset, chunk index] -> that chunk's bytes. */
  chunks: { key: [string, number]; value: ArrayBuffer };
  notebooks: { key: string; value: NotebookRecord };
  versions: { key: string; value: VersionRecord };
  runs: { key: string; value: RunRecord; indexes: { 'by-created': string } };
  checkpoints: { key: string; value: CheckpointRecord; indexes: { 'by-saved': string } };
  /** Setting name -> a JSON value; readers validate what they get (settings-repo.ts). */
  settings: { key: string; value: unknown };
}
