/**
 * Datasets in IndexedDB: one record in `datasets` and the packed bytes cut into CHUNK_BYTES pieces
 * in `chunks`, so no single value is too large to clone and a worker can read the bytes itself.
 * A dataset is written in one transaction with its chunks, so it exists whole or not at all.
 * Writes and byte reads return Results; the record lookups (get, list, find) reject only when
 * IndexedDB itself fails under them (a connection closed for another tab's upgrade).
 */
import type { StorageUnavailableError } from '../core/errors';
import { StorageCorruptError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import { err, ok, type Result } from '../core/result';
import type { StoredDataset } from '../core/data/stored-dataset';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';
import { isArrayBuffer } from '../core/is-array-buffer';

export const CHUNK_BYTES = 1024 * 1024;

const chunkRange = (sha256: string): IDBKeyRange =>
  IDBKeyRange.bound([sha256, 0], [sha256, Infinity]);

const chunkCountOf = (byteLength: number): number => Math.ceil(byteLength / CHUNK_BYTES);

/**
 * Stores `bytes` under `record.sha256`, which the caller computed from these bytes. When that
 * dataset is already stored only its `lastUsed` changes (`created: false`).
 */
export const saveDataset = (
  db: GradlabDb,
  record: Omit<StoredDataset, 'byteLength' | 'chunkCount'>,
  bytes: Uint8Array,
): Promise<Result<{ record: StoredDataset; created: boolean }, WriteError>> =>
  write(db, ['datasets', 'chunks'], `save the dataset "${record.name}"`, async (tx) => {
    const datasets = tx.objectStore('datasets');
    const existing = await datasets.get(record.sha256);
    if (existing !== undefined) {
      const touched = { ...existing, lastUsed: record.lastUsed };
      await datasets.put(touched);
      return { record: touched, created: false };
    }
    const full: StoredDataset = {
      ...record,
      byteLength: bytes.byteLength,
      chunkCount: chunkCountOf(bytes.byteLength),
    };
    const chunks = tx.objectStore('chunks');
    const puts: Promise<unknown>[] = [];
    for (let n = 0; n < full.chunkCount; n++) {
      // A copy: putting a view would clone the whole buffer behind it into every chunk.
      const chunk = bytes.slice(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES).buffer;
      puts.push(handled(chunks.put(chunk, [record.sha256, n])));
    }
    // Last, so a reader that finds the record finds every chunk (they commit together anyway).
    puts.push(handled(datasets.put(full)));
    await Promise.all(puts);
    return { record: full, created: true };
  });

/**
 * Marks a request's rejection as handled as soon as it is made: the requests a failed one leaves
 * behind in an aborted transaction reject too (a later put can even throw before any is awaited),
 * and the first failure already answers for them. Whoever awaits `request` still sees it reject.
 */
function handled<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

export async function readDatasetBytes(
  db: GradlabDb,
  sha256: string,
  options: { verify?: boolean } = {},
): Promise<Result<Uint8Array, StorageCorruptError | StorageUnavailableError>> {
  let bytes: Uint8Array;
  let name: string;
  try {
    const tx = db.transaction(['datasets', 'chunks'], 'readonly');
    const record = await tx.objectStore('datasets').get(sha256);
    if (record === undefined) {
      return err(
        new StorageCorruptError(
          `The dataset ${sha256.slice(0, 12)}… is not in this browser's storage: it was deleted ` +
            'or stored in another browser. Add it again from its file, link or the dataset list.',
        ),
      );
    }
    name = record.name;
    const { byteLength, chunkCount } = record;
    if (
      !Number.isSafeInteger(byteLength) ||
      byteLength < 0 ||
      chunkCount !== chunkCountOf(byteLength)
    ) {
      return err(damaged(name, 'its size record is inconsistent'));
    }
    bytes = new Uint8Array(byteLength);
    // A cursor, not getAll: each chunk is copied into place and dropped, so memory peaks at the
    // dataset's size plus one chunk.
    let n = 0;
    let cursor = await tx.objectStore('chunks').openCursor(chunkRange(sha256));
    while (cursor !== null) {
      if (n >= chunkCount) {
        return err(damaged(name, `it has more chunks than the ${chunkCount} saved`));
      }
      if (cursor.key[1] !== n) {
        return err(damaged(name, `chunk ${n + 1} of ${chunkCount} is missing`));
      }
      const expected = Math.min(CHUNK_BYTES, byteLength - n * CHUNK_BYTES);
      const value: unknown = cursor.value;
      if (!isArrayBuffer(value) || value.byteLength !== expected) {
        return err(damaged(name, `chunk ${n + 1} of ${chunkCount} has the wrong size`));
      }
      bytes.set(new Uint8Array(value), n * CHUNK_BYTES);
      n++;
      cursor = await cursor.continue();
    }
    if (n !== chunkCount) {
      return err(damaged(name, `chunk ${n + 1} of ${chunkCount} is missing`));
    }
  } catch (error) {
    return err(toReadError(error, 'read a dataset'));
  }
  if (options.verify === true && (await sha256Hex(bytes)) !== sha256) {
    return err(damaged(name, 'its bytes changed since they were saved'));
  }
  return ok(bytes);
}

const damaged = (name: string, detail: string): StorageCorruptError =>
  new StorageCorruptError(
    `The stored dataset "${name}" is damaged (${detail}). ` +
      'Delete it in the storage panel and add it again.',
  );

export async function getDataset(db: GradlabDb, sha256: string): Promise<StoredDataset | null> {
  return (await db.get('datasets', sha256)) ?? null;
}

/** Most recently used first. */
export async function listDatasets(db: GradlabDb): Promise<StoredDataset[]> {
  return (await db.getAllFromIndex('datasets', 'by-last-used')).reverse();
}

/**
 * The dataset a source produced, the most recently used when it produced several (a URL whose
 * content changed, a file imported with other choices); null when none.
 */
export async function findDatasetBySource(
  db: GradlabDb,
  sourceKey: string,
): Promise<StoredDataset | null> {
  const found = await db.getAllFromIndex('datasets', 'by-source', sourceKey);
  return found.reduce<StoredDataset | null>(
    (best, d) => (best === null || d.lastUsed > best.lastUsed ? d : best),
    null,
  );
}

/** Sets `lastUsed`; the updated record, or null when no such dataset is stored. */
export const touchDataset = (
  db: GradlabDb,
  sha256: string,
  when: Date,
): Promise<Result<StoredDataset | null, WriteError>> =>
  write(db, ['datasets'], 'update when a dataset was last used', async (tx) => {
    const store = tx.objectStore('datasets');
    const existing = await store.get(sha256);
    if (existing === undefined) return null;
    const touched = { ...existing, lastUsed: when.toISOString() };
    await store.put(touched);
    return touched;
  });

/** Removes the record and every chunk (orphans too); true when there was a record. */
export const deleteDataset = (
  db: GradlabDb,
  sha256: string,
): Promise<Result<boolean, WriteError>> =>
  write(db, ['datasets', 'chunks'], 'delete a dataset', async (tx) => {
    const datasets = tx.objectStore('datasets');
    const existed = (await datasets.getKey(sha256)) !== undefined;
    await Promise.all([
      handled(datasets.delete(sha256)),
      handled(tx.objectStore('chunks').delete(chunkRange(sha256))),
    ]);
    return existed;
  });
