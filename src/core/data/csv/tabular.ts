/**
 * A parsed CSV table to a packed tabular dataset: one target column, every other column a feature.
 *
 * Policy (the returned notes tell the user what was done):
 * - rows whose target is missing are left out and counted in `droppedRows`;
 * - task, unless given: regression when the target is numeric with non-integers or more than
 *   MAX_AUTO_CLASSES distinct values, else classification. Class names are sorted, numerically
 *   for a numeric target, else by code unit (not locale, so packing is the same everywhere);
 * - numeric features are z-scored with the mean and population std of the kept rows (a std of 0
 *   divides by 1); a missing value becomes the mean, that is 0;
 * - categorical features are one-hot encoded as `name=value` features in sorted order, with a
 *   `name=(missing)` feature when some cells are missing; a column with more than MAX_ONE_HOT
 *   distinct values is left out, as are empty columns;
 * - regression targets are kept as they are, not normalised, so a model's error is in the
 *   target's own units (the header names the target column, `targetName`).
 */
import { DataFormatError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { counted, nounFor } from '../../plural';
import type { PreprocessedColumn } from '../../export/preprocessing';
import type { PackedDataset } from '../packed';
import { hasValue, readCell } from './cells';
import { DISTINCT_CAP, summarizeColumns, type ColumnSummary } from './columns';
import type { CsvTable } from './parse';

export const MAX_ONE_HOT = 50;
/** Above this many distinct numbers an auto-detected target is treated as continuous. */
export const MAX_AUTO_CLASSES = 20;
export const MAX_CLASSES = 1000;

export interface TabularOptions {
  /** Index of the target column in `table.header`. */
  target: number;
  /** Guessed from the target column when not given. */
  task?: 'classification' | 'regression';
  name: string;
}

export interface TabularResult {
  packed: PackedDataset;
  columns: ColumnSummary[];
  /** Sentences for the user: the task chosen, the columns and rows left out. */
  notes: string[];
  droppedRows: number;
  /** For each numeric feature, the mean subtracted and the std divided by (1 when it was 0). */
  normalization: { feature: string; mean: number; std: number }[];
  /**
   * Every column in the file's order as it was encoded, with the exact statistics and categories
   * of the kept rows: what a new raw row needs to be encoded the same way (preprocessing.json).
   */
  encoding: PreprocessedColumn[];
}

type Encoder =
  | { kind: 'numeric'; column: number; offset: number; mean: number; std: number }
  | {
      kind: 'one-hot';
      column: number;
      offset: number;
      index: Map<string, number>;
      missing: number;
    };

export function tabularDataset(
  table: CsvTable,
  options: TabularOptions,
): Result<TabularResult, DataFormatError> {
  const { target } = options;
  if (!Number.isInteger(target) || target < 0 || target >= table.header.length) {
    return fail(
      `There is no column ${target + 1} to predict: the table has ${table.header.length} columns. Choose one of them as the target.`,
      'target-out-of-range',
    );
  }
  const columns = summarizeColumns(table);
  const targetColumn = columns[target] as ColumnSummary;
  const targetName = targetColumn.name;
  const kept = table.rows.filter((row) => hasValue(row[target] ?? ''));
  const droppedRows = table.rows.length - kept.length;
  if (kept.length === 0) {
    return fail(
      `No row has a value in the target column '${targetName}', so there is nothing to learn from. Fill in that column or choose another target.`,
      'no-rows',
    );
  }
  const numericTarget = targetColumn.type === 'numeric';
  const targetValues = numericTarget ? kept.map((row) => numberOf(row[target])) : [];
  const task = options.task ?? autoTask(numericTarget, targetColumn.distinct, targetValues);
  if (task === 'regression' && !numericTarget) {
    return fail(
      `The target column '${targetName}' is not numeric, so it cannot be predicted by regression. Choose classification, or a numeric column as the target.`,
      'target-not-numeric',
    );
  }
  const notes = [taskNote(task, targetName, options.task === undefined)];
  if (droppedRows > 0) {
    notes.push(
      `${counted(droppedRows, 'row')} without a value in '${targetName}' ${nounFor(droppedRows, 'was', 'were')} left out.`,
    );
  }

  let classNames: string[] = [];
  let y: Uint16Array | Float32Array;
  if (task === 'classification') {
    const keys = kept.map((row, i) =>
      numericTarget ? String(targetValues[i]) : (row[target] ?? '').trim(),
    );
    classNames = [...new Set(keys)].sort(numericTarget ? byNumber : byCodeUnit);
    if (classNames.length > MAX_CLASSES) {
      return fail(
        `The target column '${targetName}' has more than ${MAX_CLASSES} distinct values, too many classes to learn. Choose regression if it is a number, or another target column.`,
        'too-many-classes',
      );
    }
    if (classNames.length < 2) {
      return fail(
        `The target column '${targetName}' has only one value ('${classNames[0] ?? ''}'); a classifier needs at least two classes. Choose another target column, or add rows of another class.`,
        'single-class',
      );
    }
    const labelOf = new Map(classNames.map((name, i) => [name, i]));
    y = Uint16Array.from(keys, (key) => labelOf.get(key) ?? 0);
  } else {
    y = Float32Array.from(targetValues);
  }

  const encoders: Encoder[] = [];
  const featureNames: string[] = [];
  const normalization: TabularResult['normalization'] = [];
  const encoding: PreprocessedColumn[] = [];
  const columnNotesFrom = notes.length;
  const drop = (name: string, reason: string) => {
    notes.push(reason);
    encoding.push({ name, kind: 'dropped', reason });
  };
  columns.forEach((summary, column) => {
    const { name } = summary;
    if (column === target) {
      encoding.push({ name, kind: 'target' });
      return;
    }
    const offset = featureNames.length;
    if (summary.type === 'empty') {
      drop(name, emptyColumnNote(name));
    } else if (summary.type === 'numeric') {
      const stats = meanAndStd(kept, column);
      if (stats === null) {
        drop(name, `Column '${name}' has no values in the rows kept and was left out.`);
        return;
      }
      encoders.push({ kind: 'numeric', column, offset, ...stats });
      featureNames.push(name);
      normalization.push({ feature: name, ...stats });
      encoding.push({ name, kind: 'numeric', ...stats });
    } else if (summary.distinct > MAX_ONE_HOT) {
      drop(name, wideColumnNote(name, summary.distinct));
    } else {
      const encoder = oneHot(kept, column, offset);
      encoders.push(encoder);
      const categories = [...encoder.index.keys()];
      featureNames.push(...categories.map((value) => `${name}=${value}`));
      if (encoder.missing >= 0) featureNames.push(`${name}=(missing)`);
      encoding.push({ name, kind: 'one-hot', categories, missing: encoder.missing >= 0 });
    }
  });
  if (featureNames.length === 0) {
    const why = notes
      .slice(columnNotesFrom)
      .map((note) => ` ${note}`)
      .join('');
    return fail(
      `No column is left to learn '${targetName}' from.${why} Add numeric columns, or categorical ones with at most ${MAX_ONE_HOT} values.`,
      'no-features',
    );
  }

  const width = featureNames.length;
  const x = new Float32Array(kept.length * width);
  kept.forEach((row, i) => {
    const base = i * width;
    for (const encoder of encoders) {
      const raw = row[encoder.column] ?? '';
      if (encoder.kind === 'numeric') {
        const cell = readCell(raw);
        if (typeof cell === 'number') {
          x[base + encoder.offset] = (cell - encoder.mean) / encoder.std;
        }
      } else {
        // Every category comes from these same rows, so a slot is found for each cell.
        const slot = hasValue(raw) ? encoder.index.get(raw.trim()) : encoder.missing;
        if (slot !== undefined && slot >= 0) x[base + encoder.offset + slot] = 1;
      }
    }
  });

  return ok({
    packed: {
      header: {
        name: options.name,
        kind: 'tabular',
        task,
        count: kept.length,
        inputShape: [width],
        xType: 'float32',
        classNames,
        featureNames,
        targetName,
      },
      x,
      y,
    },
    columns,
    notes,
    droppedRows,
    normalization,
    encoding,
  });
}

export const emptyColumnNote = (name: string): string =>
  `Column '${name}' has no values and was left out.`;

export const wideColumnNote = (name: string, distinct: number): string =>
  `Column '${name}' has ${distinct >= DISTINCT_CAP ? 'at least ' : ''}${distinct} distinct values, more than the ${MAX_ONE_HOT} Gradlab encodes as categories, and was left out.`;

/** Only called on cells of a numeric column that hold a value, which are numbers. */
function numberOf(raw: string | undefined): number {
  const cell = readCell(raw ?? '');
  return typeof cell === 'number' ? cell : 0;
}

function autoTask(
  numeric: boolean,
  distinct: number,
  values: readonly number[],
): 'classification' | 'regression' {
  if (!numeric) return 'classification';
  return distinct > MAX_AUTO_CLASSES || values.some((v) => !Number.isInteger(v))
    ? 'regression'
    : 'classification';
}

function taskNote(task: 'classification' | 'regression', target: string, auto: boolean): string {
  if (!auto) return `Task: ${task} of '${target}'.`;
  return task === 'regression'
    ? `Task: regression, because '${target}' holds numbers with fractions or more than ${MAX_AUTO_CLASSES} distinct values.`
    : `Task: classification, because '${target}' holds categories or at most ${MAX_AUTO_CLASSES} distinct whole numbers.`;
}

function meanAndStd(
  rows: readonly (readonly string[])[],
  column: number,
): { mean: number; std: number } | null {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const row of rows) {
    const cell = readCell(row[column] ?? '');
    if (typeof cell !== 'number') continue;
    n++;
    const delta = cell - mean;
    mean += delta / n;
    m2 += delta * (cell - mean);
  }
  if (n === 0) return null;
  const std = Math.sqrt(m2 / n);
  return { mean, std: std > 0 ? std : 1 };
}

/** Categories of the kept rows in sorted order; `missing` is the slot after them, or -1. */
function oneHot(
  rows: readonly (readonly string[])[],
  column: number,
  offset: number,
): Encoder & { kind: 'one-hot' } {
  const values = new Set<string>();
  let anyMissing = false;
  for (const row of rows) {
    const raw = row[column] ?? '';
    if (hasValue(raw)) values.add(raw.trim());
    else anyMissing = true;
  }
  const sorted = [...values].sort(byCodeUnit);
  const index = new Map(sorted.map((value, i) => [value, i]));
  return { kind: 'one-hot', column, offset, index, missing: anyMissing ? sorted.length : -1 };
}

const byNumber = (a: string, b: string): number => Number(a) - Number(b);
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function fail(message: string, reason: string): Result<never, DataFormatError> {
  return err(new DataFormatError(message, reason));
}
