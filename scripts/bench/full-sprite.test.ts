import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIGIT_PIXELS } from '../datasets/mnist';
import { tileDigits } from './full-sprite';

const digitsOf = (labels: number[]) => ({
  count: labels.length,
  // Each digit's pixels are its index, so a repeated digit is recognisable.
  pixels: Uint8Array.from({ length: labels.length * DIGIT_PIXELS }, (_, i) =>
    Math.floor(i / DIGIT_PIXELS),
  ),
  labels: Uint8Array.from(labels),
});

describe('tileDigits', () => {
  it('repeats the digits in order and cuts the last round short', () => {
    const tiled = tileDigits(digitsOf([3, 1, 4]), 7);
    expect(tiled.count).toBe(7);
    expect([...tiled.labels]).toEqual([3, 1, 4, 3, 1, 4, 3]);
    const firstPixelOfEach = Array.from({ length: 7 }, (_, i) => tiled.pixels[i * DIGIT_PIXELS]);
    expect(firstPixelOfEach).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(tiled.pixels.length).toBe(7 * DIGIT_PIXELS);
  });

  it('gives digit i the pixels and label of digit i mod count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 20 }),
        (labels, count) => {
          const digits = digitsOf(labels);
          const tiled = tileDigits(digits, count);
          for (let i = 0; i < count; i++) {
            const from = i % labels.length;
            expect(tiled.labels[i]).toBe(labels[from]);
            expect(tiled.pixels.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS)).toEqual(
              digits.pixels.subarray(from * DIGIT_PIXELS, (from + 1) * DIGIT_PIXELS),
            );
          }
        },
      ),
    );
  });

  it('refuses to repeat nothing', () => {
    expect(() => tileDigits(digitsOf([]), 5)).toThrow(RangeError);
  });
});
