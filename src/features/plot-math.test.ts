import { describe, expect, it } from 'vitest';
import { CLASS_RGB, classCss, classRgb } from './palette';
import {
  backingSize,
  confidenceAlpha,
  describeNetwork,
  fillHeatmap,
  pointRadius,
  visibleUnits,
} from './plot-math';

describe('sizes', () => {
  it('sizes backing stores by device pixels', () => {
    expect(backingSize(300, 2)).toBe(600);
    expect(backingSize(300.4, 1)).toBe(300);
    expect(backingSize(0, 2)).toBe(1);
    expect(backingSize(100, 0)).toBe(100);
  });

  it('shrinks points as they crowd, within limits', () => {
    expect(pointRadius(10, 480)).toBe(4);
    expect(pointRadius(1_000_000, 480)).toBe(1.5);
    expect(pointRadius(4000, 480)).toBeLessThan(pointRadius(400, 480));
  });
});

describe('confidenceAlpha', () => {
  it('runs from 0.15 at chance to 0.75 when certain', () => {
    expect(confidenceAlpha(0.5, 2)).toBeCloseTo(0.15);
    expect(confidenceAlpha(1, 2)).toBeCloseTo(0.75);
    expect(confidenceAlpha(1 / 3, 3)).toBeCloseTo(0.15);
    expect(confidenceAlpha(2 / 3, 3)).toBeCloseTo(0.45);
  });

  it('stays in bounds and hides what is not a probability', () => {
    expect(confidenceAlpha(0.1, 2)).toBeCloseTo(0.15);
    expect(confidenceAlpha(1.5, 2)).toBeCloseTo(0.75);
    expect(confidenceAlpha(Number.NaN, 2)).toBe(0);
    expect(confidenceAlpha(1, 1)).toBeCloseTo(0.75);
  });
});

describe('fillHeatmap', () => {
  it('paints each cell in its argmax colour, as opaque as it is sure', () => {
    const probabilities = Float32Array.of(0.9, 0.1, 0.2, 0.8, 0.5, 0.5);
    const out = new Uint8ClampedArray(3 * 4);
    fillHeatmap(out, probabilities, 2, classRgb);
    expect([...out.subarray(0, 3)]).toEqual([...classRgb(0)]);
    expect([...out.subarray(4, 7)]).toEqual([...classRgb(1)]);
    expect(out[3]).toBe(Math.round(255 * confidenceAlpha(0.9, 2)));
    expect(out[7]).toBe(Math.round(255 * confidenceAlpha(0.8, 2)));
    // A tie goes to the first class, faintly.
    expect([...out.subarray(8, 12)]).toEqual([...classRgb(0), Math.round(255 * 0.15)]);
  });

  it('stops at the shorter of output and input', () => {
    const out = new Uint8ClampedArray(2 * 4);
    fillHeatmap(out, Float32Array.of(1, 0, 0, 1, 0, 1), 2, classRgb);
    expect([...out.subarray(4, 7)]).toEqual([...classRgb(1)]);
  });
});

describe('class colours', () => {
  it('has at least 8 distinct colours', () => {
    expect(CLASS_RGB.length).toBeGreaterThanOrEqual(8);
    expect(new Set(CLASS_RGB.map((c) => c.join())).size).toBe(CLASS_RGB.length);
  });

  it('repeats past the palette instead of failing', () => {
    expect(classRgb(CLASS_RGB.length)).toEqual(classRgb(0));
    expect(classRgb(-1)).toEqual(classRgb(CLASS_RGB.length - 1));
    expect(classCss(0)).toBe('rgb(230 159 0)');
  });
});

describe('visibleUnits', () => {
  it('shows up to ten units, else nine and the rest as +N', () => {
    expect(visibleUnits(10)).toEqual({ shown: 10, hidden: 0 });
    expect(visibleUnits(16)).toEqual({ shown: 9, hidden: 7 });
    expect(visibleUnits(0)).toEqual({ shown: 0, hidden: 0 });
  });
});

describe('describeNetwork', () => {
  it('names inputs, hidden layers and outputs', () => {
    expect(describeNetwork([2, 16, 16, 2])).toBe(
      'Network: 2 inputs, 2 hidden layers of 16 and 16 units, 2 outputs',
    );
    expect(describeNetwork([2, 8, 4, 2, 3])).toBe(
      'Network: 2 inputs, 3 hidden layers of 8, 4 and 2 units, 3 outputs',
    );
  });

  it('uses the singular where it should', () => {
    expect(describeNetwork([1, 1, 1])).toBe('Network: 1 input, 1 hidden layer of 1 unit, 1 output');
  });

  it('copes with short networks', () => {
    expect(describeNetwork([2, 1])).toBe('Network: 2 inputs, no hidden layers, 1 output');
    expect(describeNetwork([2])).toBe('Network: 2 inputs');
    expect(describeNetwork([])).toBe('Network: no layers');
  });
});
