import { describe, expect, it } from 'vitest';
import { MARGIN, parityLayout } from './parity-layout';

describe('parityLayout', () => {
  it('shares one round domain between the axes, so equal values sit on the diagonal', () => {
    const layout = parityLayout(Float32Array.of(72, 350, 180), Float32Array.of(95, 410), 300)!;
    expect(layout.domain.min).toBeLessThanOrEqual(72);
    expect(layout.domain.max).toBeGreaterThanOrEqual(410);
    expect(layout.domain.ticks).toEqual([0, 100, 200, 300, 400, 500]);
    expect(layout.labels).toEqual(['0', '100', '200', '300', '400', '500']);
    for (const value of [0, 123, 500]) {
      // As far right of the left edge as up from the bottom edge: on the 45° line.
      expect(layout.px(value) - layout.left).toBeCloseTo(
        layout.top + layout.size - layout.py(value),
      );
    }
  });

  it('is a square plot inside margins for the labels', () => {
    const layout = parityLayout(Float32Array.of(0, 1), Float32Array.of(0.5), 258)!;
    expect(layout.size).toBe(258 - MARGIN.left - MARGIN.right);
    expect(layout.height).toBe(MARGIN.top + layout.size + MARGIN.bottom);
    expect(layout.px(layout.domain.min)).toBe(MARGIN.left);
    expect(layout.py(layout.domain.max)).toBe(MARGIN.top);
  });

  it('leaves out values that are not finite, and places nothing without any', () => {
    const layout = parityLayout(Float32Array.of(1, 2), Float32Array.of(NaN, Infinity), 200)!;
    expect([layout.domain.min, layout.domain.max]).toEqual([1, 2]);
    expect(parityLayout(new Float32Array(0), Float32Array.of(NaN), 200)).toBeNull();
  });
});
