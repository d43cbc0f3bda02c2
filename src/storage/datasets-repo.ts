/**
 * Datasets in IndexedDB: one record per version in `datasets`, and the packed bytes cut by content
 * into pieces (core/data/versions/content-chunks.ts) kept in `pieces` by each piece's own SHA-256.
 * Versions that share content share pieces, so a relabelled example adds a piece or two, not the
 * whole set again; a piece stays while any record lists it. A dataset is written in one
 * transaction with its new pieces, so it exists whole or not at all, and deleting one frees, in
 * the same transaction, the pieces nothing else uses.
 * Writes and byte reads return Results; the record lookups (get, list, find) reject only when
 * IndexedDB itself fails under them (a connection closed for another tab's upgrade).
 */
import type { StorageUnavailableError } from '../core/errors';
import { StorageCorruptError } from '../core/errors';
import { sha256Hex } from '../core/hash';
import { err, ok, type Result } from '../core/result';
import type { DatasetPiece, StoredDataset } from '../core/data/stored-dataset';
import { contentChunks } from '../core/data/versions/content-chunks';
import { currentVersions, inVersionOrder } from '../core/data/versions/current';
import { isArrayBuffer } from '../core/is-array-buffer';
import { isRecord } from '../core/is-record';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

/** A piece of the bytes being saved: its hash and where it lies in them. */
interface Cut extends DatasetPiece {
  start: number;
}

/** Cuts and hashes before any transaction opens: a transaction cannot wait on SubtleCrypto. */
async function cut(bytes: Uint8Array): Promise<Cut[]> {
  const ends = contentChunks(bytes);
  return Promise.all(
    ends.map(async (end, i) => {
      const start = ends[i - 1] ?? 0;
      const sha256 = await sha256Hex(bytes.subarray(start, end));
      return { sha256, byteLength: end - start, start };
    }),
  );
}

/**
 * Stores `bytes` under `record.sha256`, which the caller computed from these bytes, writing only
 * the pieces no stored dataset holds yet (`addedBytes`: their size). When that dataset is already
 * stored only its `lastUsed` changes (`created: false`).
 */
export async function saveDataset(
  db: GradlabDb,
  record: Omit<StoredDataset, 'byteLength' | 'pieces'>,
  bytes: Uint8Array,
): Promise<Result<{ record: StoredDataset; created: boolean; addedBytes: number }, WriteError>> {
  const cuts = await cut(bytes);
  return write(db, ['datasets', 'pieces'], `save the dataset "${record.name}"`, async (tx) => {
    const datasets = tx.objectStore('datasets');
    const existing = await datasets.get(record.sha256);
    if (existing !== undefined) {
      const touched = { ...existing, lastUsed: record.lastUsed };
      await datasets.put(touched);
      return { record: touched, created: false, addedBytes: 0 };
    }
    const full: StoredDataset = {
      ...record,
      byteLength: bytes.byteLength,
      pieces: cuts.map(({ sha256, byteLength }) => ({ sha256, byteLength })),
    };
    const unique = [...new Map(cuts.map((piece) => [piece.sha256, piece])).values()];
    const pieces = tx.objectStore('pieces');
    const held = await Promise.all(unique.map((piece) => handled(pieces.getKey(piece.sha256))));
    let addedBytes = 0;
    const puts: Promise<unknown>[] = [];
    unique.forEach((piece, i) => {
      if (held[i] !== undefined) return;
      addedBytes += piece.byteLength;
      // A copy: putting a view would clone the whole buffer behind it into every piece.
      const copy = bytes.slice(piece.start, piece.start + piece.byteLength).buffer;
      puts.push(handled(pieces.put(copy, piece.sha256)));
    });
    // Last, so a reader that finds the record finds every piece (they commit together anyway).
    puts.push(handled(datasets.put(full)));
    await Promise.all(puts);
    return { record: full, created: true, addedBytes };
  });
}

/**
 * Marks a request's rejection as handled as soon as it is made: the requests a failed one leaves
 * behind in an aborted transaction reject too (a later put can even throw before any is awaited),
 * and the first failure already answers for them. Whoever awaits `request` still sees it reject.
 */
function handled<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

/** The pieces a record lists, when they are well-formed and add up to its size; else null. */
function piecesOf(record: StoredDataset): DatasetPiece[] | null {
  const { pieces, byteLength }: { pieces: unknown; byteLength: unknown } = record;
  if (!Array.isArray(pieces) || !Number.isSafeInteger(byteLength)) return null;
  const list: DatasetPiece[] = [];
  let total = 0;
  for (const piece of pieces) {
    if (!isRecord(piece) || typeof piece.sha256 !== 'string') return null;
    const size = piece.byteLength;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return null;
    list.push({ sha256: piece.sha256, byteLength: size });
    total += size;
  }
  return total === byteLength ? list : null;
}

/** Every piece hash a record names, however damaged the rest of it: deleting must not free them. */
function namedPieces(record: unknown): string[] {
  const pieces = isRecord(record) ? record.pieces : null;
  return Array.isArray(pieces)
    ? pieces.flatMap((piece: unknown) =>
        isRecord(piece) && typeof piece.sha256 === 'string' ? [piece.sha256] : [],
      )
    : [];
}

