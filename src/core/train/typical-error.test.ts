import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typicalError } from './typical-error';

describe('typicalError', () => {
  it('is the root-mean-square miss, in the units of the targets', () => {
    expect(typicalError([1, 2, 3], [2, 2, 2])).toBeCloseTo(Math.sqrt(2 / 3));
    expect(typicalError([10, 20], [13, 16])).toBeCloseTo(Math.sqrt((9 + 16) / 2));
    // One value for every example, as the mean baseline predicts.
    expect(typicalError([1, 3], 2)).toBe(1);
  });

  it('scales with the targets: the same fit of prices in thousands errs a thousand times more', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -100, max: 100, noNaN: true }),
            fc.double({ min: -100, max: 100, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (pairs, unit) => {
          const actual = pairs.map(([a]) => a);
          const predicted = pairs.map(([, p]) => p);
          const inUnits = typicalError(
            actual.map((a) => a * unit),
            predicted.map((p) => p * unit),
          );
          const scaled = typicalError(actual, predicted) * unit;
          expect(Math.abs(inUnits - scaled)).toBeLessThanOrEqual(1e-9 * Math.max(1, scaled));
        },
      ),
    );
  });

  it('is never smaller than the mean absolute miss, and 0 only for a perfect fit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (pairs) => {
          const actual = pairs.map(([a]) => a);
          const predicted = pairs.map(([, p]) => p);
          const mae = pairs.reduce((s, [a, p]) => s + Math.abs(p - a), 0) / pairs.length;
          expect(typicalError(actual, predicted)).toBeGreaterThanOrEqual(mae - 1e-9);
          expect(typicalError(actual, actual)).toBe(0);
        },
      ),
    );
  });

  it('has no value without pairs or with a prediction that is not finite', () => {
    expect(typicalError([], [])).toBeNaN();
    expect(typicalError([], 3)).toBeNaN();
    expect(typicalError([1, 2], [1, NaN])).toBeNaN();
    expect(typicalError([1, 2], [1, Infinity])).toBe(Infinity);
  });

  it('compares only the pairs both arrays have', () => {
    expect(typicalError([1, 2, 3], [1, 2])).toBe(0);
  });
});
