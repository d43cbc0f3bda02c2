/**
 * The training worker's dataset loader: generated data is made on the spot, stored data is read
 * from IndexedDB here in the worker, so its bytes never cross postMessage.
 */
import { SHIPPED_CATALOG } from '../src/core/data/catalog';
import { loadGenerated, type LoadDataset } from '../src/core/data/load';
import { decodePacked, toDataset } from '../src/core/data/packed';
import { firstRows } from '../src/core/data/split';
import type {
  Dataset,
  InlineDatasetRef,
  LocalDatasetRef,
  ShippedDatasetRef,
  UrlDatasetRef,
} from '../src/core/data/dataset';
import { csvToPacked } from './data/tabular';
import { InvalidDatasetError } from '../src/core/errors';
import { err, ok } from '../src/core/result';
import { sourceKeyOf } from '../src/core/data/stored-dataset';
import { findDatasetBySource, readDatasetBytes, touchDataset } from '../src/storage/datasets-repo';
import type { GradlabDb } from '../src/storage/open';
import type { GradlabError } from '../src/core/errors';
import type { Result } from '../src/core/result';

export function storedDatasetLoader(
  openDb: () => Promise<Result<GradlabDb, GradlabError>>,
): LoadDataset {
  return async (ref) => {
    if (ref.kind === 'builtin') return loadGenerated(ref);
    if (ref.kind === 'inline') return inlineDataset(ref);
    const db = await openDb();
    if (!db.ok) return db;
    const found = await storedSha256(db.value, ref);
    if (!found.ok) return found;
    const sha256 = found.value;
    const bytes = await readDatasetBytes(db.value, sha256);
    if (!bytes.ok) return bytes;
    const packed = decodePacked(bytes.value);
    if (!packed.ok) return packed;
    await touchDataset(db.value, sha256, new Date());
    const data = toDataset(packed.value);
    return ok(limited(data, ref.limit));
  };
}

const limited = (data: Dataset, limit: number | undefined): Dataset =>
  limit !== undefined && limit < data.n ? firstRows(data, limit) : data;

/** The SHA-256 under which a shipped, downloaded or imported dataset is stored here. */
async function storedSha256(
  db: GradlabDb,
  ref: ShippedDatasetRef | LocalDatasetRef | UrlDatasetRef,
): Promise<Result<string, GradlabError>> {
  switch (ref.kind) {
    case 'local':
      return ok(ref.sha256);
    case 'shipped': {
      const record = await findDatasetBySource(
        db,
        sourceKeyOf({ kind: 'shipped', name: ref.name }),
      );
      const title = SHIPPED_CATALOG.find((entry) => entry.id === ref.name)?.title ?? ref.name;
      return record
        ? ok(record.sha256)
        : err(
            new InvalidDatasetError(
              `${title} is not in this browser's storage yet. Choose it in the dataset list to load it.`,
            ),
          );
    }
    case 'url': {
      const [first] = ref.files;
      const source = { kind: 'url', url: first?.url ?? '', format: ref.format } as const;
      const record = await findDatasetBySource(db, sourceKeyOf(source));
      // The same address may serve other bytes by now: only the pinned download will do.
      return record && record.sourceSha256 === first?.sha256
        ? ok(record.sha256)
        : err(
            new InvalidDatasetError(
              `${ref.name} has not been downloaded into this browser yet. Open it from its link or ` +
                'the Datasets page first.',
            ),
          );
    }
  }
}

/** A small CSV carried in a bundle, read as the CSV import reads a file. */
function inlineDataset(ref: InlineDatasetRef): Result<Dataset, GradlabError> {
  const table = csvToPacked(
    new TextEncoder().encode(ref.csv),
    ref.name,
    ref.target,
    ref.task ?? 'auto',
    ref.header ?? 'auto',
  );
  return table.ok ? ok(limited(toDataset(table.value.packed), ref.limit)) : table;
}
