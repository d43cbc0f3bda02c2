/** Datasets for the storage tests: fresh databases, bytes, and records as the data worker makes them. */
import type { PackedHeader } from '../core/data/packed';
import { sha256Hex } from '../core/hash';
import {
  sourceKeyOf,
  versionFields,
  type DatasetSource,
  type StoredDataset,
} from '../core/data/stored-dataset';
import type { DatasetLineage } from '../core/data/versions/lineage';
import { saveDataset } from './datasets-repo';
import { openGradlabDb, type GradlabDb } from './open';

export const header: PackedHeader = {
  name: 'test',
  kind: 'tabular',
  task: 'regression',
  count: 0,
  inputShape: [1],
  xType: 'float32',
  classNames: [],
  featureNames: ['x'],
};

export async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `datasets-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

/** Pseudo-random bytes (an LCG per seed), so no two pieces are alike and cuts fall by content. */
export function bytesOf(length: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  let s = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bytes[i] = s >>> 24;
  }
  return bytes;
}

export async function recordFor(
  bytes: Uint8Array,
  options: {
    name?: string;
    lastUsed?: string;
    source?: DatasetSource;
    /** The version it is (a line's first unless told) and when it became current. */
    lineage?: DatasetLineage;
    currentSince?: string;
  } = {},
): Promise<Omit<StoredDataset, 'byteLength' | 'pieces'>> {
  const source = options.source ?? { kind: 'file', fileName: 'data.csv', format: 'csv' };
  const sha256 = await sha256Hex(bytes);
  return {
    sha256,
    ...versionFields(sha256, options.currentSince ?? '2024-01-01T00:00:00.000Z', options.lineage),
    name: options.name ?? 'data',
    header,
    source,
    sourceKey: sourceKeyOf(source),
    sourceSha256: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    lastUsed: options.lastUsed ?? '2024-01-01T00:00:00.000Z',
    classCounts: [],
    columns: null,
    notes: [],
  };
}

export async function save(
  db: GradlabDb,
  bytes: Uint8Array,
  options?: Parameters<typeof recordFor>[1],
) {
  const saved = await saveDataset(db, await recordFor(bytes, options), bytes);
  if (!saved.ok) throw saved.error;
  return saved.value;
}

/** Element by element: toEqual walks megabyte arrays too slowly. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);
