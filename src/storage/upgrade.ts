/**
 * Schema upgrades, one cumulative block per version: a browser holding version k runs every block
 * after k, in order, inside the single versionchange transaction IndexedDB gives the upgrade.
 */
import { unwrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { versionFields, type DatasetPiece } from '../core/data/stored-dataset';
import { contentChunks } from '../core/data/versions/content-chunks';
import { isArrayBuffer } from '../core/is-array-buffer';
import { isRecord } from '../core/is-record';
import { sha256HexSync } from '../core/sha256-sync';
import type { GradlabSchema } from './schema';

export function upgradeGradlabDb(
  db: IDBPDatabase<GradlabSchema>,
  oldVersion: number,
  newVersion: number | null,
  transaction: IDBPTransaction<GradlabSchema, StoreNames<GradlabSchema>[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const datasets = db.createObjectStore('datasets', { keyPath: 'sha256' });
    datasets.createIndex('by-source', 'sourceKey');
    datasets.createIndex('by-last-used', 'lastUsed');
    // Version 1's store of dataset bytes, [sha256, n] -> chunk n; version 4 moves them to pieces.
    unwrap(db).createObjectStore(LEGACY_CHUNKS);
    db.createObjectStore('notebooks', { keyPath: 'id' });
    db.createObjectStore('versions', { keyPath: 'id' });
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('by-created', 'createdAt');
    db.createObjectStore('checkpoints', { keyPath: 'runId' });
    db.createObjectStore('settings');
  }
  if (oldVersion < 2) {
    // "Resume" asks for the newest checkpoint; without an index it would read every one's weights.
    transaction.objectStore('checkpoints').createIndex('by-saved', 'savedAt');
  }
  if (oldVersion < 3) {
    // Sweeps are listed newest first, as runs are.
    const sweeps = db.createObjectStore('sweeps', { keyPath: 'sweep.id' });
    sweeps.createIndex('by-created', 'sweep.createdAt');
  }
  if (oldVersion < 4) {
    // Dataset versions share their bytes: pieces cut by content, kept by their own hash.
    db.createObjectStore('pieces');
    transaction.objectStore('datasets').createIndex('by-line', 'lineage.lineId');
    moveChunksToPieces(unwrap(db), unwrap(transaction));
  }
}

const LEGACY_CHUNKS = 'chunks';

/**
 * Cuts each stored dataset's chunks into pieces, gives its record the version fields of a line's
 * first version, then drops the chunks store. It runs on request callbacks, one dataset at a time
 * (memory peaks at twice the largest dataset), and hashes synchronously: a versionchange
 * transaction commits as soon as nothing is pending, so nothing may wait on SubtleCrypto here.
 * A dataset whose chunks were damaged keeps what was there; its size no longer adds up, and
 * reading it says it is damaged, as it did before. Any failure aborts the whole upgrade.
 */
function moveChunksToPieces(db: IDBDatabase, tx: IDBTransaction): void {
  const datasets = tx.objectStore('datasets');
  const chunks = tx.objectStore(LEGACY_CHUNKS);
  const pieces = tx.objectStore('pieces');
  const written = new Set<string>();
  const walk = datasets.openCursor();
  walk.onsuccess = () => {
    const cursor = walk.result;
    if (cursor === null) {
      db.deleteObjectStore(LEGACY_CHUNKS);
      return;
    }
    const sha256 = String(cursor.primaryKey);
    const read = chunks.getAll(IDBKeyRange.bound([sha256, 0], [sha256, Infinity]));
    read.onsuccess = () => {
      const buffers: unknown[] = read.result;
      const bytes = concat(buffers.filter(isArrayBuffer));
      const list: DatasetPiece[] = [];
      let start = 0;
      for (const end of contentChunks(bytes)) {
        const piece = bytes.slice(start, end);
        const sha = sha256HexSync(piece);
        list.push({ sha256: sha, byteLength: piece.byteLength });
        if (!written.has(sha)) pieces.put(piece.buffer, sha);
        written.add(sha);
        start = end;
      }
      const old: Record<string, unknown> = isRecord(cursor.value) ? cursor.value : {};
      const kept = Object.fromEntries(Object.entries(old).filter(([key]) => key !== 'chunkCount'));
      const createdAt =
        typeof old.createdAt === 'string' ? old.createdAt : new Date().toISOString();
      cursor.update({
        ...versionFields(sha256, createdAt),
        ...kept,
        pieces: list,
      });
      cursor.continue();
    };
  };
}

function concat(buffers: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), at);
    at += buffer.byteLength;
  }
  return out;
}
