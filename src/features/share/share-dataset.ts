/**
 * The datasets of a shared notebook as another browser can get them. Generated, shipped, url and
 * inline refs travel as they are. A `local` one (in this browser's storage only) becomes a `url`
 * ref when it was downloaded from one pinned file. An imported one stays `local`, naming its CSV
 * choices, and travels in the bundle file as its stored bytes; when this browser kept its CSV text
 * (see CsvOrigin), it may instead travel inline, in the link too, if the link stays within its
 * budget (share-bundle.ts decides). A later version of a dataset (relabelled, extended) travels
 * only as its bytes, its ref naming its version and parent, since its source gives version 1. `datasetTravel` says, for the share dialog, what travels how.
 */
import { LINK_BUDGET_BYTES } from '../../core/bundle/link';
import type { Bundle } from '../../core/bundle/schema';
import { FORMAT_FILES, REMOTE_FORMATS, type RemoteFormat } from '../../core/data/catalog';
import type {
  DatasetRef,
  InlineDatasetRef,
  LocalDatasetRef,
  UrlDatasetRef,
} from '../../core/data/dataset';
import { KEPT_CSV_BYTES, type StoredDataset } from '../../core/data/stored-dataset';
import { formatBytes } from '../data/format-bytes';

export interface SharedDataset {
  /** The ref the bundle names when the data does not go inline. */
  ref: DatasetRef;
  /** The same data as an inline CSV, when this browser kept its text; null otherwise. */
  inline: InlineDatasetRef | null;
}

const isRemoteFormat = (format: string): format is RemoteFormat =>
  (REMOTE_FORMATS as readonly string[]).includes(format);

/** `record` is the stored dataset `ref` names, when the page has it. */
export function shareDataset(ref: DatasetRef, record: StoredDataset | null): SharedDataset {
  if (ref.kind !== 'local' || record === null || record.sha256 !== ref.sha256) {
    return { ref, inline: null };
  }
  const { lineage } = record;
  if (lineage.version > 1 && lineage.parent !== null) {
    // Its source (a download, a CSV) gives its first version, so it can only travel as bytes.
    const { sha256, name, limit } = ref;
    const { version, parent } = lineage;
    const later: LocalDatasetRef = { kind: 'local', sha256, name, version, parent };
    return { ref: limit === undefined ? later : { ...later, limit }, inline: null };
  }
  if (record.source.kind === 'url') {
    const url = downloadOf(ref, record, record.source.format);
    if (url !== null) return { ref: url, inline: null };
  }
  const { csv } = record;
  if (csv === undefined) {
    // A text import is named with its choices, so its file imports again to the same SHA-256.
    return { ref: record.text === undefined ? ref : { ...ref, text: record.text }, inline: null };
  }
  const { header, target, task, text } = csv;
  const local: LocalDatasetRef = { ...ref, csv: { header, target, task } };
  const inline: InlineDatasetRef | null =
    text === null
      ? null
      : {
          kind: 'inline',
          // Packing names the dataset after its file, so the same name packs to the same bytes.
          name: record.header.name,
          csv: text,
          header,
          target,
          task,
          ...(ref.limit === undefined ? {} : { limit: ref.limit }),
        };
  return { ref: local, inline };
}

/** The download a local dataset came from, when it can be repeated exactly; else null. */
function downloadOf(
  ref: LocalDatasetRef,
  record: StoredDataset,
  format: string,
): UrlDatasetRef | null {
  // The record keeps only the first file's address and hash, so only one-file formats can be
  // downloaded again exactly as they were.
  if (
    record.source.kind !== 'url' ||
    !isRemoteFormat(format) ||
    FORMAT_FILES[format].length !== 1 ||
    record.sourceSha256 === null
  ) {
    return null;
  }
  return {
    kind: 'url',
    name: ref.name,
    format,
    files: [{ url: record.source.url, sha256: record.sourceSha256 }],
    ...(ref.limit === undefined ? {} : { limit: ref.limit }),
  };
}

/** How one of a shared bundle's datasets reaches whoever opens it, in words. */
export interface DatasetTravel {
  name: string;
  /** In the link and the file; in the file only (as its stored bytes); or in neither. */
  travel: 'link' | 'file' | 'none';
  /** Set for `file`: the stored dataset the file carries. */
  sha256: string | null;
  note: string;
}

/** Why a dataset that the file carries is not in the link too. */
function notInLink(record: StoredDataset): string {
  if (record.lineage.version > 1) {
    return `it is version ${record.lineage.version} of its dataset, made in this browser`;
  }
  if (record.source.kind === 'url') {
    return record.sourceSha256 === null
      ? 'the link cannot pin its download, as no SHA-256 was recorded for it'
      : 'it was downloaded from several files and only the first one’s address was kept';
  }
  if (record.csv === undefined) {
    return record.source.kind === 'file' && record.source.format === 'csv'
      ? 'it was imported before Gradlab kept the text of imported CSV files'
      : 'a link carries only CSV text';
  }
  return record.csv.text === null
    ? `its CSV is larger than ${formatBytes(KEPT_CSV_BYTES)} or not UTF-8 text, so its text was not kept`
    : `with its CSV the link would be longer than ${formatBytes(LINK_BUDGET_BYTES)}`;
}

/**
 * What the dialog says of each dataset that was imported into a browser (inline CSVs and `local`
 * refs): generated, shipped and downloaded data go by themselves and need no word.
 */
export function datasetTravel(
  bundle: Pick<Bundle, 'datasets'>,
  stored: readonly StoredDataset[],
): DatasetTravel[] {
  const out: DatasetTravel[] = [];
  const seen = new Set<string>();
  for (const ref of Object.values(bundle.datasets)) {
    if (ref.kind === 'inline') {
      const size = formatBytes(new TextEncoder().encode(ref.csv).length);
      out.push({
        name: ref.name,
        travel: 'link',
        sha256: null,
        note: `“${ref.name}” travels in the link and in the file (its CSV text, ${size}).`,
      });
    } else if (ref.kind === 'local' && !seen.has(ref.sha256)) {
      seen.add(ref.sha256);
      const record = stored.find((r) => r.sha256 === ref.sha256);
      out.push(
        record === undefined
          ? {
              name: ref.name,
              travel: 'none',
              sha256: null,
              note:
                `“${ref.name}” is not stored in this browser, so neither the link nor the file ` +
                'carries it: whoever opens them is asked for its file.',
            }
          : {
              name: ref.name,
              travel: 'file',
              sha256: ref.sha256,
              note:
                `“${ref.name}” travels in the file only: ${notInLink(record)}. Whoever opens ` +
                'the link is asked for its file.',
            },
      );
    }
  }
  return out;
}
