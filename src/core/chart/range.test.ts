import { describe, expect, it } from 'vitest';
import { finiteRange, unionRange } from './range';

describe('ranges', () => {
  it('skips nulls and non-finite values', () => {
    expect(finiteRange([3, null, Number.NaN, -2, Infinity, 5])).toEqual({ min: -2, max: 5 });
    expect(finiteRange([null, Number.NaN])).toBeNull();
  });

  it('unites two ranges', () => {
    expect(unionRange({ min: 0, max: 1 }, { min: -2, max: 0.5 })).toEqual({ min: -2, max: 1 });
  });
});
