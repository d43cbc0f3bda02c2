import { describe, expect, it } from 'vitest';
import { extentOf, gridPoints, linePoints, rangeOf } from './bounds';

describe('extentOf', () => {
  it('is a square box around the points, padded on each side', () => {
    const e = extentOf(Float32Array.of(-1, 0, 1, 0.5, 0, -0.5), 0.1);
    expect(e.xMin).toBeCloseTo(-1.2);
    expect(e.xMax).toBeCloseTo(1.2);
    expect(e.yMin).toBeCloseTo(-1.2);
    expect(e.yMax).toBeCloseTo(1.2);
  });

  it('never collapses to a point and skips non-finite values', () => {
    const e = extentOf(Float32Array.of(3, 3, NaN, Infinity), 0);
    expect(e).toEqual({ xMin: 2, xMax: 4, yMin: 2, yMax: 4 });
    expect(extentOf(new Float32Array(0), 0)).toEqual({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
  });
});

describe('rangeOf', () => {
  it('pads the range of 1-D values', () => {
    const r = rangeOf(Float32Array.of(0, 2, 1), 0.25);
    expect(r.min).toBeCloseTo(-0.5);
    expect(r.max).toBeCloseTo(2.5);
  });
});

describe('gridPoints', () => {
  it('lists cell centres row-major from the top row, left to right', () => {
    const grid = gridPoints({ xMin: 0, xMax: 4, yMin: 0, yMax: 2 }, 2);
    expect([...grid]).toEqual([1, 1.5, 3, 1.5, 1, 0.5, 3, 0.5]);
  });

  it('has resolution squared points inside the extent', () => {
    const extent = { xMin: -1.3, xMax: 1.1, yMin: -0.7, yMax: 2 };
    const grid = gridPoints(extent, 50);
    expect(grid).toHaveLength(50 * 50 * 2);
    for (let i = 0; i < grid.length; i += 2) {
      const [x, y] = [grid[i] ?? NaN, grid[i + 1] ?? NaN];
      expect(x > extent.xMin && x < extent.xMax && y > extent.yMin && y < extent.yMax).toBe(true);
    }
  });
});

describe('linePoints', () => {
  it('spaces points evenly from min to max inclusive', () => {
    expect([...linePoints(-1, 1, 5)]).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect([...linePoints(2, 4, 1)]).toEqual([3]);
    expect(linePoints(0, 1, 0)).toHaveLength(0);
  });
});
