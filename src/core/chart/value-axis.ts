/**
 * An axis over a column of values that may be numbers or names: a linear or log scale for numbers,
 * evenly spaced places for names. Positions are fractions of the axis (0 at its start, 1 at its
 * end), so the parallel coordinates and the scatter plots place them in any box, and a brush or a
 * click maps back to values through the same axis.
 */
import { finiteRange } from './range';
import { formatTick, niceTicks } from './ticks';

export type AxisValue = number | string;

export type AxisKind = 'linear' | 'log' | 'category';

export interface AxisTick {
  /** Fraction along the axis. */
  t: number;
  label: string;
}

export interface ValueAxis {
  kind: AxisKind;
  /** Numbers: the smallest and largest value (equal when they are all the same). */
  min: number;
  max: number;
  /** Names, in the order first seen; empty for a numeric axis. */
  categories: string[];
  ticks: AxisTick[];
}

export interface AxisOptions {
  /** A log scale when every value is > 0 (a field swept over a log range). */
  log?: boolean;
  /**
   * Ticks at the values themselves when there are few: a swept field's handful of values say more
   * than round numbers between them.
   */
  valueTicks?: boolean;
}

/** At most this many distinct values are ticked one by one. */
const MAX_VALUE_TICKS = 6;
/** Values spanning this ratio or more (all > 0) are drawn on a log scale even unasked. */
const AUTO_LOG_RATIO = 100;

/** A short label for a value: 3 significant digits, an exponent for the very small or large. */
export function formatAxisValue(value: AxisValue): string {
  if (typeof value === 'string') return value;
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size < 1e-3 || size >= 1e5)
    return value.toExponential(1).replace('.0e', 'e').replace('+', '');
  return String(Number(value.toPrecision(3)));
}

const distinct = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/**
 * Decades from 10^ceil(log min) to 10^floor(log max), thinned to about `count`; the ends
 * themselves when fewer than two decades fall inside.
 */
function decadeTicks(min: number, max: number, count: number): number[] {
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  if (hi - lo < 1) return distinct([min, max]);
  const every = Math.max(1, Math.ceil((hi - lo + 1) / count));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += every) ticks.push(Number(`1e${k}`));
  return ticks;
}

/** The axis that holds `values`; nulls (a metric not reached yet) are left out. */
export function buildAxis(
  values: readonly (AxisValue | null)[],
  options: AxisOptions = {},
): ValueAxis {
  const present = values.filter((v): v is AxisValue => v !== null);
  if (present.some((v) => typeof v === 'string')) {
    const categories = distinct(present.map(String));
    const axis: ValueAxis = { kind: 'category', min: 0, max: 0, categories, ticks: [] };
    axis.ticks = categories.map((name) => ({ t: categoryPosition(axis, name), label: name }));
    return axis;
  }
  const numbers = present.filter((v): v is number => typeof v === 'number');
  const range = finiteRange(numbers) ?? { min: 0, max: 1 };
  const positive = range.min > 0;
  const log =
    positive &&
    (options.log === true || (range.max / range.min >= AUTO_LOG_RATIO && options.log !== false));
  const axis: ValueAxis = {
    kind: log ? 'log' : 'linear',
    min: range.min,
    max: range.max,
    categories: [],
    ticks: [],
  };
  const finite = distinct(numbers.filter(Number.isFinite)).sort((a, b) => a - b);
  const at =
    options.valueTicks === true && finite.length <= MAX_VALUE_TICKS
      ? finite
      : log
        ? decadeTicks(range.min, range.max, 5)
        : niceTicks(range.min, range.max, 4);
  const step = at.length > 1 ? Math.abs((at[1] ?? 0) - (at[0] ?? 0)) : Math.abs(range.max) || 1;
  // Round ticks between values share their decimals; a value or a decade is labelled on its own.
  const ownLabels = log || at === finite;
  axis.ticks = at.map((value) => ({
    t: numericPosition(axis, value),
    label: ownLabels ? formatAxisValue(value) : formatTick(value, step),
  }));
  return axis;
}

function categoryPosition(axis: ValueAxis, name: string): number {
  const i = axis.categories.indexOf(name);
  const n = axis.categories.length;
  if (i < 0) return Number.NaN;
  return n === 1 ? 0.5 : i / (n - 1);
}

function numericPosition(axis: ValueAxis, value: number): number {
  if (axis.max === axis.min) return 0.5;
  if (axis.kind === 'log') {
    const lo = Math.log10(axis.min);
    return (Math.log10(value) - lo) / (Math.log10(axis.max) - lo);
  }
  return (value - axis.min) / (axis.max - axis.min);
}

/** Where `value` sits on the axis (a fraction), or null where it cannot be placed. */
export function axisPosition(axis: ValueAxis, value: AxisValue | null): number | null {
  if (value === null) return null;
  if (axis.kind === 'category') {
    const t = categoryPosition(axis, String(value));
    return Number.isNaN(t) ? null : t;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (axis.kind === 'log' && value <= 0) return null;
  return numericPosition(axis, value);
}

/** The number at fraction `t` of a numeric axis (the inverse of axisPosition). */
export function axisValueAt(axis: ValueAxis, t: number): number {
  if (axis.kind === 'log') {
    const lo = Math.log10(axis.min);
    return 10 ** (lo + t * (Math.log10(axis.max) - lo));
  }
  return axis.min + t * (axis.max - axis.min);
}
