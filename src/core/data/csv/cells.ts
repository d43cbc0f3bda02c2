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

/** A cell's value when it is a number, else what kind of non-number it is. */
export type Cell = number | 'missing' | 'too-large' | 'comma-number' | 'text';

/** The largest finite float32; numbers beyond it become Infinity when stored for training. */
export const FLOAT32_MAX = 3.4028234663852886e38;

const MISSING = /^(?:|nan|na|null)$/i;
// Each part of these patterns can match in one way only, so a long hostile cell cannot backtrack.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?\d+(?:,\d+)+(?:\.\d*)?$/;

// A bare number rather than an object per cell: this runs on every cell of a million-row file.
export function readCell(raw: string): Cell {
  const cell = raw.trim();
  if (MISSING.test(cell)) return 'missing';
  if (NUMBER.test(cell)) {
    const value = Number(cell);
    return Math.abs(value) <= FLOAT32_MAX ? value : 'too-large';
  }
  return COMMA_NUMBER.test(cell) ? 'comma-number' : 'text';
}

/** Whether a cell holds a usable value: anything but missing or a number too large to keep. */
export function hasValue(raw: string): boolean {
  const cell = readCell(raw);
  return cell !== 'missing' && cell !== 'too-large';
}

export function isMissingCell(raw: string): boolean {
  return MISSING.test(raw.trim());
}

/** A number, or a number literal too large to keep: either way not a header name. */
export function isNumberLike(raw: string): boolean {
  return NUMBER.test(raw.trim());
}
