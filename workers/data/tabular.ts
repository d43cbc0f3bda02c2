/** A CSV's bytes to a stored-ready packed table, with the column summaries its preview shows. */
import { readCsv } from '../../src/core/data/csv/import-csv';
import { tabularDataset } from '../../src/core/data/csv/tabular';
import type { HeaderChoice, TaskChoice } from '../../src/core/data-protocol';
import type { PackedDataset } from '../../src/core/data/packed';
import { DataFormatError, type GradlabError } from '../../src/core/errors';
import { err, ok, type Result } from '../../src/core/result';
import type { ColumnInfo } from '../../src/core/data/stored-dataset';

export interface DecodedTable {
  packed: PackedDataset;
  columns: ColumnInfo[];
  notes: string[];
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
  const { packed, columns, notes } = result.value;
  return ok({
    packed,
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
