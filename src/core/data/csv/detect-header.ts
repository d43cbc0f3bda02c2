/**
 * Whether the first record of a CSV file names its columns. It does when, in some column, the
 * first cell is text while the cells below are numbers (`price` over `3.5`, `4`); or, for files
 * with no numeric column, when the first cells are all text, all distinct, and none of them comes
 * back as a value in its column below (`color,size` over `red,small`, but not `red,small` over
 * `red,large`). Only the first records are looked at, so the cost does not grow with the file.
 */
import { isMissingCell, isNumberLike } from './cells';

const SAMPLE_ROWS = 1000;

export function detectHeader(records: readonly (readonly string[])[]): boolean {
  const [first, ...rest] = records.slice(0, SAMPLE_ROWS + 1);
  if (!first) return false;
  const below = rest;
  const textOverNumbers = first.some(
    (cell, column) => !isMissingCell(cell) && !isNumberLike(cell) && columnIsNumeric(below, column),
  );
  if (textOverNumbers) return true;
  const allText = first.every((cell) => cell.trim() !== '' && !isNumberLike(cell));
  if (!allText || new Set(first).size !== first.length) return false;
  return first.every((cell, column) => below.every((row) => row[column] !== cell));
}

function columnIsNumeric(rows: readonly (readonly string[])[], column: number): boolean {
  let numbers = 0;
  for (const row of rows) {
    const cell = row[column] ?? '';
    if (isMissingCell(cell)) continue;
    if (!isNumberLike(cell)) return false;
    numbers++;
  }
  return numbers > 0;
}
