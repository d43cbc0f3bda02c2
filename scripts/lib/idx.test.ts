import { describe, expect, it } from 'vitest';
import { encodeIdxUint8 } from './idx';

describe('encodeIdxUint8', () => {
  it('writes the magic, big-endian dimensions, then the data', () => {
    const out = encodeIdxUint8([2, 1, 3], Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect(Array.from(out)).toEqual([
      0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6,
    ]);
  });

  it('refuses data that does not fill the dimensions', () => {
    expect(() => encodeIdxUint8([2, 2], new Uint8Array(3))).toThrow(RangeError);
  });
});
