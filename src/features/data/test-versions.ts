/** A line of stored dataset versions for the page's tests: v1, then each next one relabelling. */
import type { DatasetSource, StoredDataset } from '../../core/data/stored-dataset';
import { storedTable } from '../../core/data/test-stored-dataset';

export const versionSha = (n: number): string => String(n).repeat(64);

/** Versions 1..count of "blobs", the last made current last (newest first in the result). */
export function testVersions(
  count: number,
  source: DatasetSource = { kind: 'capture', what: 'points' },
): StoredDataset[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const at = `2026-01-0${n}T00:00:00.000Z`;
    return {
      ...storedTable(versionSha(n), 'blobs', source),
      createdAt: at,
      currentSince: at,
      lineage: {
        lineId: versionSha(1),
        version: n,
        parent: n === 1 ? null : versionSha(n - 1),
        note: n === 1 ? '' : `fix ${n}`,
        changes:
          n === 1 ? null : { added: [], removed: [], relabelled: [{ index: n, from: 0, to: 1 }] },
      },
    };
  }).reverse();
}
