import 'fake-indexeddb/auto';
import { openDB, unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { GradlabDb } from './open';
import type { SweepRecord } from '../core/sweep/sweep';
import { encodePacked, type PackedDataset } from '../core/data/packed';
import { StoredDatasetSchema } from '../core/data/stored-dataset';
import { firstVersion } from '../core/data/versions/lineage';
import { relabelled, shippedMnist } from '../core/data/versions/test-mnist';
import { sha256Hex } from '../core/hash';
import { deleteDataset, readDatasetBytes, storedPieceBytes } from './datasets-repo';
import { DB_VERSION, type GradlabSchema } from './schema';
import { sameBytes } from './test-datasets';
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
  'pieces',
  'notebooks',
  'versions',
  'runs',
  'checkpoints',
  'settings',
  'sweeps',
] as const;

const SAMPLE_BYTES = new Uint8Array([1, 2, 3, 4]).buffer;

/** Version 1's record of SAMPLE_BYTES, after the upgrade to pieces and versions. */
async function expectSampleMoved(db: GradlabDb) {
  const sha256 = await sha256Hex(new Uint8Array(SAMPLE_BYTES));
  expect(await db.get('datasets', 'ab12')).toEqual({
    sha256: 'ab12',
    sourceKey: 'shipped:iris',
    lastUsed: 'x',
    pieces: [{ sha256, byteLength: 4 }],
    lineage: firstVersion('ab12'),
    currentSince: expect.any(String),
    license: '',
    flags: [],
  });
  expect(await db.get('pieces', sha256)).toEqual(SAMPLE_BYTES);
}

/** The bytes of version 3's datasets: 1 MiB chunks, [sha256, n] -> chunk n. */
const V3_CHUNK_BYTES = 1024 * 1024;

/** 3,000 MNIST digits (2.4 MB, three chunks) and the same with one digit relabelled. */
const digits = ((): PackedDataset => {
  const mnist = shippedMnist();
  const count = 3000;
  const size = 28 * 28;
  return {
    header: { ...mnist.header, count },
    x: mnist.x.slice(0, count * size),
    y: mnist.y.slice(0, count),
  };
})();
const V3_DATASETS = [encodePacked(digits), encodePacked(relabelled(digits, 1234))];

/** A dataset record as version 3 wrote it: chunkCount, no version fields. */
const v3Record = (sha256: string, bytes: Uint8Array, name: string) => ({
  sha256,
  name,
  header: digits.header,
  byteLength: bytes.length,
  chunkCount: Math.ceil(bytes.length / V3_CHUNK_BYTES),
  source: { kind: 'file', fileName: `${name}.gds`, format: 'packed' },
  sourceKey: `file:${name}.gds`,
  sourceSha256: null,
  createdAt: '2025-03-01T00:00:00.000Z',
  lastUsed: '2025-03-02T00:00:00.000Z',
  classCounts: [],
  columns: null,
  notes: [],
});

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
      await expectSampleMoved(db);
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
  {
    version: 3,
    seed: async (name) => {
      const db = await openDB(name, 3, {
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
          const sweeps = database.createObjectStore('sweeps', { keyPath: 'sweep.id' });
          sweeps.createIndex('by-created', 'sweep.createdAt');
        },
      });
      for (const [i, bytes] of V3_DATASETS.entries()) {
        const sha256 = await sha256Hex(bytes);
        await db.put('datasets', v3Record(sha256, bytes, `digits-${i}`));
        for (let n = 0; n * V3_CHUNK_BYTES < bytes.length; n++) {
          const chunk = bytes.slice(n * V3_CHUNK_BYTES, (n + 1) * V3_CHUNK_BYTES).buffer;
          await db.put('chunks', chunk, [sha256, n]);
        }
      }
      // A dataset that had already lost its second chunk.
      const damaged = V3_DATASETS[0]!.slice(0, V3_CHUNK_BYTES * 2 + 10);
      const damagedSha = await sha256Hex(damaged);
      await db.put('datasets', v3Record(damagedSha, damaged, 'damaged'));
      await db.put('chunks', damaged.slice(0, V3_CHUNK_BYTES).buffer, [damagedSha, 0]);
      await db.put('chunks', damaged.slice(V3_CHUNK_BYTES * 2).buffer, [damagedSha, 2]);
      await db.put('runs', { id: 'run-3', createdAt: '2025-07-01T00:00:00.000Z' });
      db.close();
    },
    expectSurvived: async (db) => {
      const [original, relabel] = await Promise.all(V3_DATASETS.map((bytes) => sha256Hex(bytes)));
      for (const [i, sha256] of [original!, relabel!].entries()) {
        const read = await readDatasetBytes(db, sha256, { verify: true });
        expect(read.ok && sameBytes(read.value, V3_DATASETS[i]!)).toBe(true);
        const record = await db.get('datasets', sha256);
        // Each is the first version of its own line, current since it was stored.
        expect(v.parse(StoredDatasetSchema, record)).toMatchObject({
          name: `digits-${i}`,
          lineage: firstVersion(sha256),
          currentSince: '2025-03-01T00:00:00.000Z',
          lastUsed: '2025-03-02T00:00:00.000Z',
          license: '',
          flags: [],
        });
        expect(record).not.toHaveProperty('chunkCount');
        expect(await db.getAllKeysFromIndex('datasets', 'by-line', sha256)).toEqual([sha256]);
      }
      // The two share every piece but the one around the relabelled digit.
      const [bytes] = V3_DATASETS;
      const held = await storedPieceBytes(db);
      expect(held).toBeLessThan(bytes!.length * 1.05);
      const damagedSha = (await db.getAllKeys('datasets')).find(
        (key) => key !== original && key !== relabel,
      );
      const damaged = await readDatasetBytes(db, damagedSha!);
      expect(!damaged.ok && damaged.error.code).toBe('storage-corrupt');
      expect(!damaged.ok && damaged.error.message).toContain('"damaged" is damaged');
      // Deleting the damaged one and the original leaves the relabelled copy whole.
      expect((await deleteDataset(db, damagedSha!)).ok).toBe(true);
      expect((await deleteDataset(db, original!)).ok).toBe(true);
      const kept = await readDatasetBytes(db, relabel!, { verify: true });
      expect(kept.ok).toBe(true);
      expect(await storedPieceBytes(db)).toBe(bytes!.length);
      expect(await db.getAllKeysFromIndex('runs', 'by-created')).toEqual(['run-3']);
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
    indexes: {
      'by-source': 'sourceKey',
      'by-last-used': 'lastUsed',
      'by-line': 'lineage.lineId',
    },
  },
  pieces: { keyPath: null, indexes: {} },
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
