/** Tables imported as the data worker imports them, and their stored records, for tests. */
import type { CsvTable } from '../data/csv/parse';
import { tabularDataset, type TabularResult } from '../data/csv/tabular';
import { sourceKeyOf, versionFields, type StoredDataset } from '../data/stored-dataset';

export const table = (header: string[], rows: string[][]): CsvTable => ({
  header,
  rows,
  delimiter: ',',
  hasHeader: true,
});

/** Penguin-like rows: numbers with a missing cell, a category with a missing cell, one row without a target. */
export const PENGUINS = table(
  ['bill_mm', 'island', 'note', 'mass_g', 'species'],
  [
    ['39.1', 'Torgersen', '', '3750', 'Adelie'],
    ['46.5', 'Dream', '', '3500', 'Chinstrap'],
    ['NA', 'Biscoe', '', '5000', 'Gentoo'],
    ['50.0', 'Biscoe', '', '5700', 'Gentoo'],
    ['38.8', '', '', '3400', 'Adelie'],
    ['49.2', 'Dream', '', '4000', 'Chinstrap'],
    ['60.3', 'Biscoe', '', '9000', ''],
  ],
);

export function imported(t: CsvTable, target = t.header.length - 1): TabularResult {
  const result = tabularDataset(t, { target, name: 'test' });
  if (!result.ok) throw new Error(`expected a dataset, got: ${result.error.message}`);
  return result.value;
}

/** The record the data worker stores; `encoding: false` gives one stored before it was kept. */
export function recordOf(result: TabularResult, { encoding = true } = {}): StoredDataset {
  const source = { kind: 'file', fileName: 'test.csv', format: 'csv' } as const;
  const { header } = result.packed;
  return {
    sha256: '0'.repeat(64),
    name: header.name,
    header,
    byteLength: 0,
    pieces: [],
    source,
    sourceKey: sourceKeyOf(source),
    sourceSha256: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    lastUsed: '2025-01-01T00:00:00.000Z',
    ...versionFields('0'.repeat(64), '2025-01-01T00:00:00.000Z'),
    classCounts: [],
    columns: result.columns.map(({ name, type, missing, distinct, mean, std }) => ({
      name,
      type,
      missing,
      distinct,
      ...(mean === undefined ? {} : { mean }),
      ...(std === undefined ? {} : { std }),
    })),
    notes: result.notes,
    ...(encoding ? { encoding: result.encoding } : {}),
  };
}
