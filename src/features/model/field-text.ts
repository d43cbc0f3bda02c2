/**
 * What a layer field's text means. Fields keep whatever the user types; only text that parses to
 * an allowed value reaches the spec, and anything else gets one sentence shown at the field. Never
 * throws: every string has an answer.
 */
import { err, ok, type Result } from '../../core/result';
import { MAX_RESHAPE_RANK, MAX_VALUES, MAX_WINDOW } from '../../core/model/validate';
import type { FieldSpec } from '../../core/model/layer-catalog';

export type TextFieldSpec = Extract<FieldSpec, { kind: 'whole' | 'size2' | 'fraction' | 'shape' }>;

/** Plain decimal notation only: "0x10", "Infinity" and "1_000" are not what a student means. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const ENTER_NUMBER = 'Enter a number.';

function parseNumber(text: string): Result<number, string> {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return err(ENTER_NUMBER);
  const value = Number(trimmed);
  return Number.isFinite(value) ? ok(value) : err(ENTER_NUMBER);
}

function parseWhole(text: string, min: number, max: number): Result<number, string> {
  const value = parseNumber(text);
  if (!value.ok) return value;
  if (!Number.isInteger(value.value)) return err('Enter a whole number.');
  if (value.value < min || value.value > max) return err(`Enter a value from ${min} to ${max}.`);
  return value;
}

/** "3", "3x5", "3 x 5", "3, 5": one size for both axes, or height and width. */
function parseSize2(text: string): Result<number | [number, number], string> {
  const parts = text.trim().split(/\s*[x×,]\s*|\s+/i);
  const rule = `Enter a whole number from 1 to ${MAX_WINDOW}, or height x width such as 3x5.`;
  if (parts.length > 2) return err(rule);
  const sizes: number[] = [];
  for (const part of parts) {
    const size = parseWhole(part, 1, MAX_WINDOW);
    if (!size.ok) return err(rule);
    sizes.push(size.value);
  }
  const [height, width] = sizes;
  if (height === undefined) return err(rule);
  return ok(width === undefined ? height : [height, width]);
}

function parseShape(text: string): Result<number[], string> {
  const parts = text.trim().split(/\s*[x×,]\s*|\s+/i);
  const rule =
    `Enter 1 to ${MAX_RESHAPE_RANK} whole numbers separated by commas, such as 7, 7, 16 ` +
    `(each at most ${MAX_VALUES}).`;
  if (parts.length > MAX_RESHAPE_RANK) return err(rule);
  const shape: number[] = [];
  for (const part of parts) {
    const axis = parseWhole(part, 1, MAX_VALUES);
    if (!axis.ok) return err(rule);
    shape.push(axis.value);
  }
  return ok(shape);
}

function parseFraction(text: string, exclusive: 'min' | 'max'): Result<number, string> {
  const value = parseNumber(text);
  if (!value.ok) return value;
  const inside =
    exclusive === 'max' ? value.value >= 0 && value.value < 1 : value.value > 0 && value.value <= 1;
  if (inside) return value;
  return err(
    exclusive === 'max'
      ? 'Enter a value from 0 up to (not including) 1.'
      : 'Enter a value above 0, at most 1.',
  );
}

/**
 * The value the text stands for; `undefined` for an empty optional field, which leaves the
 * layer's default in force.
 */
export function parseFieldText(
  field: TextFieldSpec,
  text: string,
): Result<number | number[] | [number, number] | undefined, string> {
  if (text.trim() === '') {
    return field.kind !== 'shape' && field.optional === true ? ok(undefined) : err(ENTER_NUMBER);
  }
  switch (field.kind) {
    case 'whole':
      return parseWhole(text, field.min, field.max);
    case 'size2':
      return parseSize2(text);
    case 'fraction':
      return parseFraction(text, field.exclusive);
    case 'shape':
      return parseShape(text);
  }
}

/** The text a field shows for a value of the spec: windows read as 3x5, shapes as 7, 7, 16. */
export function fieldText(field: TextFieldSpec, value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (!Array.isArray(value)) return '';
  return value.join(field.kind === 'size2' ? 'x' : ', ');
}
