/**
 * A reference experiment's data in Node, read as the app reads it: generated datasets from their
 * generator, the shipped Iris CSV through the data worker's CSV import (readCsv, tabularDataset:
 * standardised columns, class names), the shipped MNIST-10k from its packed file, and `limit` as
 * the training worker applies it. The shipped files are those `scripts/build-datasets.ts` writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_CATALOG } from '../../src/core/data/catalog';
import type { Dataset, LoadableDatasetRef } from '../../src/core/data/dataset';
import { gunzipCapped, isGzip } from '../../src/core/data/formats/inflate';
import { generate } from '../../src/core/data/generators';
import { decodePacked, toDataset, type PackedDataset } from '../../src/core/data/packed';
import { firstRows } from '../../src/core/data/split';
import type { Result } from '../../src/core/result';
import { csvToPacked } from '../../workers/data/tabular';
import { REPO_ROOT } from '../lib/paths';

export interface LoadedData {
  data: Dataset;
  /** The packed form a shipped dataset is stored in (its header names classes and columns). */
  packed: PackedDataset | null;
  /** The raw file a shipped dataset comes from (the CSV's bytes for Iris). */
  raw: Uint8Array | null;
}

const MAX_SHIPPED_BYTES = 64 * 1024 * 1024;

function unwrap<T>(result: Result<T, Error>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

export function loadData(ref: LoadableDatasetRef): LoadedData {
  if (ref.kind === 'builtin') return { data: unwrap(generate(ref)), packed: null, raw: null };
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
  const packed =
    entry.format === 'csv'
      ? unwrap(csvToPacked(raw, entry.title, entry.target, 'auto')).packed
      : unwrap(decodePacked(isGzip(raw) ? unwrap(gunzipCapped(raw, MAX_SHIPPED_BYTES)) : raw));
  const all = toDataset(packed);
  const data = ref.limit !== undefined && ref.limit < all.n ? firstRows(all, ref.limit) : all;
  return { data, packed, raw };
}
