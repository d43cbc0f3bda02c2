/**
 * The data slice lists one row per dataset (its current version) and still finds any version by
 * its sha256: a playground on version 1 keeps its record while version 2 is current.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { sourceKeyOf, versionSourceKey } from '../../core/data/stored-dataset';
import type { DatasetLineage } from '../../core/data/versions/lineage';
import { appDb } from '../../storage/app-db';
import { makeCurrent, saveDataset } from '../../storage/datasets-repo';
import { bytesOf, recordFor } from '../../storage/test-datasets';
import { createTestStore } from '../../store/test-store';
import { storedRecordOf, storedRefOf } from './slice';

const mnist = { kind: 'shipped', name: 'mnist-10k' } as const;

async function db() {
  const opened = await appDb();
  if (!opened.ok) throw opened.error;
  return opened.value;
}

/** A shipped dataset's first version and a relabelled second, stored as the data worker does. */
async function storeLine(seed: number) {
  const v1Bytes = bytesOf(20_000, seed);
  const v1 = await recordFor(v1Bytes, {
    name: 'MNIST',
    source: mnist,
    lastUsed: '2025-01-01T00:00:00.000Z',
  });
  const lineage: DatasetLineage = {
    lineId: v1.sha256,
    version: 2,
    parent: v1.sha256,
    note: 'one digit fixed',
    changes: { added: [], removed: [], relabelled: [{ index: 3, from: 1, to: 7 }] },
  };
  const v2Bytes = bytesOf(20_000, seed + 1);
  const v2 = await recordFor(v2Bytes, {
    name: 'MNIST',
    source: mnist,
    lineage,
    currentSince: '2025-02-01T00:00:00.000Z',
    lastUsed: '2025-02-01T00:00:00.000Z',
  });
  const saved1 = await saveDataset(await db(), v1, v1Bytes);
  const saved2 = await saveDataset(
    await db(),
    { ...v2, sourceKey: versionSourceKey(mnist, lineage, v2.sha256) },
    v2Bytes,
  );
  if (!saved1.ok || !saved2.ok) throw new Error('not stored');
  return { v1: saved1.value.record, v2: saved2.value.record };
}

describe('the stored datasets the page lists', () => {
  it('are the current version of each dataset, while every version is still found', async () => {
    const store = createTestStore();
    const { v1, v2 } = await storeLine(1);
    await store.get().refreshStoredDatasets();
    const listed = store.get().storedDatasets.filter((r) => r.lineage.lineId === v1.sha256);
    expect(listed.map((r) => r.sha256)).toEqual([v2.sha256]);
    expect(store.get().storedVersions.map((r) => r.sha256)).toEqual(
      expect.arrayContaining([v1.sha256, v2.sha256]),
    );
    // The shipped name still means the shipped bytes (version 1), not the relabelled copy.
    expect(storedRecordOf(store.get(), mnist)?.sha256).toBe(v1.sha256);
    expect(sourceKeyOf(mnist)).toBe(v1.sourceKey);
    expect(storedRefOf(v1)).toEqual(mnist);
    expect(storedRefOf(v2)).toEqual({ kind: 'local', sha256: v2.sha256, name: 'MNIST' });

    const restored = await makeCurrent(await db(), v1.sha256, new Date('2025-03-01T00:00:00Z'));
    expect(restored.ok).toBe(true);
    await store.get().refreshStoredDatasets();
    const after = store.get().storedDatasets.filter((r) => r.lineage.lineId === v1.sha256);
    expect(after.map((r) => r.sha256)).toEqual([v1.sha256]);
  });

  it('keep an experiment on an older version ready: it is not taken for deleted', async () => {
    const store = createTestStore();
    const { v1 } = await storeLine(3);
    const ref = { kind: 'local', sha256: v1.sha256, name: v1.name } as const;
    store.get().edit({ type: 'dataset', dataset: ref });
    await vi.waitFor(() => expect(store.get().prepared.record?.sha256).toBe(v1.sha256));
    await store.get().refreshStoredDatasets();
    expect(store.get().prepared.error).toBeNull();
    expect(store.get().prepared.record?.sha256).toBe(v1.sha256);
    expect(storedRecordOf(store.get(), ref)?.sha256).toBe(v1.sha256);
  });
});
