/**
 * The training worker's dataset loader: generated data is made on the spot, stored data is read
 * from IndexedDB here in the worker, so its bytes never cross postMessage.
 */
import { SHIPPED_CATALOG } from '../src/core/data/catalog';
import { loadGenerated, type LoadDataset } from '../src/core/data/load';
import { decodePacked, toDataset } from '../src/core/data/packed';
import { firstRows } from '../src/core/data/split';
import { InvalidDatasetError } from '../src/core/errors';
import { err, ok } from '../src/core/result';
import { sourceKeyOf } from '../src/storage/dataset-record';
import { findDatasetBySource, readDatasetBytes, touchDataset } from '../src/storage/datasets-repo';
import type { GradlabDb } from '../src/storage/open';
import type { GradlabError } from '../src/core/errors';
import type { Result } from '../src/core/result';

export function storedDatasetLoader(
  openDb: () => Promise<Result<GradlabDb, GradlabError>>,
): LoadDataset {
  return async (ref) => {
    if (ref.kind === 'builtin') return loadGenerated(ref);
    const db = await openDb();
    if (!db.ok) return db;
    let sha256: string;
    if (ref.kind === 'shipped') {
      const record = await findDatasetBySource(
        db.value,
        sourceKeyOf({ kind: 'shipped', name: ref.name }),
      );
      const title = SHIPPED_CATALOG.find((entry) => entry.id === ref.name)?.title ?? ref.name;
      if (!record) {
        return err(
          new InvalidDatasetError(
            `${title} is not in this browser's storage yet. Choose it in the dataset list to load it.`,
          ),
        );
      }
      sha256 = record.sha256;
    } else {
      sha256 = ref.sha256;
    }
    const bytes = await readDatasetBytes(db.value, sha256);
    if (!bytes.ok) return bytes;
    const packed = decodePacked(bytes.value);
    if (!packed.ok) return packed;
    await touchDataset(db.value, sha256, new Date());
    const data = toDataset(packed.value);
    const limit = ref.limit;
    return ok(limit !== undefined && limit < data.n ? firstRows(data, limit) : data);
  };
}
