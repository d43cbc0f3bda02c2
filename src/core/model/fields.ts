/**
 * Readers for the fields of a layer that arrives as untrusted JSON. Each returns the value or one
 * sentence saying what the field must be, which validate.ts prefixes with the layer it belongs to.
 * Only own properties count, so an inherited or `__proto__` field never stands in for a real one.
 */
import { err, ok, type Result } from '../result';
import type { Size2 } from './spec';

export type Fields = Record<string, unknown>;

export const field = (object: Fields, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/** A short, safe rendering of a bad value for messages; never throws (symbols, bigints, cycles). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return value.length > 20 ? `"${value.slice(0, 20)}..."` : `"${value}"`;
  }
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

export function readWhole(
  layer: Fields,
  key: string,
  min: number,
  max: number,
): Result<number, string> {
  const value = field(layer, key);
  return isWhole(value, min, max)
    ? ok(value)
    : err(`${key} must be a whole number from ${min} to ${max}, got ${describeValue(value)}.`);
}

/** A window size or step: one whole number for both axes, or [height, width]. */
export function readSize2(layer: Fields, key: string, max: number): Result<Size2, string> {
  const value = field(layer, key);
  if (isWhole(value, 1, max)) return ok(value);
  if (Array.isArray(value) && value.length === 2) {
    const [height, width]: unknown[] = value;
    if (isWhole(height, 1, max) && isWhole(width, 1, max)) return ok([height, width]);
  }
  const got = Array.isArray(value)
    ? `[${value.map(describeValue).join(', ')}]`
    : describeValue(value);
  return err(
    `${key} must be a whole number from 1 to ${max} or a list [height, width] of them, got ${got}.`,
  );
}

/** A list of whole numbers such as a target shape; lists are described item by item. */
export function readWholeList(
  layer: Fields,
  key: string,
  length: { min: number; max: number },
  max: number,
): Result<number[], string> {
  const value = field(layer, key);
  const rule = `${key} must be a list of ${length.min} to ${length.max} whole numbers from 1 to ${max}`;
  if (!Array.isArray(value) || value.length < length.min || value.length > length.max) {
    const got = Array.isArray(value) ? `a list of ${value.length}` : describeValue(value);
    return err(`${rule}, got ${got}.`);
  }
  const items: unknown[] = Array.from(value);
  const bad = items.findIndex((item) => !isWhole(item, 1, max));
  if (bad >= 0) return err(`${rule}; item ${bad + 1} is ${describeValue(items[bad])}.`);
  return ok(items as number[]);
}

/** A number in [min, max), or in (min, max] when `exclusive` is 'min'. */
export function readNumber(
  layer: Fields,
  key: string,
  range: { min: number; max: number; exclusive: 'min' | 'max'; rule: string },
): Result<number, string> {
  const value = field(layer, key);
  const inRange =
    typeof value === 'number' &&
    (range.exclusive === 'min'
      ? value > range.min && value <= range.max
      : value >= range.min && value < range.max);
  return inRange ? ok(value) : err(`${key} must be ${range.rule}, got ${describeValue(value)}.`);
}

export function readChoice<T extends string>(
  layer: Fields,
  key: string,
  choices: readonly T[],
): Result<T, string> {
  const value = field(layer, key);
  return (choices as readonly unknown[]).includes(value)
    ? ok(value as T)
    : err(`${key} must be one of ${choices.join(', ')}, got ${describeValue(value)}.`);
}

export function readBoolean(layer: Fields, key: string): Result<boolean, string> {
  const value = field(layer, key);
  return typeof value === 'boolean'
    ? ok(value)
    : err(`${key} must be true or false, got ${describeValue(value)}.`);
}

/** Runs `read` only when the field is there; a missing field gives `undefined`, a null is refused. */
export function optional<T>(
  layer: Fields,
  key: string,
  read: (layer: Fields, key: string) => Result<T, string>,
): Result<T | undefined, string> {
  return field(layer, key) === undefined ? ok(undefined) : read(layer, key);
}
