/**
 * What each column of a table holds, for the import preview and for encoding. Cells are read by
 * the policy in cells.ts. A column is:
 * - empty: no cell has a value;
 * - numeric: every cell that has a value is a number. Numbers beyond the float32 range (`1e999`)
 *   count as missing and the column gets a note: training data is float32 and cannot hold them;
 * - categorical: anything else. A column that would be numeric but for commas (`1,000`, `2,5`)
 *   gets a note saying to remove thousands separators (or write decimals with a point); one that
 *   is mostly numbers gets a note naming a value that is not.
 * Distinct values are counted up to DISTINCT_CAP, so memory stays bounded on columns of ids.
 */
import { hasValue, readCell } from './cells';
import type { CsvTable } from './parse';
import { counted, nounFor } from '../../plural';

export interface ColumnSummary {
  name: string;
  type: 'numeric' | 'categorical' | 'empty';
  /** Cells without a usable value: empty, NaN, NA, null, or a number too large for float32. */
  missing: number;
  /** Distinct values (as numbers in a numeric column, else as trimmed text), at most DISTINCT_CAP. */
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Population standard deviation. */
  std?: number;
  /** The most frequent values, most frequent first, at most TOP_VALUES of them. */
  top: { value: string; count: number }[];
  /** Sentences for the user about how the column was read. */
  notes: string[];
}

export const DISTINCT_CAP = 1000;
const TOP_VALUES = 5;

export function summarizeColumns(table: CsvTable): ColumnSummary[] {
  return table.header.map((header, column) =>
    // A blank header cell is named by position so notes and feature names can refer to it.
    summarizeColumn(table.rows, column, header.trim() === '' ? `column ${column + 1}` : header),
  );
}

function summarizeColumn(
  rows: readonly (readonly string[])[],
  column: number,
  name: string,
): ColumnSummary {
  const numbers = new BoundedCounter<number>();
  let missing = 0;
  let tooLarge = 0;
  let commaNumbers = 0;
  let text = 0;
  let firstTooLarge = '';
  let firstComma = '';
  let firstText = '';
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const raw = row[column] ?? '';
    const cell = readCell(raw);
    if (typeof cell === 'number') {
      numbers.add(cell);
      count++;
      const delta = cell - mean;
      mean += delta / count;
      m2 += delta * (cell - mean);
      if (cell < min) min = cell;
      if (cell > max) max = cell;
    } else if (cell === 'missing') {
      missing++;
    } else if (cell === 'too-large') {
      missing++;
      if (tooLarge++ === 0) firstTooLarge = raw.trim();
    } else if (cell === 'comma-number') {
      if (commaNumbers++ === 0) firstComma = raw.trim();
    } else if (text++ === 0) {
      firstText = raw.trim();
    }
  }
  const notes: string[] = [];
  if (tooLarge > 0) {
    notes.push(
      `${counted(tooLarge, 'value')} such as '${short(firstTooLarge)}' ${nounFor(tooLarge, 'is', 'are')} too large for 32-bit numbers and counted as missing.`,
    );
  }
  if (count + commaNumbers + text === 0) {
    return { name, type: 'empty', missing, distinct: 0, top: [], notes };
  }
  if (commaNumbers + text === 0) {
    return {
      name,
      type: 'numeric',
      missing,
      distinct: numbers.size,
      min,
      max,
      mean,
      std: Math.sqrt(m2 / count),
      top: numbers
        .top(TOP_VALUES, (a, b) => a - b)
        .map(({ value, count }) => ({
          value: String(value),
          count,
        })),
      notes: notes.concat(capNote(numbers)),
    };
  }
  if (text === 0) {
    notes.push(
      `Values such as '${short(firstComma)}' contain a comma, so the column is read as categories. ` +
        'Remove thousands separators (and write decimals with a point) to use it as numbers.',
    );
  } else if (count + commaNumbers > text) {
    notes.push(
      `Mostly numbers, but ${counted(text, 'value')} such as '${short(firstText)}' ${nounFor(text, 'is', 'are')} not, so the column is read as categories. ` +
        'Replace them with empty cells to use it as numbers.',
    );
  }
  // Categories are counted by their text in a second pass, paid only by categorical columns.
  const texts = new BoundedCounter<string>();
  for (const row of rows) {
    const raw = row[column] ?? '';
    if (hasValue(raw)) texts.add(raw.trim());
  }
  return {
    name,
    type: 'categorical',
    missing,
    distinct: texts.size,
    top: texts.top(TOP_VALUES, byCodeUnit),
    notes: notes.concat(capNote(texts)),
  };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Counts values until DISTINCT_CAP distinct ones are held; later new values are not counted. */
class BoundedCounter<T> {
  private readonly counts = new Map<T, number>();
  capped = false;

  add(value: T): void {
    const seen = this.counts.get(value);
    if (seen !== undefined) this.counts.set(value, seen + 1);
    else if (this.counts.size < DISTINCT_CAP) this.counts.set(value, 1);
    else this.capped = true;
  }

  get size(): number {
    return this.counts.size;
  }

  /** The n most frequent values; ties in the order of `compare`. */
  top(n: number, compare: (a: T, b: T) => number): { value: T; count: number }[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
      .slice(0, n)
      .map(([value, count]) => ({ value, count }));
  }
}

function capNote(counter: BoundedCounter<unknown>): string[] {
  return counter.capped
    ? [`More than ${DISTINCT_CAP} distinct values; counts cover the first ${DISTINCT_CAP}.`]
    : [];
}

/** A cell quoted in a note, cut so a huge value cannot flood the UI. */
function short(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
