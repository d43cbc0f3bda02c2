/**
 * The dataset of the current experiment as another browser can get it. Generated, shipped, url
 * and inline refs travel as they are. A `local` one (in this browser's storage only) becomes a
 * `url` ref when it was downloaded from one pinned file; otherwise it stays `local`, which the
 * import preview names as "in its author's browser only", and the note says so to the sharer.
 */
import { FORMAT_FILES, REMOTE_FORMATS, type RemoteFormat } from '../../core/data/catalog';
import type { DatasetRef, LocalDatasetRef, UrlDatasetRef } from '../../core/data/dataset';
import type { StoredDataset } from '../../core/data/stored-dataset';

export interface SharedDataset {
  ref: DatasetRef;
  /** Why the link cannot bring the data along, for the share dialog; null when it can. */
  note: string | null;
}

export const IMPORTED_FILE_NOTE =
  'Datasets imported from your files are not included; the link works for generated, shipped ' +
  'and downloaded datasets. Whoever opens it must import the same file on their Datasets page.';

const isRemoteFormat = (format: string): format is RemoteFormat =>
  (REMOTE_FORMATS as readonly string[]).includes(format);

/** `record` is the stored dataset `ref` names, when the page has it. */
export function shareDataset(ref: DatasetRef, record: StoredDataset | null): SharedDataset {
  if (ref.kind !== 'local') return { ref, note: null };
  if (record === null || record.sha256 !== ref.sha256 || record.source.kind !== 'url') {
    return { ref, note: IMPORTED_FILE_NOTE };
  }
  return fromDownload(ref, record, record.source);
}

function fromDownload(
  ref: LocalDatasetRef,
  record: StoredDataset,
  source: { url: string; format: string },
): SharedDataset {
  const { format } = source;
  // The record keeps only the first file's address and hash, so only one-file formats can be
  // downloaded again exactly as they were.
  if (!isRemoteFormat(format) || FORMAT_FILES[format].length !== 1) {
    return {
      ref,
      note:
        `"${ref.name}" was downloaded from several files, and this browser kept only the first ` +
        "one's address, so the link cannot download it. Whoever opens it must download the same " +
        'dataset on their Datasets page.',
    };
  }
  if (record.sourceSha256 === null) {
    return {
      ref,
      note: `"${ref.name}" has no recorded SHA-256, so the link cannot pin its download.`,
    };
  }
  const url: UrlDatasetRef = {
    kind: 'url',
    name: ref.name,
    format,
    files: [{ url: source.url, sha256: record.sourceSha256 }],
    ...(ref.limit === undefined ? {} : { limit: ref.limit }),
  };
  return { ref: url, note: null };
}
