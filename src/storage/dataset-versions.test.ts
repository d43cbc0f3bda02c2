import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { encodePacked } from '../core/data/packed';
import type { DatasetLineage } from '../core/data/versions/lineage';
import { relabelled, shippedMnist, withoutExample } from '../core/data/versions/test-mnist';
import {
  deleteDataset,
  getDataset,
  listCurrentDatasets,
  listDatasets,
  listVersions,
  makeCurrent,
  readDatasetBytes,
  storedPieceBytes,
  updateDatasetDetails,
} from './datasets-repo';
import type { GradlabDb } from './open';
import { bytesOf, freshDb, sameBytes, save } from './test-datasets';

const mnist = shippedMnist();
const v1Bytes = encodePacked(mnist);
const v2Bytes = encodePacked(relabelled(mnist, 4321));
const v3Bytes = encodePacked(withoutExample(relabelled(mnist, 4321), 77));

const changes = { added: [], removed: [], relabelled: [] };

/** Version `n` of the line `lineId`, derived from `parent`. */
const next = (lineId: string, parent: string, version: number): DatasetLineage => ({
  lineId,
  version,
  parent,
  note: `version ${version}`,
  changes,
});

/** MNIST-10k, a relabel of it, and a removal from that, stored as one line. */
async function mnistLine(db: GradlabDb) {
  const v1 = await save(db, v1Bytes, { name: 'MNIST' });
  const line = v1.record.sha256;
  const v2 = await save(db, v2Bytes, {
    name: 'MNIST',
    lineage: next(line, line, 2),
    currentSince: '2024-02-01T00:00:00.000Z',
  });
  const v3 = await save(db, v3Bytes, {
    name: 'MNIST',
    lineage: next(line, v2.record.sha256, 3),
    currentSince: '2024-03-01T00:00:00.000Z',
  });
  return { v1, v2, v3, line };
}

async function expectReads(db: GradlabDb, sha256: string, bytes: Uint8Array) {
  const read = await readDatasetBytes(db, sha256, { verify: true });
  expect(read.ok && sameBytes(read.value, bytes)).toBe(true);
}

describe('versions share pieces', () => {
  it('a relabel of one MNIST-10k example stores under 1% of the set again', async () => {
    const db = await freshDb();
    const { v1, v2, v3 } = await mnistLine(db);
    expect(v1.addedBytes).toBeGreaterThan(v1Bytes.length * 0.5);
    expect(v2.created).toBe(true);
    expect(v2.addedBytes).toBeGreaterThan(0);
    expect(v2.addedBytes / v1Bytes.length).toBeLessThan(0.01);
    expect(v3.addedBytes / v1Bytes.length).toBeLessThan(0.03);
    // What storage holds is what the saves said they added, shared bytes once.
    const held = await storedPieceBytes(db);
    expect(held).toBe(v1.addedBytes + v2.addedBytes + v3.addedBytes);
    expect(held).toBeLessThan(v1Bytes.length * 1.04);
    await expectReads(db, v1.record.sha256, v1Bytes);
    await expectReads(db, v2.record.sha256, v2Bytes);
    await expectReads(db, v3.record.sha256, v3Bytes);
    db.close();
  });
});

describe('deleting a version frees only the bytes nothing else uses', () => {
  it('deleting the middle version keeps every piece the others list', async () => {
    const db = await freshDb();
    const { v1, v2, v3 } = await mnistLine(db);
    const before = await storedPieceBytes(db);
    const others = new Set([...v1.record.pieces, ...v3.record.pieces].map((p) => p.sha256));
    const onlyV2 = new Map(
      v2.record.pieces.filter((p) => !others.has(p.sha256)).map((p) => [p.sha256, p.byteLength]),
    );
    expect(onlyV2.size).toBeGreaterThan(0);
    expect(await deleteDataset(db, v2.record.sha256)).toEqual({ ok: true, value: true });
    const freed = before - (await storedPieceBytes(db));
    expect(freed).toBe([...onlyV2.values()].reduce((a, b) => a + b, 0));
    expect(freed / v1Bytes.length).toBeLessThan(0.01);
    await expectReads(db, v1.record.sha256, v1Bytes);
    await expectReads(db, v3.record.sha256, v3Bytes);
    db.close();
  });

  it('deleting the first version keeps the later ones whole', async () => {
    const db = await freshDb();
    const { v1, v2, v3 } = await mnistLine(db);
    expect((await deleteDataset(db, v1.record.sha256)).ok).toBe(true);
    await expectReads(db, v2.record.sha256, v2Bytes);
    await expectReads(db, v3.record.sha256, v3Bytes);
    db.close();
  });

  it('deleting every version frees every byte', async () => {
    const db = await freshDb();
    const { v1, v2, v3 } = await mnistLine(db);
    const other = await save(db, bytesOf(100_000, 9), { name: 'other' });
    for (const { record } of [v3, v1, v2]) {
      expect(await deleteDataset(db, record.sha256)).toEqual({ ok: true, value: true });
    }
    expect(await storedPieceBytes(db)).toBe(other.record.byteLength);
    expect((await deleteDataset(db, other.record.sha256)).ok).toBe(true);
    expect(await storedPieceBytes(db)).toBe(0);
    expect(await db.count('pieces')).toBe(0);
    expect(await db.count('datasets')).toBe(0);
    db.close();
  });

  it('saving a deleted version again adds back only what was freed', async () => {
    const db = await freshDb();
    const { v2 } = await mnistLine(db);
    expect((await deleteDataset(db, v2.record.sha256)).ok).toBe(true);
    const again = await save(db, v2Bytes, { name: 'again' });
    expect(again.created).toBe(true);
    expect(again.addedBytes).toBeGreaterThan(0);
    expect(again.addedBytes / v2Bytes.length).toBeLessThan(0.01);
    await expectReads(db, again.record.sha256, v2Bytes);
    db.close();
  });
});

