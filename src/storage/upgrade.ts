/**
 * Schema upgrades, one cumulative block per version: a browser holding version k runs every block
 * after k, in order, inside the single versionchange transaction IndexedDB gives the upgrade.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { GradlabSchema } from './schema';

export function upgradeGradlabDb(
  db: IDBPDatabase<GradlabSchema>,
  oldVersion: number,
  newVersion: number | null,
  transaction: IDBPTransaction<GradlabSchema, StoreNames<GradlabSchema>[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const datasets = db.createObjectStore('datasets', { keyPath: 'sha256' });
    datasets.createIndex('by-source', 'sourceKey');
    datasets.createIndex('by-last-used', 'lastUsed');
    db.createObjectStore('chunks');
    db.createObjectStore('notebooks', { keyPath: 'id' });
    db.createObjectStore('versions', { keyPath: 'id' });
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('by-created', 'createdAt');
    db.createObjectStore('checkpoints', { keyPath: 'runId' });
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // "Resume" asks for the newest checkpoint; without an index it would read every one's weights.
    transaction.objectStore('checkpoints').createIndex('by-saved', 'savedAt');
  }
  if (oldVersion < 3) {
    // Sweeps are listed newest first, as runs are.
    const sweeps = db.createObjectStore('sweeps', { keyPath: 'sweep.id' });
    sweeps.createIndex('by-created', 'sweep.createdAt');
  }
}
