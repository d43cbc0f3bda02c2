import { describe, expect, it } from 'vitest';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { storedTable } from '../../core/data/test-stored-dataset';
import { testRun } from '../../core/runs/test-run';
import { dataVersionsOf, runDatasetName, versionPairs, versionsText } from './data-versions';

const sha = (c: string) => c.repeat(64);

function version(c: string, n: number, line = 'a', name = 'blobs'): StoredDataset {
  return {
    ...storedTable(sha(c), name, { kind: 'capture', what: 'points' }),
    lineage: {
      lineId: sha(line),
      version: n,
      parent: n === 1 ? null : sha(line),
      note: '',
      changes: n === 1 ? null : { added: [], removed: [], relabelled: [] },
    },
  };
}

const v1 = version('a', 1);
const v2 = version('b', 2);
const v3 = version('c', 3);
const iris = version('d', 1, 'd', 'iris');
const records = [v3, iris, v1, v2];
const on = (record: StoredDataset | null, id = record?.sha256 ?? 'none') =>
  testRun({ id, datasetSha256: record?.sha256 ?? null });

describe('runDatasetName', () => {
  it('names the version a run trained on when its dataset has versions', () => {
    expect(runDatasetName(on(v2), records)).toBe('blobs v2');
    expect(runDatasetName(on(iris), records)).toBe('iris');
  });

  it('is null for generated data and for a version this browser no longer holds', () => {
    expect(runDatasetName(on(null), records)).toBeNull();
    expect(runDatasetName(testRun({ datasetSha256: sha('e') }), records)).toBeNull();
  });
});

describe('dataVersionsOf', () => {
  it('finds the dataset compared runs used in different versions, oldest version first', () => {
    const used = dataVersionsOf([on(v3), on(iris), on(v1), on(v1, 'again')], records);
    expect(used).toHaveLength(1);
    const [blobs] = used;
    if (blobs === undefined) throw new Error('no versions found');
    expect(blobs.name).toBe('blobs');
    expect(versionsText(blobs)).toBe('version 1 vs version 3');
    expect(versionPairs(blobs).map(([a, b]) => [a.sha256, b.sha256])).toEqual([
      [sha('a'), sha('c')],
    ]);
  });

  it('pairs each version with the next one used', () => {
    const [blobs] = dataVersionsOf([on(v2), on(v1), on(v3)], records);
    if (blobs === undefined) throw new Error('no versions found');
    expect(versionsText(blobs)).toBe('version 1 vs version 2 vs version 3');
    expect(versionPairs(blobs).map(([a, b]) => [a.lineage.version, b.lineage.version])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('says nothing of runs on one version, on different datasets, or on unknown data', () => {
    expect(dataVersionsOf([on(v2), on(v2, 'again')], records)).toEqual([]);
    expect(dataVersionsOf([on(v1), on(iris)], records)).toEqual([]);
    expect(
      dataVersionsOf([on(v1), on(null), testRun({ datasetSha256: sha('e') })], records),
    ).toEqual([]);
  });
});
