import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PackedHeader } from '../core/data/packed';
import { sha256Hex } from '../core/hash';
import {
  sourceKeyOf,
  versionFields,
  type DatasetSource,
  type StoredDataset,
} from '../core/data/stored-dataset';
import {
  CHUNK_BYTES,
  deleteDataset,
  findDatasetBySource,
  getDataset,
  listDatasets,
  readDatasetBytes,
  saveDataset,
  touchDataset,
} from './datasets-repo';
import { openGradlabDb, type GradlabDb } from './open';

const header: PackedHeader = {
  name: 'test',
  kind: 'tabular',
  task: 'regression',
  count: 0,
  inputShape: [1],
  xType: 'float32',
  classNames: [],
  featureNames: ['x'],
};

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `datasets-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

/** Bytes that differ at every chunk boundary, so a chunk put in the wrong place shows. */
function bytesOf(length: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + (i >>> 10) + seed) & 0xff;
  return bytes;
}

async function recordFor(
  bytes: Uint8Array,
  options: { name?: string; lastUsed?: string; source?: DatasetSource } = {},
): Promise<Omit<StoredDataset, 'byteLength' | 'chunkCount'>> {
  const source = options.source ?? { kind: 'file', fileName: 'data.csv', format: 'csv' };
  const sha256 = await sha256Hex(bytes);
  return {
    sha256,
    ...versionFields(sha256, '2024-01-01T00:00:00.000Z'),
    name: options.name ?? 'data',
    header,
    source,
    sourceKey: sourceKeyOf(source),
    sourceSha256: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    lastUsed: options.lastUsed ?? '2024-01-01T00:00:00.000Z',
    classCounts: [],
    columns: null,
    notes: [],
  };
}

async function save(db: GradlabDb, bytes: Uint8Array, options?: Parameters<typeof recordFor>[1]) {
  const saved = await saveDataset(db, await recordFor(bytes, options), bytes);
  if (!saved.ok) throw saved.error;
  return saved.value;
}

/** Element by element: toEqual walks megabyte arrays too slowly. */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

const chunksOf = (db: GradlabDb, sha256: string) =>
  db.count('chunks', IDBKeyRange.bound([sha256, 0], [sha256, Infinity]));

describe('saveDataset and readDatasetBytes', () => {
  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['one byte short of a chunk', CHUNK_BYTES - 1],
    ['exactly one chunk', CHUNK_BYTES],
    ['one byte into a second chunk', CHUNK_BYTES + 1],
    ['two and a half chunks', CHUNK_BYTES * 2.5],
  ])('round-trips %s', async (_, length) => {
    const db = await freshDb();
    const bytes = bytesOf(length);
    const { record, created } = await save(db, bytes);
    expect(created).toBe(true);
    expect(record.byteLength).toBe(length);
    expect(record.chunkCount).toBe(Math.ceil(length / CHUNK_BYTES));
    expect(await chunksOf(db, record.sha256)).toBe(record.chunkCount);
    const read = await readDatasetBytes(db, record.sha256, { verify: true });
    expect(read.ok && sameBytes(read.value, bytes)).toBe(true);
    expect(await getDataset(db, record.sha256)).toEqual(record);
    db.close();
  });

  it('round-trips any length', async () => {
    const db = await freshDb();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 * CHUNK_BYTES }), async (length) => {
        const bytes = bytesOf(length, length);
        const { record } = await save(db, bytes);
        const read = await readDatasetBytes(db, record.sha256);
        return read.ok && sameBytes(read.value, bytes);
      }),
      { numRuns: 8 },
    );
    db.close();
  });

  it('stores each chunk as its own buffer, not the whole input again', async () => {
    const db = await freshDb();
    const big = bytesOf(CHUNK_BYTES * 3);
    const bytes = big.subarray(10, 10 + CHUNK_BYTES + 5);
    const { record } = await save(db, bytes);
    const first = await db.get('chunks', [record.sha256, 0]);
    const second = await db.get('chunks', [record.sha256, 1]);
    expect(first?.byteLength).toBe(CHUNK_BYTES);
    expect(second?.byteLength).toBe(5);
    expect(new Uint8Array(second!)).toEqual(bytes.subarray(CHUNK_BYTES));
    db.close();
  });

  it('stores the same bytes once and only moves lastUsed', async () => {
    const db = await freshDb();
    const bytes = bytesOf(CHUNK_BYTES + 10);
    const first = await save(db, bytes, { name: 'first', lastUsed: '2024-01-01T00:00:00.000Z' });
    const second = await save(db, bytes, { name: 'second', lastUsed: '2024-02-01T00:00:00.000Z' });
    expect(second.created).toBe(false);
    expect(second.record).toEqual({ ...first.record, lastUsed: '2024-02-01T00:00:00.000Z' });
    expect(await db.count('datasets')).toBe(1);
    expect(await db.count('chunks')).toBe(2);
    expect(await getDataset(db, first.record.sha256)).toEqual(second.record);
    db.close();
  });
});

describe('a save that fails partway leaves nothing behind', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const bytes = bytesOf(CHUNK_BYTES * 4 + 1);

  /** Makes the chunks store's n-th put (from 1) call `fail` instead of, or after, the real put. */
  function failChunkPut(
    n: number,
    fail: (store: IDBObjectStore, put: () => IDBRequest) => IDBRequest,
  ) {
    const realPut = IDBObjectStore.prototype.put;
    let chunkPuts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const put = () => realPut.apply(this, args);
      if (this.name !== 'chunks' || ++chunkPuts !== n) return put();
      return fail(this, put);
    });
  }

  /** What a browser does when a commit would pass the quota (fake-indexeddb's internal abort). */
  const abortForQuota = (store: IDBObjectStore) =>
    (store.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');

  async function expectNothingStored(db: GradlabDb, sha256: string) {
    expect(await getDataset(db, sha256)).toBeNull();
    expect(await db.count('datasets')).toBe(0);
    expect(await db.count('chunks')).toBe(0);
    const read = await readDatasetBytes(db, sha256);
    expect(!read.ok && read.error.code).toBe('storage-corrupt');
  }

  it('when the third chunk is refused with QuotaExceededError', async () => {
    const db = await freshDb();
    failChunkPut(3, () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const record = await recordFor(bytes, { name: 'Big' });
    const saved = await saveDataset(db, record, bytes);
    expect(saved.ok).toBe(false);
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    expect(!saved.ok && saved.error.message).toContain('"Big"');
    vi.restoreAllMocks();
    await expectNothingStored(db, record.sha256);
    db.close();
  });

  it('when the transaction aborts at the third chunk with a quota error behind an AbortError', async () => {
    const db = await freshDb();
    failChunkPut(3, (store, put) => {
      const request = put();
      abortForQuota(store);
      return request;
    });
    const record = await recordFor(bytes);
    const saved = await saveDataset(db, record, bytes);
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    vi.restoreAllMocks();
    await expectNothingStored(db, record.sha256);
    db.close();
  });

  it('when the transaction aborts for quota after the last chunk was queued', async () => {
    const db = await freshDb();
    failChunkPut(5, (store, put) => {
      const request = put();
      abortForQuota(store);
      return request;
    });
    const record = await recordFor(bytes);
    const saved = await saveDataset(db, record, bytes);
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    vi.restoreAllMocks();
    await expectNothingStored(db, record.sha256);
    db.close();
  });

  it('reports other refusals as storage unavailable', async () => {
    const db = await freshDb();
    failChunkPut(2, () => {
      throw new DOMException('Something broke.', 'UnknownError');
    });
    const record = await recordFor(bytes);
    const saved = await saveDataset(db, record, bytes);
    expect(!saved.ok && saved.error.code).toBe('storage-unavailable');
    expect(!saved.ok && saved.error.message).toContain('UnknownError');
    vi.restoreAllMocks();
    await expectNothingStored(db, record.sha256);
    db.close();
  });
});

describe('readDatasetBytes on damaged storage', () => {
  it('reports a dataset that is not stored', async () => {
    const db = await freshDb();
    const read = await readDatasetBytes(db, 'ab'.repeat(32));
    expect(!read.ok && read.error.code).toBe('storage-corrupt');
    expect(!read.ok && read.error.message).toContain("not in this browser's storage");
    db.close();
  });

  it.each([
    ['a middle chunk', 1, 'chunk 2 of 3 is missing'],
    ['the last chunk', 2, 'chunk 3 of 3 is missing'],
  ])('reports %s missing', async (_, n, message) => {
    const db = await freshDb();
    const { record } = await save(db, bytesOf(CHUNK_BYTES * 2 + 7), { name: 'Gappy' });
    await db.delete('chunks', [record.sha256, n]);
    const read = await readDatasetBytes(db, record.sha256);
    expect(!read.ok && read.error.code).toBe('storage-corrupt');
    expect(!read.ok && read.error.message).toContain(message);
    expect(!read.ok && read.error.message).toContain('"Gappy"');
    db.close();
  });

  it('reports a chunk of the wrong size and an extra chunk', async () => {
    const db = await freshDb();
    const { record } = await save(db, bytesOf(CHUNK_BYTES + 7));
    await db.put('chunks', new ArrayBuffer(3), [record.sha256, 1]);
    const short = await readDatasetBytes(db, record.sha256);
    expect(!short.ok && short.error.message).toContain('chunk 2 of 2 has the wrong size');
    await db.put('chunks', bytesOf(7).slice().buffer, [record.sha256, 1]);
    await db.put('chunks', new ArrayBuffer(1), [record.sha256, 2]);
    const extra = await readDatasetBytes(db, record.sha256);
    expect(!extra.ok && extra.error.message).toContain('more chunks');
    db.close();
  });

  it('with verify, catches bytes that changed under the same sizes', async () => {
    const db = await freshDb();
    const bytes = bytesOf(CHUNK_BYTES + 7);
    const { record } = await save(db, bytes);
    const changed = bytes.slice(0, CHUNK_BYTES);
    changed[100] = (changed[100]! + 1) & 0xff;
    await db.put('chunks', changed.buffer, [record.sha256, 0]);
    expect((await readDatasetBytes(db, record.sha256)).ok).toBe(true);
    const verified = await readDatasetBytes(db, record.sha256, { verify: true });
    expect(!verified.ok && verified.error.code).toBe('storage-corrupt');
    expect(!verified.ok && verified.error.message).toContain('changed');
    db.close();
  });

  it('reports a closed connection as storage unavailable, not as damage', async () => {
    const db = await freshDb();
    const { record } = await save(db, bytesOf(10));
    db.close();
    const read = await readDatasetBytes(db, record.sha256);
    expect(!read.ok && read.error.code).toBe('storage-unavailable');
  });
});

describe('listing, finding, touching and deleting', () => {
  const iris: DatasetSource = { kind: 'shipped', name: 'iris' };

  it('lists the most recently used first, and touching moves a dataset up', async () => {
    const db = await freshDb();
    const a = await save(db, bytesOf(10, 1), { name: 'a', lastUsed: '2024-01-01T00:00:00.000Z' });
    await save(db, bytesOf(10, 2), { name: 'b', lastUsed: '2024-02-01T00:00:00.000Z' });
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['b', 'a']);
    const touched = await touchDataset(db, a.record.sha256, new Date('2024-03-01T00:00:00Z'));
    expect(touched.ok && touched.value?.lastUsed).toBe('2024-03-01T00:00:00.000Z');
    expect((await listDatasets(db)).map((d) => d.name)).toEqual(['a', 'b']);
    const missing = await touchDataset(db, 'cd'.repeat(32), new Date());
    expect(missing.ok && missing.value).toBeNull();
    db.close();
  });

  it('finds what a source produced, the most recently used when it produced several', async () => {
    const db = await freshDb();
    expect(await findDatasetBySource(db, sourceKeyOf(iris))).toBeNull();
    await save(db, bytesOf(10, 1), {
      name: 'old',
      source: iris,
      lastUsed: '2024-01-01T00:00:00.000Z',
    });
    await save(db, bytesOf(10, 2), {
      name: 'new',
      source: iris,
      lastUsed: '2024-05-01T00:00:00.000Z',
    });
    await save(db, bytesOf(10, 3), { name: 'other', lastUsed: '2024-09-01T00:00:00.000Z' });
    expect((await findDatasetBySource(db, 'shipped:iris'))?.name).toBe('new');
    db.close();
  });

  it('deletes the record and every chunk, and only that dataset', async () => {
    const db = await freshDb();
    const gone = await save(db, bytesOf(CHUNK_BYTES * 2 + 1, 1));
    const kept = await save(db, bytesOf(CHUNK_BYTES + 1, 2));
    expect(await deleteDataset(db, gone.record.sha256)).toEqual({ ok: true, value: true });
    expect(await getDataset(db, gone.record.sha256)).toBeNull();
    expect(await chunksOf(db, gone.record.sha256)).toBe(0);
    expect(await chunksOf(db, kept.record.sha256)).toBe(2);
    expect((await readDatasetBytes(db, kept.record.sha256, { verify: true })).ok).toBe(true);
    expect(await deleteDataset(db, gone.record.sha256)).toEqual({ ok: true, value: false });
    db.close();
  });

  it('deletes chunks left without a record', async () => {
    const db = await freshDb();
    const sha256 = 'ef'.repeat(32);
    await db.put('chunks', new ArrayBuffer(4), [sha256, 0]);
    expect(await deleteDataset(db, sha256)).toEqual({ ok: true, value: false });
    expect(await chunksOf(db, sha256)).toBe(0);
    db.close();
  });
});
