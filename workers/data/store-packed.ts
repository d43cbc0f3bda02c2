/** Packs a decoded dataset, names it by the SHA-256 of the packed bytes and stores it. */
import type { PackedDataset } from '../../src/core/data/packed';
import { encodePacked } from '../../src/core/data/packed';
import { DownloadError, type GradlabError } from '../../src/core/errors';
import { sha256Hex } from '../../src/core/hash';
import { err, type Result } from '../../src/core/result';
import {
  sourceKeyOf,
  type ColumnInfo,
  type DatasetSource,
  type StoredDataset,
} from '../../src/core/data/stored-dataset';
import { saveDataset } from '../../src/storage/datasets-repo';
import type { JobContext } from './context';

export interface StoreDetails {
  source: DatasetSource;
  sourceSha256: string | null;
  columns?: ColumnInfo[] | null;
  notes?: string[];
}

export async function storePacked(
  context: JobContext,
  packed: PackedDataset,
  details: StoreDetails,
): Promise<Result<{ record: StoredDataset; created: boolean }, GradlabError>> {
  const bytes = encodePacked(packed);
  const sha256 = await sha256Hex(bytes);
  // The last point a cancel can still take effect: after this the dataset is saved whole.
  if (context.signal.aborted) {
    return err(new DownloadError('Cancelled; nothing was kept.', 'cancelled'));
  }
  context.progress('store', 0, bytes.length);
  const now = new Date().toISOString();
  const saved = await saveDataset(
    context.db,
    {
      sha256,
      name: packed.header.name,
      header: packed.header,
      source: details.source,
      sourceKey: sourceKeyOf(details.source),
      sourceSha256: details.sourceSha256,
      createdAt: now,
      lastUsed: now,
      classCounts: classCounts(packed),
      columns: details.columns ?? null,
      notes: details.notes ?? [],
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
