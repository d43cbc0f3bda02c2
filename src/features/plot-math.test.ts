import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASS_RGB, classCss, classRgb } from './palette';
import {
  backingSize,
  confidenceAlpha,
  describeNetwork,
  fillHeatmap,
  finiteRange,
  formatTick,
  logDomain,
  niceDomain,
  niceStep,
  niceTicks,
  pointRadius,
  scaleLinear,
  scaleLog,
  unionRange,
  visibleUnits,
} from './plot-math';

const span = fc.double({ min: 1e-6, max: 1e6, noNaN: true });

describe('niceStep', () => {
  it('is 1, 2 or 5 times a power of ten', () => {
    fc.assert(
      fc.property(span, fc.integer({ min: 1, max: 10 }), (s, count) => {
        const step = niceStep(s, count);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });

  it('cuts the span into roughly count parts', () => {
    fc.assert(
      fc.property(span, fc.integer({ min: 2, max: 10 }), (s, count) => {
        const parts = s / niceStep(s, count);
        expect(parts).toBeGreaterThan(count / 3);
        expect(parts).toBeLessThan(count * 2.5);
      }),
    );
  });
});

describe('niceTicks', () => {
  it('gives round values inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.03, 0.97, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });

  it('keeps to minStep, so epochs stay whole', () => {
    expect(niceTicks(0, 3, 5, 1)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 37, 5, 1)).toEqual([0, 10, 20, 30]);
  });

  it('copes with an empty range', () => {
    expect(niceTicks(2, 2, 5)).toEqual([2]);
    expect(niceTicks(Number.NaN, 1, 5)).toEqual([]);
  });
});

describe('niceDomain', () => {
  it('widens out to ticks at both ends', () => {
    expect(niceDomain(0, 0.73, 4)).toEqual({ min: 0, max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
  });

  it('always contains its input, ticks included', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), span, (lo, s) => {
        const d = niceDomain(lo, lo + s, 4);
        // Within rounding slack, so float noise does not add a whole extra step.
        const slack = 1e-8 * (d.max - d.min);
        expect(d.min).toBeLessThanOrEqual(lo + slack);
        expect(d.max).toBeGreaterThanOrEqual(lo + s - slack);
        expect(d.ticks[0]).toBeCloseTo(d.min, 6);
        expect(d.ticks.at(-1)).toBeCloseTo(d.max, 6);
      }),
    );
  });

  it('falls back to [0, 1] for a flat or missing range', () => {
    expect(niceDomain(0, 0, 4).max).toBe(1);
    expect(niceDomain(Number.NaN, Number.NaN, 4)).toMatchObject({ min: 0, max: 1 });
  });
});

describe('logDomain', () => {
  it('spans whole decades around the values', () => {
    expect(logDomain(0.003, 0.7)).toEqual({ min: 0.001, max: 1, ticks: [0.001, 0.01, 0.1, 1] });
  });

  it('spans at least one decade', () => {
    expect(logDomain(2, 3)).toEqual({ min: 1, max: 10, ticks: [1, 10] });
    expect(logDomain(1, 1)).toEqual({ min: 1, max: 10, ticks: [1, 10] });
  });

  it('thins ticks over many decades', () => {
    expect(logDomain(1e-12, 1).ticks.length).toBeLessThanOrEqual(6);
  });

  it('falls back for values that have no logarithm', () => {
    expect(logDomain(0, 1)).toMatchObject({ min: 1, max: 10 });
  });
});

describe('formatTick', () => {
  it('shows the decimals the step needs', () => {
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(20, 10)).toBe('20');
    expect(formatTick(0, 0.001)).toBe('0');
    expect(formatTick(0.001, 0.001)).toBe('0.001');
  });

  it('switches to exponents for tiny steps and huge values', () => {
    expect(formatTick(1e-6, 1e-6)).toBe('1e-6');
    expect(formatTick(1e6, 1e6)).toBe('1e6');
  });
});

describe('scales', () => {
  it('maps linearly, flipping when the range runs backwards', () => {
    const s = scaleLinear(-1, 1, 100, 0);
    expect(s(-1)).toBe(100);
    expect(s(0)).toBe(50);
    expect(s(1)).toBe(0);
  });

  it('maps a collapsed domain to the middle', () => {
    expect(scaleLinear(3, 3, 0, 10)(3)).toBe(5);
  });

  it('maps decades evenly on a log scale', () => {
    const s = scaleLog(0.01, 1, 0, 100);
    expect(s(0.01)).toBeCloseTo(0);
    expect(s(0.1)).toBeCloseTo(50);
    expect(s(1)).toBeCloseTo(100);
  });
});

describe('ranges', () => {
  it('skips nulls and non-finite values', () => {
    expect(finiteRange([3, null, Number.NaN, -2, Infinity, 5])).toEqual({ min: -2, max: 5 });
    expect(finiteRange([null, Number.NaN])).toBeNull();
  });

  it('unites two ranges', () => {
    expect(unionRange({ min: 0, max: 1 }, { min: -2, max: 0.5 })).toEqual({ min: -2, max: 1 });
  });
});

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
