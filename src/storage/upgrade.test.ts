import 'fake-indexeddb/auto';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import type { GradlabDb } from './open';
import { DB_VERSION, type GradlabSchema } from './schema';
import { upgradeGradlabDb } from './upgrade';

/**
 * Every schema a browser may still hold. `seed` builds that version's database exactly as it
 * shipped (written out here, never taken from upgrade.ts, which moves on) and puts sample data in
 * it; `expectSurvived` checks that data after the upgrade. Version 2 adds a row for version 1.
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
] as const;

const OLDER_VERSIONS: OlderVersion[] = [
  {
    version: 0,
    // No database yet: the first visit.
    seed: async () => undefined,
    expectSurvived: async (db) => {
      for (const store of STORE_NAMES) expect(await db.count(store)).toBe(0);
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
  checkpoints: { keyPath: 'runId', indexes: {} },
  settings: { keyPath: null, indexes: {} },
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
      upgrade: (database, oldVersion) => {
        seen.push(oldVersion);
        upgradeGradlabDb(database, oldVersion);
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
