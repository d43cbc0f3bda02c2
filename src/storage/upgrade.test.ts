import 'fake-indexeddb/auto';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import type { GradlabDb } from './open';
import type { SweepRecord } from '../core/sweep/sweep';
import { DB_VERSION, type GradlabSchema } from './schema';
import { upgradeGradlabDb } from './upgrade';

/**
 * Every schema a browser may still hold. `seed` builds that version's database exactly as it
 * shipped (written out here, never taken from upgrade.ts, which moves on) and puts sample data in
 * it; `expectSurvived` checks that data after the upgrade. Each new version adds a row for the one
 * before it.
 */
interface OlderVersion {
  version: number;
  seed(name: string): Promise<void>;
  expectSurvived(db: GradlabDb): Promise<void>;
}

const STORE_NAMES = [
  'datasets',
  'chunks',
  'notebooks',
  'versions',
  'runs',
  'checkpoints',
  'settings',
  'sweeps',
] as const;

const SAMPLE_BYTES = new Uint8Array([1, 2, 3, 4]).buffer;

const OLDER_VERSIONS: OlderVersion[] = [
  {
    version: 0,
    // No database yet: the first visit.
    seed: async () => undefined,
    expectSurvived: async (db) => {
      for (const store of STORE_NAMES) expect(await db.count(store)).toBe(0);
    },
  },
  {
    version: 1,
    seed: async (name) => {
      const db = await openDB(name, 1, {
        upgrade: (database) => {
          const datasets = database.createObjectStore('datasets', { keyPath: 'sha256' });
          datasets.createIndex('by-source', 'sourceKey');
          datasets.createIndex('by-last-used', 'lastUsed');
          database.createObjectStore('chunks');
          database.createObjectStore('notebooks', { keyPath: 'id' });
          database.createObjectStore('versions', { keyPath: 'id' });
          const runs = database.createObjectStore('runs', { keyPath: 'id' });
          runs.createIndex('by-created', 'createdAt');
          database.createObjectStore('checkpoints', { keyPath: 'runId' });
          database.createObjectStore('settings');
        },
      });
      await db.put('datasets', { sha256: 'ab12', sourceKey: 'shipped:iris', lastUsed: 'x' });
      await db.put('chunks', SAMPLE_BYTES, ['ab12', 0]);
      await db.put('runs', { id: 'run-1', createdAt: '2025-01-01T00:00:00.000Z' });
      await db.put('settings', 'webgl', 'backend');
      db.close();
    },
    expectSurvived: async (db) => {
      expect(await db.getAllKeysFromIndex('datasets', 'by-source', 'shipped:iris')).toEqual([
        'ab12',
      ]);
      expect(await db.get('chunks', ['ab12', 0])).toEqual(SAMPLE_BYTES);
      expect(await db.getAllKeysFromIndex('runs', 'by-created')).toEqual(['run-1']);
      expect(await db.get('settings', 'backend')).toBe('webgl');
      expect(await db.count('checkpoints')).toBe(0);
      expect(await db.count('sweeps')).toBe(0);
    },
  },
  {
    version: 2,
    seed: async (name) => {
      const db = await openDB(name, 2, {
        upgrade: (database) => {
          const datasets = database.createObjectStore('datasets', { keyPath: 'sha256' });
          datasets.createIndex('by-source', 'sourceKey');
          datasets.createIndex('by-last-used', 'lastUsed');
          database.createObjectStore('chunks');
          database.createObjectStore('notebooks', { keyPath: 'id' });
          database.createObjectStore('versions', { keyPath: 'id' });
          const runs = database.createObjectStore('runs', { keyPath: 'id' });
          runs.createIndex('by-created', 'createdAt');
          const checkpoints = database.createObjectStore('checkpoints', { keyPath: 'runId' });
          checkpoints.createIndex('by-saved', 'savedAt');
          database.createObjectStore('settings');
        },
      });
      await db.put('runs', { id: 'run-2', createdAt: '2025-06-01T00:00:00.000Z' });
      await db.put('checkpoints', { runId: 'run-2', savedAt: '2025-06-01T00:01:00.000Z' });
      db.close();
    },
    expectSurvived: async (db) => {
      expect(await db.getAllKeysFromIndex('runs', 'by-created')).toEqual(['run-2']);
      expect(await db.getAllKeysFromIndex('checkpoints', 'by-saved')).toEqual(['run-2']);
      expect(await db.count('sweeps')).toBe(0);
      // The new store takes a sweep record by its sweep's id and lists it by creation.
      const record = { sweep: { id: 'sweep-1', createdAt: '2025-06-02T00:00:00.000Z' } };
      await db.put('sweeps', record as unknown as SweepRecord);
      expect(await db.getAllKeysFromIndex('sweeps', 'by-created')).toEqual(['sweep-1']);
    },
  },
];

/** The schema DB_VERSION must have: key path and index key paths per store. */
const EXPECTED: Record<
  (typeof STORE_NAMES)[number],
  { keyPath: string | null; indexes: Record<string, string> }
> = {
  datasets: {
    keyPath: 'sha256',
    indexes: { 'by-source': 'sourceKey', 'by-last-used': 'lastUsed' },
  },
  chunks: { keyPath: null, indexes: {} },
  notebooks: { keyPath: 'id', indexes: {} },
  versions: { keyPath: 'id', indexes: {} },
  runs: { keyPath: 'id', indexes: { 'by-created': 'createdAt' } },
  checkpoints: { keyPath: 'runId', indexes: { 'by-saved': 'savedAt' } },
  settings: { keyPath: null, indexes: {} },
  sweeps: { keyPath: 'sweep.id', indexes: { 'by-created': 'sweep.createdAt' } },
};

describe('schema upgrades', () => {
  it('has a fixture for every version older than DB_VERSION', () => {
    expect(OLDER_VERSIONS.map((v) => v.version)).toEqual(
      Array.from({ length: DB_VERSION }, (_, i) => i),
    );
  });

  it.each(OLDER_VERSIONS)('upgrades version $version to DB_VERSION', async (older) => {
    const name = `upgrade-${older.version}-${crypto.randomUUID()}`;
    await older.seed(name);
    const seen: number[] = [];
    const db = await openDB<GradlabSchema>(name, DB_VERSION, {
      upgrade: (database, oldVersion, newVersion, transaction) => {
        seen.push(oldVersion);
        upgradeGradlabDb(database, oldVersion, newVersion, transaction);
      },
    });
    expect(seen).toEqual([older.version]);
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
    // The raw database, whose stores can be asked for any index by name.
    const tx = unwrap(db).transaction([...STORE_NAMES], 'readonly');
    for (const storeName of STORE_NAMES) {
      const store = tx.objectStore(storeName);
      const expected = EXPECTED[storeName];
      expect(store.keyPath, storeName).toBe(expected.keyPath);
      expect([...store.indexNames].sort(), storeName).toEqual(Object.keys(expected.indexes).sort());
      for (const [indexName, keyPath] of Object.entries(expected.indexes)) {
        const index = store.index(indexName);
        expect(index.keyPath, `${storeName}.${indexName}`).toBe(keyPath);
        expect(index.unique, `${storeName}.${indexName}`).toBe(false);
      }
    }
    await older.expectSurvived(db);
    db.close();
  });
});
