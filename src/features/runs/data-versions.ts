/**
 * Which dataset version each run trained on, as the Runs page says it: a run's dataset named with
 * its version ("mnist-10k v2"), and, for runs compared side by side, the datasets they used in
 * different versions ("version 1 vs version 2"), with each pair of versions to diff. A run names
 * the exact version by `datasetSha256`; its lineage comes from the stored record of that version,
 * so a version deleted from this browser can no longer be told apart by number.
 */
import type { StoredDataset } from '../../core/data/stored-dataset';
import type { StoredRun } from '../../core/runs/stored-run';
import { versionName } from '../data/version-words';

/** One dataset the compared runs used in more than one version. */
export interface DataVersions {
  name: string;
  /** The versions used, oldest first, each once. */
  versions: StoredDataset[];
}

type RunData = Pick<StoredRun, 'datasetSha256'>;

/** The run's dataset with its version, when this browser holds the version it trained on. */
export function runDatasetName(run: RunData, records: readonly StoredDataset[]): string | null {
  const record = records.find((r) => r.sha256 === run.datasetSha256);
  return record === undefined ? null : versionName(record, records);
}

/** The datasets `runs` used in different versions, in the order the runs first use them. */
export function dataVersionsOf(
  runs: readonly RunData[],
  records: readonly StoredDataset[],
): DataVersions[] {
  const lines = new Map<string, StoredDataset[]>();
  for (const run of runs) {
    const record = records.find((r) => r.sha256 === run.datasetSha256);
    if (record === undefined) continue;
    const used = lines.get(record.lineage.lineId) ?? [];
    if (!used.some((r) => r.sha256 === record.sha256)) used.push(record);
    lines.set(record.lineage.lineId, used);
  }
  return [...lines.values()]
    .filter((used) => used.length > 1)
    .map((used) => {
      const versions = [...used].sort((a, b) => a.lineage.version - b.lineage.version);
      return { name: versions.at(-1)?.name ?? '', versions };
    });
}

/** "version 1 vs version 2", "version 1 vs version 2 vs version 4". */
export const versionsText = (used: DataVersions): string =>
  used.versions.map((r) => `version ${r.lineage.version}`).join(' vs ');

/** Each version with the next one used, to link their diff: [older, newer] pairs. */
export const versionPairs = (used: DataVersions): [StoredDataset, StoredDataset][] =>
  used.versions.slice(1).map((newer, i) => [used.versions[i] as StoredDataset, newer]);
