import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../core/hash';
import { sourceKeyOf, type DatasetSource, type StoredDataset } from '../core/data/stored-dataset';
import {
  contentChunks,
  MAX_PIECE_BYTES,
  MIN_PIECE_BYTES,
} from '../core/data/versions/content-chunks';
import {
  deleteDataset,
  findDatasetBySource,
  getDataset,
  listDatasets,
  readDatasetBytes,
  saveDataset,
  storedPieceBytes,
  touchDataset,
} from './datasets-repo';
import type { GradlabDb } from './open';
import { bytesOf, freshDb, recordFor, sameBytes, save } from './test-datasets';

/** The record's pieces, with each piece's bytes as storage holds them (undefined: missing). */
async function storedPiecesOf(db: GradlabDb, record: StoredDataset) {
  return Promise.all(
    record.pieces.map(async (piece) => ({ ...piece, bytes: await db.get('pieces', piece.sha256) })),
  );
}

describe('saveDataset and readDatasetBytes', () => {
  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['exactly the smallest piece', MIN_PIECE_BYTES],
    ['one byte past the smallest piece', MIN_PIECE_BYTES + 1],
    ['one byte past the largest piece', MAX_PIECE_BYTES + 1],
    ['a megabyte and a half', 1.5 * 1024 * 1024],
  ])('round-trips %s', async (_, length) => {
    const db = await freshDb();
    const bytes = bytesOf(length);
    const { record, created, addedBytes } = await save(db, bytes);
    expect(created).toBe(true);
    expect(addedBytes).toBe(length);
    expect(record.byteLength).toBe(length);
    expect(record.pieces.reduce((n, piece) => n + piece.byteLength, 0)).toBe(length);
    if (length > 0) expect(record.pieces.length).toBeGreaterThan(length > MAX_PIECE_BYTES ? 1 : 0);
    let at = 0;
    for (const piece of await storedPiecesOf(db, record)) {
      // Each piece is stored under the SHA-256 of its own bytes.
      const held = new Uint8Array(piece.bytes!);
      expect(held.length).toBe(piece.byteLength);
      expect(await sha256Hex(held)).toBe(piece.sha256);
      expect(sameBytes(held, bytes.subarray(at, at + piece.byteLength))).toBe(true);
      at += piece.byteLength;
    }
    expect(await storedPieceBytes(db)).toBe(length);
    const read = await readDatasetBytes(db, record.sha256, { verify: true });
    expect(read.ok && sameBytes(read.value, bytes)).toBe(true);
    expect(await getDataset(db, record.sha256)).toEqual(record);
    db.close();
  });

  it('round-trips any length', async () => {
    const db = await freshDb();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 * MAX_PIECE_BYTES }), async (length) => {
        const bytes = bytesOf(length, length);
        const { record } = await save(db, bytes);
        const read = await readDatasetBytes(db, record.sha256);
        return read.ok && sameBytes(read.value, bytes);
      }),
      { numRuns: 8 },
    );
    db.close();
  });

  it('stores each piece as its own buffer, not the whole input again', async () => {
    const db = await freshDb();
    const big = bytesOf(MAX_PIECE_BYTES * 6);
    const bytes = big.subarray(10, 10 + MAX_PIECE_BYTES * 3);
    const { record } = await save(db, bytes);
    for (const piece of await storedPiecesOf(db, record)) {
      expect(piece.bytes?.byteLength).toBe(piece.byteLength);
    }
    db.close();
  });

  it('stores a piece that repeats within a dataset once', async () => {
    const db = await freshDb();
    const bytes = new Uint8Array(1024 * 1024);
    const { record, addedBytes } = await save(db, bytes);
    const distinct = new Set(record.pieces.map((piece) => piece.sha256));
    expect(record.pieces.length).toBeGreaterThan(distinct.size);
    expect(await db.count('pieces')).toBe(distinct.size);
    expect(addedBytes).toBe(await storedPieceBytes(db));
    expect(addedBytes).toBeLessThan(bytes.length);
    const read = await readDatasetBytes(db, record.sha256, { verify: true });
    expect(read.ok && sameBytes(read.value, bytes)).toBe(true);
    db.close();
  });

  it('stores the same bytes once and only moves lastUsed', async () => {
    const db = await freshDb();
    const bytes = bytesOf(MAX_PIECE_BYTES * 2);
    const first = await save(db, bytes, { name: 'first', lastUsed: '2024-01-01T00:00:00.000Z' });
    const pieces = await db.count('pieces');
    const second = await save(db, bytes, { name: 'second', lastUsed: '2024-02-01T00:00:00.000Z' });
    expect(second.created).toBe(false);
    expect(second.addedBytes).toBe(0);
    expect(second.record).toEqual({ ...first.record, lastUsed: '2024-02-01T00:00:00.000Z' });
    expect(await db.count('datasets')).toBe(1);
    expect(await db.count('pieces')).toBe(pieces);
    expect(await getDataset(db, first.record.sha256)).toEqual(second.record);
    db.close();
  });
});

