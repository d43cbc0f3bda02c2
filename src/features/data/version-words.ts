/**
 * How the pages speak of dataset versions: a version's change in short ("+3 −1 ~2") and in words,
 * a version's name ("mnist-10k v2"), which version of a line is current, and the versions of one
 * line among all those stored.
 */
import type { StoredDataset } from '../../core/data/stored-dataset';
import { currentVersions } from '../../core/data/versions/current';
import type { ChangeLog } from '../../core/data/versions/lineage';
import { counted } from '../../core/plural';

/** "+3 −1 ~2": added, removed, relabelled; the parts that are zero are left out. */
export function changeSummary(changes: ChangeLog | null): string {
  if (changes === null) return 'first version';
  const parts = [
    changes.added.length > 0 ? `+${changes.added.length}` : '',
    changes.removed.length > 0 ? `−${changes.removed.length}` : '',
    changes.relabelled.length > 0 ? `~${changes.relabelled.length}` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'no change' : parts.join(' ');
}

/** "3 examples added, 1 removed, 2 relabelled". */
export function changeWords(changes: ChangeLog | null): string {
  if (changes === null) return 'the first version';
  const { added, removed, relabelled } = changes;
  const parts = [
    added.length > 0 ? `${added.length} added` : '',
    removed.length > 0 ? `${removed.length} removed` : '',
    relabelled.length > 0 ? `${relabelled.length} relabelled` : '',
  ].filter((part) => part !== '');
  if (parts.length === 0) return 'no examples changed';
  const total = added.length + removed.length + relabelled.length;
  return `${counted(total, 'example')} changed: ${parts.join(', ')}`;
}

/** The line's current version (core/data/versions/current.ts says which); null for none. */
export const currentOf = (versions: readonly StoredDataset[]): StoredDataset | null =>
  currentVersions(versions)[0] ?? null;

/** The stored versions of line `lineId`, newest version first. */
export const versionsOfLine = (
  records: readonly StoredDataset[],
  lineId: string,
): StoredDataset[] =>
  records
    .filter((record) => record.lineage.lineId === lineId)
    .sort((a, b) => b.lineage.version - a.lineage.version);

/**
 * "mnist-10k v2": a dataset named with its version when that tells it apart, that is when it is
 * not its line's first version or other versions of its line are stored.
 */
export function versionName(record: StoredDataset, records: readonly StoredDataset[]): string {
  const { lineId, version } = record.lineage;
  const others = records.some((r) => r.lineage.lineId === lineId && r.sha256 !== record.sha256);
  return version > 1 || others ? `${record.name} v${version}` : record.name;
}