describe('lines of versions', () => {
  /** Small lines: a (3 versions) and b (1), with uses spread over time. */
  async function twoLines(db: GradlabDb) {
    const a1 = await save(db, bytesOf(5000, 1), {
      name: 'a',
      lastUsed: '2024-01-05T00:00:00.000Z',
    });
    const line = a1.record.sha256;
    const a2 = await save(db, bytesOf(5000, 2), {
      name: 'a',
      lineage: next(line, line, 2),
      currentSince: '2024-02-01T00:00:00.000Z',
      lastUsed: '2024-02-01T00:00:00.000Z',
    });
    const a3 = await save(db, bytesOf(5000, 3), {
      name: 'a',
      lineage: next(line, a2.record.sha256, 3),
      currentSince: '2024-03-01T00:00:00.000Z',
      lastUsed: '2024-03-01T00:00:00.000Z',
    });
    const b = await save(db, bytesOf(5000, 4), { name: 'b', lastUsed: '2024-04-01T00:00:00.000Z' });
    return { a1: a1.record, a2: a2.record, a3: a3.record, b: b.record };
  }

  it('lists one record per dataset, its current version, most recently used first', async () => {
    const db = await freshDb();
    const { a1, a3, b } = await twoLines(db);
    expect(await listDatasets(db)).toHaveLength(4);
    expect((await listCurrentDatasets(db)).map((r) => r.sha256)).toEqual([b.sha256, a3.sha256]);
    // Training on an old version brings its dataset up, still shown by its current version.
    await save(db, bytesOf(5000, 1), { lastUsed: '2024-05-01T00:00:00.000Z' });
    expect((await getDataset(db, a1.sha256))?.lastUsed).toBe('2024-05-01T00:00:00.000Z');
    expect((await listCurrentDatasets(db)).map((r) => r.sha256)).toEqual([a3.sha256, b.sha256]);
    db.close();
  });

  it('lists a line in version order, and restoring one makes it current', async () => {
    const db = await freshDb();
    const { a1, a2, a3, b } = await twoLines(db);
    expect((await listVersions(db, a1.sha256)).map((r) => r.lineage.version)).toEqual([1, 2, 3]);
    expect(await listVersions(db, b.sha256)).toEqual([b]);
    expect(await listVersions(db, 'ee'.repeat(32))).toEqual([]);
    const restored = await makeCurrent(db, a2.sha256, new Date('2024-06-01T00:00:00Z'));
    expect(restored.ok && restored.value?.currentSince).toBe('2024-06-01T00:00:00.000Z');
    const current = await listCurrentDatasets(db);
    expect(current.map((r) => r.sha256)).toContain(a2.sha256);
    expect(current.map((r) => r.sha256)).not.toContain(a3.sha256);
    const missing = await makeCurrent(db, 'cd'.repeat(32), new Date());
    expect(missing).toEqual({ ok: true, value: null });
    db.close();
  });

  it('deleting the current version makes the latest before it current', async () => {
    const db = await freshDb();
    const { a2, a3 } = await twoLines(db);
    expect((await deleteDataset(db, a3.sha256)).ok).toBe(true);
    expect((await listCurrentDatasets(db)).map((r) => r.sha256)).toContain(a2.sha256);
    db.close();
  });

  it('updates a version’s name, licence and flags without touching its content', async () => {
    const db = await freshDb();
    const { a2 } = await twoLines(db);
    const updated = await updateDatasetDetails(db, a2.sha256, {
      license: 'CC BY 4.0',
      flags: [7, 3, 7],
    });
    if (!updated.ok || updated.value === null) throw new Error('not updated');
    expect(updated.value).toEqual({ ...a2, license: 'CC BY 4.0', flags: [3, 7] });
    const renamed = await updateDatasetDetails(db, a2.sha256, { name: 'digits' });
    expect(renamed.ok && renamed.value).toEqual({ ...updated.value, name: 'digits' });
    expect(await getDataset(db, a2.sha256)).toEqual({ ...updated.value, name: 'digits' });
    expect((await readDatasetBytes(db, a2.sha256, { verify: true })).ok).toBe(true);
    const missing = await updateDatasetDetails(db, 'cd'.repeat(32), { flags: [] });
    expect(missing).toEqual({ ok: true, value: null });
    db.close();
  });
});
