import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, toSeconds } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('is NaN for no rounds', () => {
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const rounds = [0.9, 0.2, 0.5];
    median(rounds);
    expect(rounds).toEqual([0.9, 0.2, 0.5]);
  });

  it('has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1 }),
        (xs) => {
          const m = median(xs);
          expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
          expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        },
      ),
    );
  });
});

describe('toSeconds', () => {
  it('rounds to the millisecond', () => {
    expect(toSeconds(1234.56)).toBe(1.235);
  });
});
