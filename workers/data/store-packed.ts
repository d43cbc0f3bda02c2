/**
 * Packs a decoded dataset, names it by the SHA-256 of the packed bytes and stores it; or stores
 * bytes packed elsewhere (a bundle file's) as they are, once they prove to be what they claim.
 * A record is its line's first version unless its details give another lineage (a version made
 * by an edit, or one a bundle carried).
 */
import type { RemoteDatasetFile } from '../../src/core/data/dataset';
import type { PackedDataset } from '../../src/core/data/packed';
import { decodePacked, encodePacked } from '../../src/core/data/packed';
import {
  DataFormatError,
  DownloadError,
  IntegrityError,
  type GradlabError,
} from '../../src/core/errors';
import type { PreprocessedColumn } from '../../src/core/export/preprocessing';
import { sha256Hex } from '../../src/core/hash';
import { err, type Result } from '../../src/core/result';
import { firstVersion, type DatasetLineage } from '../../src/core/data/versions/lineage';
import {
  versionFields,
  versionSourceKey,
  type ColumnInfo,
  type CsvOrigin,
  type DatasetSource,
  type SharedDatasetDetails,
  type StoredDataset,
} from '../../src/core/data/stored-dataset';
import { saveDataset } from '../../src/storage/datasets-repo';
import type { TextChoices } from '../../src/core/data/text-choices';
import type { JobContext } from './context';

export interface StoreDetails {
  source: DatasetSource;
  sourceSha256: string | null;
  columns?: ColumnInfo[] | null;
  notes?: string[];
  csv?: CsvOrigin;
  encoding?: PreprocessedColumn[];
  sourceFiles?: RemoteDatasetFile[];
  text?: TextChoices;
  /** Absent: the line's first version, with no note. */
  lineage?: DatasetLineage;
  /** The data's licence as the user gave it; absent: not known (''). */
  license?: string;
}

type Stored = Result<{ record: StoredDataset; created: boolean }, GradlabError>;

/** `expected`, when given, is the SHA-256 the packed bytes must have; others are not stored. */
export async function storePacked(
  context: JobContext,
  packed: PackedDataset,
  details: StoreDetails,
  expected?: string,
): Promise<Stored> {
  const bytes = encodePacked(packed);
  const sha256 = await sha256Hex(bytes);
  if (expected !== undefined && sha256 !== expected) {
    return err(
      new IntegrityError(
        `Imported this way, the file gives a different dataset (SHA-256 ${sha256.slice(0, 12)}…) ` +
          `from the one asked for (${expected.slice(0, 12)}…), so it was not kept. It is another ` +
          'file, or a changed copy of it.',
      ),
    );
  }
  return storeEncoded(context, packed, bytes, sha256, details);
}

/**
 * Stores `bytes`, packed by another browser, under `sha256` when they hash to it and decode: what a
 * bundle file carried. They are stored exactly as they came, so the SHA-256 stays the author's.
 */
export async function storeShared(
  context: JobContext,
  bytes: Uint8Array,
  sha256: string,
  details: SharedDatasetDetails,
): Promise<Stored> {
  const digest = await sha256Hex(bytes);
  if (digest !== sha256) {
    return err(
      new IntegrityError(
        `The copy of "${details.name}" in the bundle file does not match its SHA-256 ` +
          `(expected ${sha256.slice(0, 12)}…, got ${digest.slice(0, 12)}…); nothing was kept.`,
      ),
    );
  }
  const packed = decodePacked(bytes);
  if (!packed.ok) {
    return err(
      new DataFormatError(
        `The copy of "${details.name}" in the bundle file is not a dataset Gradlab can read; ` +
          'nothing was kept. Ask its author to share the file again.',
        packed.error.reason,
      ),
    );
  }
  return storeEncoded(context, packed.value, bytes, sha256, details);
}

/** Stores `packed`, already encoded to `bytes` whose SHA-256 the caller computed. */
export async function storeEncoded(
  context: JobContext,
  packed: PackedDataset,
  bytes: Uint8Array,
  sha256: string,
  details: StoreDetails,
): Promise<Stored> {
  // The last point a cancel can still take effect: after this the dataset is saved whole.
  if (context.signal.aborted) {
    return err(new DownloadError('Cancelled; nothing was kept.', 'cancelled'));
  }
  context.progress('store', 0, bytes.length);
  const now = new Date().toISOString();
  const lineage = details.lineage ?? firstVersion(sha256);
  const saved = await saveDataset(
    context.db,
    {
      sha256,
      name: packed.header.name,
      header: packed.header,
      source: details.source,
      sourceKey: versionSourceKey(details.source, lineage, sha256),
      sourceSha256: details.sourceSha256,
      createdAt: now,
      lastUsed: now,
      ...versionFields(sha256, now, lineage),
      license: details.license ?? '',
      classCounts: classCounts(packed),
      columns: details.columns ?? null,
      notes: details.notes ?? [],
      ...(details.csv === undefined ? {} : { csv: details.csv }),
      ...(details.encoding === undefined ? {} : { encoding: details.encoding }),
      ...(details.sourceFiles === undefined ? {} : { sourceFiles: details.sourceFiles }),
      ...(details.text === undefined ? {} : { text: details.text }),
    },
    bytes,
  );
  if (saved.ok) context.progress('store', bytes.length, bytes.length);
  return saved;
}

function classCounts(packed: PackedDataset): number[] {
  const counts = new Array<number>(packed.header.classNames.length).fill(0);
  if (packed.header.task !== 'classification') return counts;
  for (const label of packed.y) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