export async function readDatasetBytes(
  db: GradlabDb,
  sha256: string,
  options: { verify?: boolean } = {},
): Promise<Result<Uint8Array, StorageCorruptError | StorageUnavailableError>> {
  let bytes: Uint8Array;
  let name: string;
  try {
    const tx = db.transaction(['datasets', 'pieces'], 'readonly');
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
    const pieces = piecesOf(record);
    if (pieces === null) return err(damaged(name, 'its size record is inconsistent'));
    const into = new Uint8Array(record.byteLength);
    // Every read is asked for at once, and each piece is copied into place as it arrives and
    // dropped, so memory peaks near the dataset's size, not twice it.
    const problems: string[] = [];
    const store = tx.objectStore('pieces');
    let offset = 0;
    await Promise.all(
      pieces.map((piece, i) => {
        const at = offset;
        offset += piece.byteLength;
        return store.get(piece.sha256).then((value: unknown) => {
          const which = `piece ${i + 1} of ${pieces.length}`;
          if (value === undefined) problems[i] = `${which} is missing`;
          else if (!isArrayBuffer(value) || value.byteLength !== piece.byteLength) {
            problems[i] = `${which} has the wrong size`;
          } else into.set(new Uint8Array(value), at);
        });
      }),
    );
    const first = problems.find((problem) => problem !== undefined);
    if (first !== undefined) return err(damaged(name, first));
    bytes = into;
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

/** Any version, by its SHA-256. */
export async function getDataset(db: GradlabDb, sha256: string): Promise<StoredDataset | null> {
  return (await db.get('datasets', sha256)) ?? null;
}

/** Every version of every dataset, most recently used first. */
export async function listDatasets(db: GradlabDb): Promise<StoredDataset[]> {
  return (await db.getAllFromIndex('datasets', 'by-last-used')).reverse();
}

/**
 * One record per dataset: its line's current version (core/data/versions/current.ts), most
 * recently used first.
 */
export async function listCurrentDatasets(db: GradlabDb): Promise<StoredDataset[]> {
  return currentVersions(await listDatasets(db));
}

/** The versions of one dataset (`lineId`: its first version's SHA-256), oldest first. */
export async function listVersions(db: GradlabDb, lineId: string): Promise<StoredDataset[]> {
  return inVersionOrder(await db.getAllFromIndex('datasets', 'by-line', lineId));
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

/** Changes one record's fields; the updated record, or null when no such dataset is stored. */
const update = (
  db: GradlabDb,
  sha256: string,
  what: string,
  change: (record: StoredDataset) => StoredDataset,
): Promise<Result<StoredDataset | null, WriteError>> =>
  write(db, ['datasets'], what, async (tx) => {
    const store = tx.objectStore('datasets');
    const existing = await store.get(sha256);
    if (existing === undefined) return null;
    const changed = change(existing);
    await store.put(changed);
    return changed;
  });

/** Sets `lastUsed`; the updated record, or null when no such dataset is stored. */
export const touchDataset = (
  db: GradlabDb,
  sha256: string,
  when: Date,
): Promise<Result<StoredDataset | null, WriteError>> =>
  update(db, sha256, 'update when a dataset was last used', (record) => ({
    ...record,
    lastUsed: when.toISOString(),
  }));

/** Makes this version its dataset's current one ("restore as current"); null when not stored. */
export const makeCurrent = (
  db: GradlabDb,
  sha256: string,
  when: Date,
): Promise<Result<StoredDataset | null, WriteError>> =>
  update(db, sha256, 'restore a dataset version', (record) => ({
    ...record,
    currentSince: when.toISOString(),
  }));

/**
 * Changes what a version says about itself but not its content (its SHA-256 stays): its name,
 * licence, or flagged examples (kept sorted and once each). Null when not stored.
 */
export const updateDatasetDetails = (
  db: GradlabDb,
  sha256: string,
  patch: { license?: string; flags?: number[]; name?: string },
): Promise<Result<StoredDataset | null, WriteError>> =>
  update(db, sha256, 'update the details of a dataset', (record) => ({
    ...record,
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.license === undefined ? {} : { license: patch.license }),
    ...(patch.flags === undefined
      ? {}
      : { flags: [...new Set(patch.flags)].sort((a, b) => a - b) }),
  }));

/**
 * Removes the record, then every piece no remaining record lists (this one's unshared pieces,
 * and any a damaged store left behind), in the same transaction; true when there was a record.
 */
export const deleteDataset = (
  db: GradlabDb,
  sha256: string,
): Promise<Result<boolean, WriteError>> =>
  write(db, ['datasets', 'pieces'], 'delete a dataset', async (tx) => {
    const datasets = tx.objectStore('datasets');
    const pieces = tx.objectStore('pieces');
    const existed = (await datasets.getKey(sha256)) !== undefined;
    await datasets.delete(sha256);
    const [remaining, keys] = await Promise.all([datasets.getAll(), pieces.getAllKeys()]);
    const used = new Set(remaining.flatMap(namedPieces));
    await Promise.all(
      keys.filter((key) => !used.has(key)).map((key) => handled(pieces.delete(key))),
    );
    return existed;
  });

/** The size of every piece storage holds: what all stored datasets take, shared bytes once. */
export async function storedPieceBytes(db: GradlabDb): Promise<number> {
  let total = 0;
  let cursor = await db.transaction('pieces').store.openCursor();
  while (cursor !== null) {
    const value: unknown = cursor.value;
    if (isArrayBuffer(value)) total += value.byteLength;
    cursor = await cursor.continue();
  }
  return total;
}
