import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTick, logDomain, niceDomain, niceStep, niceTicks } from './ticks';

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

  it('keeps ticks of tiny values apart', () => {
    expect(niceTicks(0, 4e-30, 4)).toEqual([0, 1e-30, 2e-30, 3e-30, 4e-30]);
    expect(niceTicks(0, 5e-324, 4)).toEqual([0, 5e-324]);
    expect(niceDomain(0, 2.2e-300, 4).ticks).toEqual([
      0, 5e-301, 1e-300, 1.5e-300, 2e-300, 2.5e-300,
    ]);
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
    expect(niceDomain(5, 5, 4)).toMatchObject({ min: 5, max: 6 });
    expect(niceDomain(-1e100, -1e100, 4).max).toBeGreaterThan(-1e100);
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

  it('stops at the lowest decade a double holds', () => {
    expect(logDomain(5e-324, 1e-322).min).toBe(1e-323);
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
