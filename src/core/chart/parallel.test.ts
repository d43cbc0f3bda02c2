import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axisNear,
  filterFromDrag,
  filterSpans,
  fractionAt,
  layoutParallel,
  nearestLine,
  parallelAxes,
  passesFilter,
  rowAt,
  visibleRows,
  type ParallelBox,
  type ParallelColumn,
} from './parallel';
import { buildAxis } from './value-axis';

const BOX: ParallelBox = {
  width: 320,
  height: 220,
  margin: { left: 20, right: 20, top: 20, bottom: 20 },
};

/** Three trials over learning rate, activation and the final loss. */
const COLUMNS: ParallelColumn[] = [
  { key: 'lr', label: 'learning rate', values: [0.001, 0.01, 0.1], options: { log: true } },
  { key: 'act', label: 'activation', values: ['relu', 'tanh', 'relu'] },
  { key: 'loss', label: 'validation loss', values: [0.5, 0.2, null] },
];

describe('layoutParallel', () => {
  it('spreads the axes evenly between the margins and places values from the bottom up', () => {
    const layout = layoutParallel(COLUMNS, BOX);
    expect(layout.axes.map((a) => a.x)).toEqual([20, 160, 300]);
    expect(layout.top).toBe(20);
    expect(layout.bottom).toBe(200);
    const [low, mid, high] = layout.lines;
    expect(low?.[0]).toEqual({ x: 20, y: 200 });
    expect(mid?.[0]?.y).toBeCloseTo(110);
    expect(high?.[0]).toEqual({ x: 20, y: 20 });
    // relu at the foot of the activation axis, tanh at its head.
    expect(low?.[1]?.y).toBe(200);
    expect(mid?.[1]?.y).toBe(20);
    // The highest loss at the top; a trial without one has no point there.
    expect(low?.[2]?.y).toBe(20);
    expect(high?.[2]).toBeNull();
  });

  it('puts a single axis in the middle', () => {
    const layout = layoutParallel([COLUMNS[0] as ParallelColumn], BOX);
    expect(layout.axes[0]?.x).toBe(160);
  });

  it('ticks each axis at pixel rows inside the plot', () => {
    const layout = layoutParallel(COLUMNS, BOX);
    expect(layout.axes[0]?.ticks).toEqual([
      { y: 200, label: '0.001' },
      { y: expect.closeTo(110), label: '0.01' },
      { y: 20, label: '0.1' },
    ]);
    for (const axis of layout.axes) {
      for (const tick of axis.ticks) {
        expect(tick.y).toBeGreaterThanOrEqual(layout.top);
        expect(tick.y).toBeLessThanOrEqual(layout.bottom);
      }
    }
  });

  it('maps pixel rows to fractions and back', () => {
    const layout = layoutParallel(COLUMNS, BOX);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (t) => {
        expect(fractionAt(layout, rowAt(layout, t))).toBeCloseTo(t, 9);
      }),
    );
    expect(fractionAt(layout, -50)).toBe(1);
    expect(fractionAt(layout, 900)).toBe(0);
  });
});

describe('brushing', () => {
  const axes = parallelAxes(COLUMNS);

  it('a drag along a numeric axis keeps the values inside it', () => {
    const lr = axes[0]!;
    // From the foot to just past the middle: 0.001 and 0.01, not 0.1.
    const filter = filterFromDrag(lr, 0, 0.55);
    expect(filter).toEqual({ kind: 'range', min: expect.closeTo(0.001), max: expect.any(Number) });
    expect(visibleRows(COLUMNS, axes, { lr: filter! })).toEqual([true, true, false]);
  });

  it('keeps the values at the very ends of a range (rounding through logarithms)', () => {
    const lr = axes[0]!;
    const filter = filterFromDrag(lr, 0, 1)!;
    expect([0.001, 0.01, 0.1].map((v) => passesFilter(lr, filter, v))).toEqual([true, true, true]);
  });

  it('a drag along a named axis keeps the names placed inside it', () => {
    const act = axes[1]!;
    expect(filterFromDrag(act, 0.8, 1)).toEqual({ kind: 'set', values: ['tanh'] });
    expect(filterFromDrag(act, 0.3, 0.6)).toBeNull();
    expect(visibleRows(COLUMNS, axes, { act: { kind: 'set', values: ['tanh'] } })).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('a click clears: a drag of almost nothing makes no filter', () => {
    expect(filterFromDrag(axes[0]!, 0.5, 0.505)).toBeNull();
  });

  it('filters on several axes hold together, and a row without a value fails its axis', () => {
    const filters = {
      act: { kind: 'set', values: ['relu'] },
      loss: { kind: 'range', min: 0, max: 1 },
    } as const;
    expect(visibleRows(COLUMNS, axes, filters)).toEqual([true, false, false]);
    expect(visibleRows(COLUMNS, axes, {})).toEqual([true, true, true]);
  });

  it('a typed range keeps what it says', () => {
    const loss = buildAxis([0.2, 0.5]);
    expect(passesFilter(loss, { kind: 'range', min: 0.3, max: 0.6 }, 0.5)).toBe(true);
    expect(passesFilter(loss, { kind: 'range', min: 0.3, max: 0.6 }, 0.2)).toBe(false);
    expect(passesFilter(loss, { kind: 'range', min: 0.3, max: 0.6 }, 'relu')).toBe(false);
  });

  it('draws a range as one span and each kept name as a mark around it', () => {
    const [lr, act] = axes;
    expect(filterSpans(lr!, { kind: 'range', min: 0.001, max: 0.01 })).toEqual([
      { from: 0, to: expect.closeTo(0.5) },
    ]);
    // A range typed wider than the data is drawn to the axis's ends.
    expect(filterSpans(lr!, { kind: 'range', min: 1e-6, max: 5 })).toEqual([{ from: 0, to: 1 }]);
    expect(filterSpans(lr!, { kind: 'range', min: 5, max: 6 })).toEqual([]);
    expect(filterSpans(act!, { kind: 'set', values: ['tanh'] })).toEqual([
      { from: expect.closeTo(0.96), to: 1 },
    ]);
  });
});

describe('hit tests', () => {
  const layout = layoutParallel(COLUMNS, BOX);

  it('finds the axis under the pointer', () => {
    expect(axisNear(layout, 163, 8)).toBe(1);
    expect(axisNear(layout, 90, 8)).toBeNull();
  });

  it('finds the line passing nearest the pointer, leaving out hidden rows', () => {
    // Halfway between the first two axes on row 0's line: from (20, 200) to (160, 200).
    expect(nearestLine(layout, 90, 198, 6)).toBe(0);
    expect(nearestLine(layout, 90, 198, 6, [false, true, true])).toBeNull();
    // Row 2 has no loss: its line ends at the activation axis and is not found beyond it.
    expect(nearestLine(layout, 230, 20, 4)).toBeNull();
    expect(nearestLine(layout, 20, 20, 4)).toBe(2);
  });
});
