import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePng } from './png';
import { decodePng } from './png-decode';

const image = (channels: 1 | 4) =>
  fc
    .record({ width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }) })
    .chain(({ width, height }) =>
      fc
        .uint8Array({ minLength: width * height * channels, maxLength: width * height * channels })
        .map((pixels) => ({ width, height, channels, pixels })),
    );

describe('encodePng', () => {
  it('round-trips any gray or RGBA image through an independent decoder', () => {
    fc.assert(
      fc.property(fc.oneof(image(1), image(4)), (input) => {
        expect(decodePng(encodePng(input))).toEqual(input);
      }),
    );
  });

  it('writes the colour type that says gray or RGBA', () => {
    const gray = encodePng({ width: 1, height: 1, channels: 1, pixels: Uint8Array.of(7) });
    const rgba = encodePng({ width: 1, height: 1, channels: 4, pixels: Uint8Array.of(1, 2, 3, 4) });
    // IHDR data starts at byte 16; colour type is its tenth byte.
    expect([gray[24], gray[25]]).toEqual([8, 0]);
    expect([rgba[24], rgba[25]]).toEqual([8, 6]);
  });

  it('refuses pixel data that does not match the size', () => {
    expect(() =>
      encodePng({ width: 2, height: 2, channels: 4, pixels: new Uint8Array(15) }),
    ).toThrow(RangeError);
  });
});
