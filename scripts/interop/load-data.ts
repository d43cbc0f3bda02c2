/**
 * A reference experiment's data in Node, read as the app reads it: generated datasets from their
 * generator, the shipped Iris CSV through the data worker's CSV import (readCsv, tabularDataset:
 * standardised columns, class names), the shipped MNIST-10k from its packed file, and `limit` as
 * the training worker applies it; with the preprocessing.json value an export of it carries. The
 * shipped files are those `scripts/build-datasets.ts` writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_CATALOG } from '../../src/core/data/catalog';
import type { Dataset, LoadableDatasetRef } from '../../src/core/data/dataset';
import { gunzipCapped, isGzip } from '../../src/core/data/formats/inflate';
import { generate, GENERATOR_INFO } from '../../src/core/data/generators';
import { generateSequenceTask, SEQUENCE_TASK_INFO } from '../../src/core/data/sequence-tasks';
import {
  decodePacked,
  encodePacked,
  toDataset,
  type PackedDataset,
} from '../../src/core/data/packed';
import { firstRows } from '../../src/core/data/split';
import { sourceKeyOf, versionFields, type StoredDataset } from '../../src/core/data/stored-dataset';
import type { Preprocessing } from '../../src/core/export/preprocessing';
import {
  pointsPreprocessing,
  storedPreprocessing,
  textPreprocessing,
} from '../../src/core/export/preprocessing-of';
import type { Result } from '../../src/core/result';
import { sha256HexSync } from '../../src/core/sha256-sync';
import { csvToPacked } from '../../workers/data/tabular';
import { REPO_ROOT } from '../lib/paths';

export interface LoadedData {
  data: Dataset;
  datasetName: string;
  /** The stored dataset's SHA-256 (of its packed bytes); null for generated data. */
  datasetSha256: string | null;
  preprocessing: Preprocessing;
  /** A shipped dataset as stored (its pixels still uint8); null for generated data. */
  packed: PackedDataset | null;
  /** The file a shipped dataset comes from (the CSV's bytes for Iris); null for generated data. */
  raw: Uint8Array | null;
}

const MAX_SHIPPED_BYTES = 64 * 1024 * 1024;

function unwrap<T>(result: Result<T, Error>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

export function loadData(ref: LoadableDatasetRef): LoadedData {
  if (ref.kind === 'builtin') {
    return {
      data: unwrap(generate(ref)),
      datasetName: GENERATOR_INFO[ref.generator].label,
      datasetSha256: null,
      preprocessing: pointsPreprocessing(ref),
      packed: null,
      raw: null,
    };
  }
  if (ref.kind === 'sequence') {
    const data = unwrap(generateSequenceTask(ref));
    return {
      data,
      datasetName: SEQUENCE_TASK_INFO[ref.task].label,
      datasetSha256: null,
      preprocessing: textPreprocessing({ ...data, classNames: [] }, data.tokenizer),
      packed: null,
      raw: null,
    };
  }
  if (ref.kind === 'local') throw new Error('The Keras check uses no browser-stored dataset.');
  const entry = SHIPPED_CATALOG.find((e) => e.id === ref.name);
  if (!entry) throw new Error(`No shipped dataset ${ref.name}.`);
  const path = join(REPO_ROOT, 'public', entry.file);
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch {
    throw new Error(`${path} is missing: run \`npx tsx scripts/build-datasets.ts\` first.`);
  }
  const table =
    entry.format === 'csv' ? unwrap(csvToPacked(raw, entry.title, entry.target, 'auto')) : null;
  const packed =
    table?.packed ??
    unwrap(decodePacked(isGzip(raw) ? unwrap(gunzipCapped(raw, MAX_SHIPPED_BYTES)) : raw));
  const bytes = encodePacked(packed);
  const sha256 = sha256HexSync(bytes);
  const source = { kind: 'shipped', name: entry.id } as const;
  // The record the data worker would store (workers/data/store-packed.ts), for what reads one.
  const record: StoredDataset = {
    sha256,
    name: packed.header.name,
    header: packed.header,
    byteLength: bytes.length,
    pieces: [{ sha256, byteLength: bytes.length }],
    source,
    sourceKey: sourceKeyOf(source),
    sourceSha256: sha256HexSync(raw),
    createdAt: new Date(0).toISOString(),
    lastUsed: new Date(0).toISOString(),
    ...versionFields(sha256, new Date(0).toISOString()),
    classCounts: [],
    columns: table?.columns ?? null,
    notes: table?.notes ?? [],
    ...(table ? { encoding: table.encoding } : {}),
  };
  const all = toDataset(packed);
  const data = ref.limit !== undefined && ref.limit < all.n ? firstRows(all, ref.limit) : all;
  return {
    data,
    datasetName: entry.title,
    datasetSha256: sha256,
    preprocessing: storedPreprocessing(record),
    packed,
    raw,
  };
}
