/**
 * The values a sweep field takes: as the user types them (`0.001, 0.01, 0.1`, `0.001..0.1 x5`,
 * `log 0.0001..0.1 x4`), as stored (SweepValues), and the points they expand to.
 */
import { InvalidSweepError } from '../errors';
import { err, ok, type Result } from '../result';
import { SWEEP_LIMITS } from './limits';
import type { SweepValue, SweepValues } from './sweep';

/** Twelve significant digits: a computed 0.1 * 3 reads 0.3, not 0.30000000000000004. */
const tidy = (n: number): number => Number(n.toPrecision(12));

/** The points of `values`: a list as it is, a range `count` points with both ends included. */
export function expandValues(values: SweepValues): SweepValue[] {
  if (values.kind === 'list') return [...values.values];
  const { from, to, count } = values;
  if (count <= 1) return [from];
  const step = (i: number): number =>
    values.kind === 'linear'
      ? from + ((to - from) * i) / (count - 1)
      : from * Math.pow(to / from, i / (count - 1));
  // The ends are exact, whatever the arithmetic between them rounds to.
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? from : i === count - 1 ? to : tidy(step(i)),
  );
}

/** What is wrong with `values` as a field's values, or null; the sentence names no field. */
export function valuesProblem(values: SweepValues): string | null {
  const max = SWEEP_LIMITS.values;
  if (values.kind === 'list') {
    const list = values.values;
    if (list.length === 0) return 'Give at least one value.';
    if (list.length > max)
      return `A field takes at most ${max} values; this list has ${list.length}.`;
    const bad = list.find((v) => typeof v === 'number' && !Number.isFinite(v));
    if (bad !== undefined) return `${String(bad)} is not a number a sweep can use.`;
    if (list.some((v) => typeof v === 'string') && list.some((v) => typeof v === 'number')) {
      return 'A list holds numbers or names, not both.';
    }
    const long = list.find((v) => typeof v === 'string' && !isName(v));
    if (long !== undefined) {
      return `"${String(long).slice(0, 40)}" is not a value name (letters, digits, - and _, at most ${SWEEP_LIMITS.valueLength}).`;
    }
    const twice = list.find((v, i) => list.indexOf(v) !== i);
    if (twice !== undefined) return `${formatValue(twice)} is listed twice.`;
    return null;
  }
  const { from, to, count } = values;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'A range runs between two numbers.';
  if (!Number.isInteger(count) || count < 2 || count > max) {
    return `A range gives a whole number of values from 2 to ${max} (x2 to x${max}).`;
  }
  if (from === to) return `The range ${formatValue(from)}..${formatValue(to)} is a single value.`;
  if (values.kind === 'log' && (from <= 0 || to <= 0)) {
    return 'A log range runs between two numbers above 0.';
  }
  return null;
}

const NAME = /^[A-Za-z][\w-]*$/;
const isName = (text: string): boolean =>
  NAME.test(text) && text.length <= SWEEP_LIMITS.valueLength;

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const RANGE_NUMBER = String.raw`[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?`;
const IS_NUMBER = new RegExp(`^${NUMBER}$`, 'i');
const RANGE = new RegExp(
  String.raw`^(log\s+)?(${RANGE_NUMBER})\s*\.\.\s*(${RANGE_NUMBER})(?:\s*[x×*]\s*(\S+))?$`,
  'i',
);

const EXAMPLES =
  'a list (0.001, 0.01, 0.1 or relu, tanh) or a range (0.001..0.1 x5, log 0.0001..0.1 x4)';

const refuse = (message: string) => err(new InvalidSweepError(message, 'values'));

/** What the user typed in a field's values input, read; never throws. */
export function parseValues(text: string): Result<SweepValues, InvalidSweepError> {
  const typed = text.trim();
  if (typed === '') return refuse(`Type the values to try: ${EXAMPLES}.`);
  const range = RANGE.exec(typed);
  if (range !== null) return parseRange(range);
  if (/^log\b/i.test(typed) || typed.includes('..')) {
    return refuse(
      `"${typed.slice(0, 40)}" is not a range; write it as 0.001..0.1 x5 or log 0.0001..0.1 x4.`,
    );
  }
  const items = typed.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    return refuse('A list has a value between every two commas, e.g. 0.001, 0.01, 0.1.');
  }
  const values: SweepValue[] = [];
  for (const item of items) {
    if (IS_NUMBER.test(item)) values.push(Number(item));
    else if (isName(item)) values.push(item);
    else return refuse(`"${item.slice(0, 40)}" is neither a number nor a name; try ${EXAMPLES}.`);
  }
  const list: SweepValues = { kind: 'list', values };
  const problem = valuesProblem(list);
  return problem === null ? ok(list) : refuse(problem);
}

function parseRange(match: RegExpExecArray): Result<SweepValues, InvalidSweepError> {
  const [, log, fromText, toText, countText] = match;
  if (countText === undefined) {
    return refuse(
      `Say how many values the range gives: ${fromText}..${toText} x5 gives 5, both ends included.`,
    );
  }
  const count = Number(countText);
  const values: SweepValues = {
    kind: log === undefined ? 'linear' : 'log',
    from: Number(fromText),
    to: Number(toText),
    count,
  };
  const problem = valuesProblem(values);
  return problem === null ? ok(values) : refuse(problem);
}

/** A number as the values input shows it: short when that reads back the same, else in full. */
function exact(value: SweepValue): string {
  if (typeof value === 'string') return value;
  const short = formatValue(value);
  return Number(short) === value ? short : String(value);
}

/** `values` as the user would type them; parseValues reads it back to the same values. */
export function formatValues(values: SweepValues): string {
  switch (values.kind) {
    case 'list':
      return values.values.map(exact).join(', ');
    case 'linear':
      return `${exact(values.from)}..${exact(values.to)} x${values.count}`;
    case 'log':
      return `log ${exact(values.from)}..${exact(values.to)} x${values.count}`;
  }
}

/** A value in a few characters, for names, axes and tables: `0.003`, `1e-4`, `16`, `relu`. */
export function formatValue(value: SweepValue): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (Number.isInteger(value) && size < 1e6) return String(value);
  if (size !== 0 && (size < 1e-3 || size >= 1e6)) {
    const [mantissa = '', exponent = ''] = value.toExponential(2).split('e');
    return `${mantissa.replace(/\.?0+$/, '')}e${exponent.replace('+', '')}`;
  }
  return String(Number(value.toPrecision(3)));
}
