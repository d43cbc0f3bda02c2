/**
 * What one CSV cell means, the single policy shared by header detection, column summaries and
 * encoding. Cells are read after trimming spaces:
 * - missing: empty, `NaN`, `NA`, `null` (any case);
 * - number: a plain decimal literal (`-1`, `2.5`, `.5`, `3e-4`), matched by a strict pattern, not
 *   parseFloat, so `12abc`, `0x10` and `Infinity` are text;
 * - too-large: a number literal beyond the float32 range (`1e999`, `1e39`); training data is
 *   float32, so such a value cannot be kept and is counted as missing, with a note;
 * - comma-number: `1,000` or `2,5`, a number written with a thousands or decimal comma: text,
 *   with a note saying to remove the commas;
 * - text: anything else.
 */

export type Cell =
  | { kind: 'missing' }
  | { kind: 'number'; value: number }
  | { kind: 'too-large' }
  | { kind: 'comma-number' }
  | { kind: 'text' };

/** The largest finite float32; numbers beyond it become Infinity when stored for training. */
export const FLOAT32_MAX = 3.4028234663852886e38;

const MISSING = /^(?:|nan|na|null)$/i;
// Each part of these patterns can match in one way only, so a long hostile cell cannot backtrack.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?\d+(?:,\d+)+(?:\.\d*)?$/;

const MISSING_CELL: Cell = { kind: 'missing' };
const TOO_LARGE_CELL: Cell = { kind: 'too-large' };
const COMMA_NUMBER_CELL: Cell = { kind: 'comma-number' };
const TEXT_CELL: Cell = { kind: 'text' };

export function readCell(raw: string): Cell {
  const cell = raw.trim();
  if (MISSING.test(cell)) return MISSING_CELL;
  if (NUMBER.test(cell)) {
    const value = Number(cell);
    return Math.abs(value) <= FLOAT32_MAX ? { kind: 'number', value } : TOO_LARGE_CELL;
  }
  return COMMA_NUMBER.test(cell) ? COMMA_NUMBER_CELL : TEXT_CELL;
}

export function isMissingCell(raw: string): boolean {
  return MISSING.test(raw.trim());
}

/** A number, or a number literal too large to keep: either way not a header name. */
export function isNumberLike(raw: string): boolean {
  return NUMBER.test(raw.trim());
}
