import { describe, expect, it } from 'vitest';
import { axisPosition, axisValueAt, buildAxis, formatAxisValue } from './value-axis';

describe('buildAxis', () => {
  it('spans the numbers from the smallest to the largest', () => {
    const axis = buildAxis([8, 32, 16, null]);
    expect(axis).toMatchObject({ kind: 'linear', min: 8, max: 32, categories: [] });
    expect(axisPosition(axis, 8)).toBe(0);
    expect(axisPosition(axis, 16)).toBeCloseTo(1 / 3);
    expect(axisPosition(axis, 32)).toBe(1);
  });

  it('takes a log scale when asked, or when positive values span two decades', () => {
    expect(buildAxis([0.002, 0.008], { log: true }).kind).toBe('log');
    expect(buildAxis([0.001, 0.01, 0.1]).kind).toBe('log');
    expect(buildAxis([0.001, 0.01, 0.1], { log: false }).kind).toBe('linear');
    // Zero has no logarithm: a log range asked for over it stays linear.
    expect(buildAxis([0, 0.01, 10], { log: true }).kind).toBe('linear');
    const axis = buildAxis([0.001, 0.01, 0.1]);
    expect(axisPosition(axis, 0.01)).toBeCloseTo(0.5);
    expect(axisValueAt(axis, 0.5)).toBeCloseTo(0.01);
  });

  it('places names evenly in the order first seen', () => {
    const axis = buildAxis(['relu', 'tanh', 'relu', 'sigmoid']);
    expect(axis.kind).toBe('category');
    expect(axis.categories).toEqual(['relu', 'tanh', 'sigmoid']);
    expect(axis.ticks).toEqual([
      { t: 0, label: 'relu' },
      { t: 0.5, label: 'tanh' },
      { t: 1, label: 'sigmoid' },
    ]);
    expect(axisPosition(axis, 'elu')).toBeNull();
    expect(axisPosition(buildAxis(['relu']), 'relu')).toBe(0.5);
  });

  it('ticks a few swept values at the values themselves', () => {
    const axis = buildAxis([0.0001, 0.001, 0.01, 0.1], { valueTicks: true });
    expect(axis.ticks.map((t) => t.label)).toEqual(['1e-4', '0.001', '0.01', '0.1']);
    expect(axis.ticks.map((t) => t.t)).toEqual([0, 1 / 3, 2 / 3, 1].map((t) => expect.closeTo(t)));
  });

  it('ticks a metric at round numbers inside its range, or at decades on a log scale', () => {
    expect(buildAxis([0.13, 0.52, 0.27]).ticks.map((t) => t.label)).toEqual([
      '0.2',
      '0.3',
      '0.4',
      '0.5',
    ]);
    // A diverged run's 3e13 beside 0.05: every third decade, so the labels do not crowd.
    expect(buildAxis([0.05, 3e13]).ticks.map((t) => t.label)).toEqual([
      '0.1',
      '100',
      '1e5',
      '1e8',
      '1e11',
    ]);
    // Within one decade, the ends.
    expect(buildAxis([0.002, 0.008], { log: true }).ticks.map((t) => t.label)).toEqual([
      '0.002',
      '0.008',
    ]);
  });

  it('puts every value in the middle of a collapsed range, and leaves out what cannot be placed', () => {
    const axis = buildAxis([3, 3]);
    expect(axisPosition(axis, 3)).toBe(0.5);
    expect(axisPosition(axis, null)).toBeNull();
    expect(axisPosition(axis, Number.NaN)).toBeNull();
    expect(axisPosition(buildAxis([0.001, 1]), -1)).toBeNull();
  });
});

describe('formatAxisValue', () => {
  it('is short: three significant digits, exponents only far from 1', () => {
    expect(formatAxisValue(0.0123456)).toBe('0.0123');
    expect(formatAxisValue(0.0001)).toBe('1e-4');
    expect(formatAxisValue(0.00025)).toBe('2.5e-4');
    expect(formatAxisValue(123456)).toBe('1.2e5');
    expect(formatAxisValue(16)).toBe('16');
    expect(formatAxisValue('relu')).toBe('relu');
  });
});
