/**
 * The training worker's dataset loader: generated data (points, toy sequence tasks) is made on the
 * spot, stored data is read from IndexedDB here in the worker, so its bytes never cross postMessage.
 * (A bundle's downloaded or inline data is stored by the page's data worker first, and then trains
 * as a stored dataset.)
 */
import { SHIPPED_CATALOG } from '../src/core/data/catalog';
import { loadGenerated, type LoadDataset } from '../src/core/data/load';
import { decodePacked, toDataset } from '../src/core/data/packed';
import { firstRows } from '../src/core/data/split';
import type { Dataset, LocalDatasetRef, ShippedDatasetRef } from '../src/core/data/dataset';
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
    if (ref.kind === 'builtin' || ref.kind === 'sequence') return loadGenerated(ref);
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
  ref: ShippedDatasetRef | LocalDatasetRef,
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
  }
}
