import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidSweepError } from '../errors';
import type { SweepValues } from './sweep';
import { expandValues, formatValue, formatValues, parseValues, valuesProblem } from './values';

const parsed = (text: string): SweepValues => {
  const result = parseValues(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.value;
};

const refusal = (text: string): string => {
  const result = parseValues(text);
  if (result.ok) throw new Error(`${text} was read as ${JSON.stringify(result.value)}`);
  expect(result.error).toBeInstanceOf(InvalidSweepError);
  expect(result.error.code).toBe('invalid-sweep');
  expect(result.error.field).toBe('values');
  return result.error.message;
};

describe('expandValues', () => {
  it('keeps a list as it is', () => {
    expect(expandValues({ kind: 'list', values: [0.1, 0.01] })).toEqual([0.1, 0.01]);
    expect(expandValues({ kind: 'list', values: ['relu', 'tanh'] })).toEqual(['relu', 'tanh']);
  });

  it('spreads a linear range evenly, both ends included, without float noise', () => {
    expect(expandValues({ kind: 'linear', from: 0, to: 1, count: 11 })).toEqual([
      0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
    expect(expandValues({ kind: 'linear', from: 64, to: 8, count: 3 })).toEqual([64, 36, 8]);
  });

  it('spreads a log range geometrically: each point the same factor above the last', () => {
    expect(expandValues({ kind: 'log', from: 0.0001, to: 0.1, count: 4 })).toEqual([
      0.0001, 0.001, 0.01, 0.1,
    ]);
    const points = expandValues({ kind: 'log', from: 1e-5, to: 1, count: 7 }).map(Number);
    expect(points).toHaveLength(7);
    expect(points[0]).toBe(1e-5);
    expect(points[6]).toBe(1);
    const ratios = points.slice(1).map((p, i) => p / (points[i] ?? NaN));
    for (const ratio of ratios) expect(ratio).toBeCloseTo(Math.pow(10, 5 / 6), 9);
  });
});

describe('parseValues', () => {
  it('reads lists of numbers and of names', () => {
    expect(parsed('0.001, 0.01, 0.1')).toEqual({ kind: 'list', values: [0.001, 0.01, 0.1] });
    expect(parsed(' relu,tanh , sigmoid ')).toEqual({
      kind: 'list',
      values: ['relu', 'tanh', 'sigmoid'],
    });
    expect(parsed('1e-4, 3e-4, .5, -2')).toEqual({ kind: 'list', values: [1e-4, 3e-4, 0.5, -2] });
    expect(parsed('16')).toEqual({ kind: 'list', values: [16] });
  });

  it('reads linear and log ranges with a count', () => {
    expect(parsed('0.001..0.1 x5')).toEqual({ kind: 'linear', from: 0.001, to: 0.1, count: 5 });
    expect(parsed('8 .. 64 x 8')).toEqual({ kind: 'linear', from: 8, to: 64, count: 8 });
    expect(parsed('log 0.0001..0.1 x4')).toEqual({
      kind: 'log',
      from: 0.0001,
      to: 0.1,
      count: 4,
    });
    expect(parsed('LOG 1e-5..1e-1 ×3')).toEqual({ kind: 'log', from: 1e-5, to: 0.1, count: 3 });
  });

  it('says what is wrong, in words the user can act on', () => {
    expect(refusal('')).toMatch(/Type the values to try/);
    expect(refusal('0.001..0.1')).toMatch(/how many values.*0\.001\.\.0\.1 x5/);
    expect(refusal('log 0..1 x3')).toMatch(/above 0/);
    expect(refusal('0.1..0.1 x3')).toMatch(/single value/);
    expect(refusal('1..2 x1')).toMatch(/from 2 to 64/);
    expect(refusal('1..2 x65')).toMatch(/from 2 to 64/);
    expect(refusal('1..2 xfive')).toMatch(/from 2 to 64/);
    expect(refusal('log relu')).toMatch(/not a range/);
    expect(refusal('0.1,,0.2')).toMatch(/between every two commas/);
    expect(refusal('0.1, relu')).toMatch(/numbers or names, not both/);
    expect(refusal('0.1, 0.10')).toMatch(/0\.1 is listed twice/);
    expect(refusal('0.1; 0.2')).toMatch(/neither a number nor a name/);
    expect(refusal(Array.from({ length: 65 }, (_, i) => i).join(','))).toMatch(/at most 64/);
  });
});

describe('formatValue', () => {
  it('is short', () => {
    expect(formatValue(0.003)).toBe('0.003');
    expect(formatValue(0.0001)).toBe('1e-4');
    expect(formatValue(0.000316227766)).toBe('3.16e-4');
    expect(formatValue(0.0316227766)).toBe('0.0316');
    expect(formatValue(16)).toBe('16');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(2.5e6)).toBe('2.5e6');
    expect(formatValue('relu')).toBe('relu');
  });
});

describe('formatValues', () => {
  it('writes what parseValues reads back to the same values', () => {
    const cases: SweepValues[] = [
      { kind: 'list', values: [0.001, 0.01, 0.1] },
      { kind: 'list', values: ['relu', 'tanh'] },
      { kind: 'list', values: [0.000316227766016838, 3] },
      { kind: 'linear', from: 8, to: 64, count: 8 },
      { kind: 'log', from: 1e-4, to: 0.1, count: 4 },
    ];
    for (const values of cases) expect(parsed(formatValues(values))).toEqual(values);
    expect(formatValues({ kind: 'log', from: 1e-4, to: 0.1, count: 4 })).toBe('log 1e-4..0.1 x4');
  });

  it('round-trips any valid range or list of numbers', () => {
    // -0 reads back as 0, which is the same value to a sweep.
    const finite = fc
      .double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
      .map((n) => n + 0);
    const positive = fc.double({ min: 1e-9, max: 1e9, noNaN: true, noDefaultInfinity: true });
    const values = fc.oneof(
      fc
        .uniqueArray(finite, { minLength: 1, maxLength: 64, comparator: 'SameValueZero' })
        .map((list): SweepValues => ({ kind: 'list', values: list })),
      fc
        .record({ from: finite, to: finite, count: fc.integer({ min: 2, max: 64 }) })
        .map((r): SweepValues => ({ kind: 'linear', ...r })),
      fc
        .record({ from: positive, to: positive, count: fc.integer({ min: 2, max: 64 }) })
        .map((r): SweepValues => ({ kind: 'log', ...r })),
    );
    fc.assert(
      fc.property(values, (v) => {
        fc.pre(valuesProblem(v) === null);
        expect(parsed(formatValues(v))).toEqual(v);
      }),
    );
  });
});
