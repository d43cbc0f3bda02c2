/**
 * Which version of each dataset is its current one: the version with the latest `currentSince`
 * (stored last, or restored from the history last), the higher version when two tie.
 */
import type { StoredDataset } from '../stored-dataset';

const isNewer = (a: StoredDataset, b: StoredDataset): boolean =>
  a.currentSince > b.currentSince ||
  (a.currentSince === b.currentSince && a.lineage.version > b.lineage.version);

/**
 * One record per line, its current version; lines most recently used first (by any of their
 * versions, so training on an older version brings its dataset up too).
 */
export function currentVersions(records: readonly StoredDataset[]): StoredDataset[] {
  const lines = new Map<string, { current: StoredDataset; lastUsed: string }>();
  for (const record of records) {
    const line = lines.get(record.lineage.lineId);
    if (line === undefined) {
      lines.set(record.lineage.lineId, { current: record, lastUsed: record.lastUsed });
      continue;
    }
    if (isNewer(record, line.current)) line.current = record;
    if (record.lastUsed > line.lastUsed) line.lastUsed = record.lastUsed;
  }
  return [...lines.values()]
    .sort((a, b) => (a.lastUsed < b.lastUsed ? 1 : a.lastUsed > b.lastUsed ? -1 : 0))
    .map((line) => line.current);
}

/** A line's versions, oldest first. */
export const inVersionOrder = (records: readonly StoredDataset[]): StoredDataset[] =>
  [...records].sort(
    (a, b) =>
      a.lineage.version - b.lineage.version ||
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0),
  );