describe('a save that fails partway leaves nothing behind', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const bytes = bytesOf(MAX_PIECE_BYTES * 4 + 1);

  /** Makes the pieces store's n-th put (from 1) call `fail` instead of, or after, the real put. */
  function failPiecePut(
    n: number,
    fail: (store: IDBObjectStore, put: () => IDBRequest) => IDBRequest,
  ) {
    const realPut = IDBObjectStore.prototype.put;
    let piecePuts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const put = () => realPut.apply(this, args);
      if (this.name !== 'pieces' || ++piecePuts !== n) return put();
      return fail(this, put);
    });
  }

  /** What a browser does when a commit would pass the quota (fake-indexeddb's internal abort). */
  const abortForQuota = (store: IDBObjectStore) =>
    (store.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');

  async function expectNothingStored(db: GradlabDb, sha256: string) {
    expect(await getDataset(db, sha256)).toBeNull();
    expect(await db.count('datasets')).toBe(0);
    expect(await db.count('pieces')).toBe(0);
    const read = await readDatasetBytes(db, sha256);
    expect(!read.ok && read.error.code).toBe('storage-corrupt');
  }

  it('when the third piece is refused with QuotaExceededError', async () => {
    const db = await freshDb();
    failPiecePut(3, () => {
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

  it('when the transaction aborts at the third piece with a quota error behind an AbortError', async () => {
    const db = await freshDb();
    failPiecePut(3, (store, put) => {
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

  it('when the transaction aborts for quota after the last piece was queued', async () => {
    const db = await freshDb();
    failPiecePut(contentChunks(bytes).length, (store, put) => {
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
    failPiecePut(2, () => {
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
    ['a middle piece', (n: number) => Math.floor(n / 2)],
    ['the last piece', (n: number) => n - 1],
  ])('reports %s missing', async (_, which) => {
    const db = await freshDb();
    const { record } = await save(db, bytesOf(MAX_PIECE_BYTES * 3), { name: 'Gappy' });
    const n = record.pieces.length;
    const lost = which(n);
    await db.delete('pieces', record.pieces[lost]!.sha256);
    const read = await readDatasetBytes(db, record.sha256);
    expect(!read.ok && read.error.code).toBe('storage-corrupt');
    expect(!read.ok && read.error.message).toContain(`piece ${lost + 1} of ${n} is missing`);
    expect(!read.ok && read.error.message).toContain('"Gappy"');
    db.close();
  });

  it('reports a piece of the wrong size, and a record whose pieces do not add up', async () => {
    const db = await freshDb();
    const { record } = await save(db, bytesOf(MAX_PIECE_BYTES * 2));
    const second = record.pieces[1]!;
    await db.put('pieces', new ArrayBuffer(3), second.sha256);
    const short = await readDatasetBytes(db, record.sha256);
    expect(!short.ok && short.error.message).toContain(
      `piece 2 of ${record.pieces.length} has the wrong size`,
    );
    await db.put('datasets', { ...record, pieces: record.pieces.slice(1) });
    const lost = await readDatasetBytes(db, record.sha256);
    expect(!lost.ok && lost.error.message).toContain('its size record is inconsistent');
    db.close();
  });

  it('with verify, catches bytes that changed under the same sizes', async () => {
    const db = await freshDb();
    const bytes = bytesOf(MAX_PIECE_BYTES * 2);
    const { record } = await save(db, bytes);
    const first = record.pieces[0]!;
    const changed = bytes.slice(0, first.byteLength);
    changed[100] = (changed[100]! + 1) & 0xff;
    await db.put('pieces', changed.buffer, first.sha256);
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

  it('deletes the record and its pieces, and only that dataset', async () => {
    const db = await freshDb();
    const gone = await save(db, bytesOf(MAX_PIECE_BYTES * 2 + 1, 1));
    const kept = await save(db, bytesOf(MAX_PIECE_BYTES + 1, 2));
    expect(await deleteDataset(db, gone.record.sha256)).toEqual({ ok: true, value: true });
    expect(await getDataset(db, gone.record.sha256)).toBeNull();
    for (const piece of await storedPiecesOf(db, gone.record)) expect(piece.bytes).toBeUndefined();
    expect(await storedPieceBytes(db)).toBe(kept.record.byteLength);
    expect((await readDatasetBytes(db, kept.record.sha256, { verify: true })).ok).toBe(true);
    expect(await deleteDataset(db, gone.record.sha256)).toEqual({ ok: true, value: false });
    db.close();
  });

  it('deletes pieces left without a record', async () => {
    const db = await freshDb();
    const kept = await save(db, bytesOf(MAX_PIECE_BYTES, 3));
    await db.put('pieces', new ArrayBuffer(4), 'ef'.repeat(32));
    expect(await deleteDataset(db, 'cd'.repeat(32))).toEqual({ ok: true, value: false });
    expect(await db.get('pieces', 'ef'.repeat(32))).toBeUndefined();
    expect(await storedPieceBytes(db)).toBe(kept.record.byteLength);
    db.close();
  });
});
