/**
 * New raw CSV rows to model inputs by a Preprocessing value, with the import's cell rules
 * (cells.ts): the same rules predict.py and predict.mjs write out, and the ones the interop
 * checks use to feed TF.js. Columns are found by name in the new file's header, so their order
 * may differ from the training file's, and the target column may be absent.
 *
 * What the import never saw is encoded as the import encodes a missing value, with a note: a
 * number column's text or missing cell becomes its mean (0 after scaling); a category not seen
 * in training, or a missing one where training had none, sets none of the column's features.
 */
import { DataFormatError } from '../errors';
import { err, ok, type Result } from '../result';
import { readCell } from '../data/csv/cells';
import type { PreprocessedColumn, Preprocessing } from './preprocessing';

export type RowPreprocessing = Extract<Preprocessing, { kind: 'tabular' } | { kind: 'points' }>;

export interface EncodedRow {
  /** The model's input for this row, in the order of the preprocessing's features. */
  x: Float32Array;
  /** What was encoded as missing and why, one sentence each. */
  notes: string[];
}

export interface RowEncoder {
  /** Features per row. */
  width: number;
  encode(cells: readonly string[]): EncodedRow;
}

type Slot =
  | { kind: 'numeric'; name: string; at: number; offset: number; mean: number; std: number }
  | {
      kind: 'one-hot';
      name: string;
      at: number;
      offset: number;
      index: Map<string, number>;
      missing: number;
    };

/** The name the import gives a column: a blank header cell is named by its position. */
export function columnNameAt(header: readonly string[], index: number): string {
  const name = header[index] ?? '';
  return name.trim() === '' ? `column ${index + 1}` : name;
}

/** The encoded feature names a list of columns gives, in order. */
export function featureNamesOf(columns: readonly PreprocessedColumn[]): string[] {
  return columns.flatMap((column) => {
    if (column.kind === 'numeric') return [column.name];
    if (column.kind !== 'one-hot') return [];
    const names = column.categories.map((value) => `${column.name}=${value}`);
    return column.missing ? [...names, `${column.name}=(missing)`] : names;
  });
}

/**
 * An encoder for rows of a file with this header, or why the file cannot be encoded (a column
 * the model needs is not in it). The n-th column of a name is matched to the n-th of that name.
 */
export function rowEncoder(
  preprocessing: RowPreprocessing,
  header: readonly string[],
): Result<RowEncoder, DataFormatError> {
  const columns: PreprocessedColumn[] =
    preprocessing.kind === 'points'
      ? preprocessing.features.map((name) => ({ name, kind: 'numeric', mean: 0, std: 1 }))
      : preprocessing.columns;
  const expected =
    preprocessing.kind === 'points' ? preprocessing.features : preprocessing.featureNames;
  const names = featureNamesOf(columns);
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
    return err(
      new DataFormatError(
        'The preprocessing does not describe the features the model takes; export the model again.',
        'preprocessing-mismatch',
      ),
    );
  }
  const positions = new Map<string, number[]>();
  header.forEach((_, i) => {
    const name = columnNameAt(header, i);
    positions.set(name, [...(positions.get(name) ?? []), i]);
  });
  const seen = new Map<string, number>();
  const slots: Slot[] = [];
  const absent: string[] = [];
  let offset = 0;
  for (const column of columns) {
    const occurrence = seen.get(column.name) ?? 0;
    seen.set(column.name, occurrence + 1);
    if (column.kind !== 'numeric' && column.kind !== 'one-hot') continue;
    const at = positions.get(column.name)?.[occurrence];
    if (at === undefined) absent.push(column.name);
    else if (column.kind === 'numeric') slots.push({ ...column, at, offset });
    else {
      const index = new Map(column.categories.map((value, i) => [value, i]));
      const missing = column.missing ? column.categories.length : -1;
      slots.push({ kind: 'one-hot', name: column.name, at, offset, index, missing });
    }
    offset += column.kind === 'numeric' ? 1 : column.categories.length + (column.missing ? 1 : 0);
  }
  if (absent.length > 0) {
    return err(
      new DataFormatError(
        `The rows have no column ${absent.map((name) => `'${name}'`).join(', ')}, which the model needs. ` +
          `Its columns are: ${expectedColumns(columns)}.`,
        'missing-column',
      ),
    );
  }
  return ok({ width: offset, encode: (cells) => encodeCells(slots, offset, cells) });
}

function expectedColumns(columns: readonly PreprocessedColumn[]): string {
  return columns
    .filter((c) => c.kind === 'numeric' || c.kind === 'one-hot')
    .map((c) => `'${c.name}'`)
    .join(', ');
}

function encodeCells(slots: readonly Slot[], width: number, cells: readonly string[]): EncodedRow {
  const x = new Float32Array(width);
  const notes: string[] = [];
  for (const slot of slots) {
    const raw = cells[slot.at] ?? '';
    const cell = readCell(raw);
    if (slot.kind === 'numeric') {
      if (typeof cell === 'number') x[slot.offset] = (cell - slot.mean) / slot.std;
      else if (cell !== 'missing') {
        const why = cell === 'too-large' ? 'is too large for 32-bit numbers' : 'is not a number';
        notes.push(`'${slot.name}': '${raw.trim()}' ${why}; read as missing (the mean).`);
      }
      continue;
    }
    const present = cell !== 'missing' && cell !== 'too-large';
    const at = present ? slot.index.get(raw.trim()) : slot.missing >= 0 ? slot.missing : undefined;
    if (at !== undefined) x[slot.offset + at] = 1;
    else if (present) {
      notes.push(`'${slot.name}': '${raw.trim()}' was not seen in training; no category set.`);
    } else notes.push(`'${slot.name}' is missing, which training never saw; no category set.`);
  }
  return { x, notes };
}
