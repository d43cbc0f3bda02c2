import { describe, expect, it } from 'vitest';
import { Raster } from './raster';

const draw = (paint: (r: Raster) => void): string[] => {
  const r = new Raster(6, 4, 1);
  paint(r);
  return Array.from({ length: 4 }, (_, y) =>
    Array.from(r.pixels.subarray(y * 6, y * 6 + 6), (v) => (v ? '#' : '.')).join(''),
  );
};

describe('Raster', () => {
  it('fills the pixels whose centre a rectangle covers', () => {
    expect(draw((r) => r.fillRect(1, 1, 4, 3, [9]))).toEqual([
      '......',
      '.###..',
      '.###..',
      '......',
    ]);
  });

  it('fills a polygon like the rectangle it traces', () => {
    const square = (r: Raster) =>
      r.fillPolygon(
        [
          [1, 1],
          [4, 1],
          [4, 3],
          [1, 3],
        ],
        [9],
      );
    expect(draw(square)).toEqual(draw((r) => r.fillRect(1, 1, 4, 3, [9])));
  });

  it('refuses a colour with the wrong number of channels', () => {
    expect(() => new Raster(2, 2, 4).fill([1, 2, 3])).toThrow(RangeError);
  });
});
