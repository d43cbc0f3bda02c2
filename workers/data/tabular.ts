/**
 * A CSV's bytes to a stored-ready packed table, with the column summaries its preview shows, and
 * what the stored record keeps of how it was imported.
 */
import { readCsv } from '../../src/core/data/csv/import-csv';
import { tabularDataset } from '../../src/core/data/csv/tabular';
import type { CsvChoices, HeaderChoice, TaskChoice } from '../../src/core/data/csv/choices';
import type { PackedDataset } from '../../src/core/data/packed';
import type { PreprocessedColumn } from '../../src/core/export/preprocessing';
import { DataFormatError, type GradlabError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';
import {
  KEPT_CSV_BYTES,
  type ColumnInfo,
  type CsvOrigin,
} from '../../src/core/data/stored-dataset';

export interface DecodedTable {
  packed: PackedDataset;
  columns: ColumnInfo[];
  notes: string[];
  /** Each column as encoded, with the exact statistics of the rows kept. */
  encoding: PreprocessedColumn[];
}

/** `target` is a column index or name; the last column when absent. */
export function csvToPacked(
  bytes: Uint8Array,
  fileName: string,
  target: number | string | undefined,
  task: TaskChoice,
  firstRow: HeaderChoice = 'auto',
): Result<DecodedTable, GradlabError> {
  const table = readCsv(bytes, { header: firstRow });
  if (!table.ok) return table;
  const { header } = table.value;
  const index =
    typeof target === 'number'
      ? target
      : target === undefined
        ? header.length - 1
        : header.indexOf(target);
  if (index < 0) {
    return err(
      new DataFormatError(
        `${fileName} has no column called "${String(target)}"; its columns are ${header.slice(0, 10).join(', ')}.`,
        'missing-target',
      ),
    );
  }
  const name = fileName.replace(/\.(csv|tsv|txt)$/i, '');
  const result = tabularDataset(table.value, {
    target: index,
    name,
    ...(task === 'auto' ? {} : { task }),
  });
  if (!result.ok) return result;
  const { packed, columns, notes, encoding } = result.value;
  return ok({
    packed,
    encoding,
    notes: [...notes, ...columns.flatMap((c) => c.notes.map((note) => `${c.name}: ${note}`))],
    columns: columns.map(({ name: column, type, missing, distinct, min, max, mean, std }) => ({
      name: column,
      type,
      missing,
      distinct,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(mean === undefined ? {} : { mean }),
      ...(std === undefined ? {} : { std }),
    })),
  });
}

/**
 * The choices an import made and, for a small UTF-8 file, its text, which a shared notebook's link
 * can carry: imported with the same choices, that text packs to the same bytes again.
 */
export function csvOrigin(bytes: Uint8Array, choices: CsvChoices): CsvOrigin {
  let text: string | null = null;
  if (bytes.length <= KEPT_CSV_BYTES) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Another encoding: the file itself travels in the bundle file, and the link names it only.
    }
  }
  return { ...choices, text };
}
