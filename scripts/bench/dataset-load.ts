/**
 * "MNIST-10k from the cache to tensors": the shipped packed file is stored in IndexedDB as the
 * app's data worker stores it (saveDataset, same record), then each round does what the training
 * worker does for a stored dataset: storedDatasetLoader (piece read, decodePacked, toDataset) and
 * toDevice on the active backend. The upload is awaited by reading back one row of x and of the
 * labels: WebGL and WebGPU upload a tensor lazily, on the first kernel that reads it, so creating
 * the tensors alone would time nothing.
 */
import * as tf from '@tensorflow/tfjs';
import type { ShippedDatasetRef } from '../../src/core/data/dataset';
import { gunzipCapped, isGzip } from '../../src/core/data/formats/inflate';
import { decodePacked, type PackedDataset } from '../../src/core/data/packed';
import type { StorageUnavailableError } from '../../src/core/errors';
import { sha256Hex } from '../../src/core/hash';
import type { Result } from '../../src/core/result';
import { disposeDeviceData, toDevice } from '../../src/engine/train/device-data';
import { sourceKeyOf, versionFields } from '../../src/core/data/stored-dataset';
import { saveDataset } from '../../src/storage/datasets-repo';
import { openGradlabDb, type GradlabDb } from '../../src/storage/open';
import { storedDatasetLoader } from '../../workers/dataset-loader';
import type { DatasetLoadReport } from './protocol';
import { median, toSeconds } from './stats';
import { unwrap } from './unwrap';

export const BENCH_DB = 'gradlab-bench';
export const LOAD_TARGET_SECONDS = 1;
/** The app's own cap for a shipped file (workers/data/controller.ts). */
const MAX_SHIPPED_BYTES = 64 * 1024 * 1024;
const REF: ShippedDatasetRef = { kind: 'shipped', name: 'mnist-10k' };

type OpenDb = Promise<Result<GradlabDb, StorageUnavailableError>>;

function classCounts(packed: PackedDataset): number[] {
  const counts = new Array<number>(packed.header.classNames.length).fill(0);
  for (const label of packed.y) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Fetches the shipped file and stores it as the app does; returns what was stored. */
async function storeShipped(url: string): Promise<PackedDataset & { bytes: number }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const fetched = new Uint8Array(await response.arrayBuffer());
  // Servers differ: some send the .gz as it is, others with Content-Encoding and already inflated.
  const raw = isGzip(fetched) ? unwrap(gunzipCapped(fetched, MAX_SHIPPED_BYTES)) : fetched;
  const packed = unwrap(decodePacked(raw));
  const db = unwrap(await openGradlabDb({ name: BENCH_DB }));
  try {
    const source = { kind: 'shipped', name: REF.name } as const;
    const now = new Date().toISOString();
    const sha256 = await sha256Hex(raw);
    const record = {
      sha256,
      ...versionFields(sha256, now),
      name: packed.header.name,
      header: packed.header,
      source,
      sourceKey: sourceKeyOf(source),
      sourceSha256: await sha256Hex(fetched),
      createdAt: now,
      lastUsed: now,
      classCounts: classCounts(packed),
      columns: null,
      notes: [],
    };
    unwrap(await saveDataset(db, record, raw));
  } finally {
    db.close();
  }
  return { ...packed, bytes: raw.byteLength };
}

/** One load: milliseconds for the loader and for the upload, checked by the label read back. */
async function loadOnce(
  load: ReturnType<typeof storedDatasetLoader>,
): Promise<{ read: number; upload: number }> {
  const t0 = performance.now();
  const data = unwrap(await load(REF));
  const t1 = performance.now();
  const device = toDevice(data);
  const last = [data.n - 1];
  const probe = tf.tidy(() =>
    tf.concat([tf.gather(device.xs, last).flatten(), tf.gather(device.ys, last).flatten()]),
  );
  const row = await probe.data();
  const t2 = performance.now();
  probe.dispose();
  disposeDeviceData(device);
  const oneHot = Array.from(row.subarray(row.length - device.ys.shape[1]));
  if (oneHot.reduce((sum, v) => sum + v, 0) !== 1) {
    throw new Error('the labels read back from the device are not one-hot');
  }
  return { read: t1 - t0, upload: t2 - t1 };
}

/**
 * Stores MNIST-10k, then times `rounds` loads to tensors on the active backend. Never throws: a
 * failure is the report's `error`.
 */
export async function timeDatasetLoad(url: string, rounds: number): Promise<DatasetLoadReport> {
  try {
    return await measure(url, rounds);
  } catch (error) {
    return {
      name: 'MNIST-10k',
      examples: 0,
      storedBytes: 0,
      medianSeconds: NaN,
      targetSeconds: LOAD_TARGET_SECONDS,
      rounds: [],
      medianRead: NaN,
      medianUpload: NaN,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

async function measure(url: string, rounds: number): Promise<DatasetLoadReport> {
  const stored = await storeShipped(url);
  // The training worker opens its database once and keeps it: so does this loader.
  let db: OpenDb | undefined;
  const load = storedDatasetLoader(() => (db ??= openGradlabDb({ name: BENCH_DB })));
  const times: DatasetLoadReport['rounds'] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const { read, upload } = await loadOnce(load);
      times.push({
        total: toSeconds(read + upload),
        read: toSeconds(read),
        upload: toSeconds(upload),
      });
    }
  } finally {
    const opened = await db;
    if (opened?.ok) opened.value.close();
  }
  return {
    name: stored.header.name,
    examples: stored.header.count,
    storedBytes: stored.bytes,
    medianSeconds: median(times.map((t) => t.total)),
    targetSeconds: LOAD_TARGET_SECONDS,
    rounds: times,
    medianRead: median(times.map((t) => t.read)),
    medianUpload: median(times.map((t) => t.upload)),
    error: null,
  };
}
