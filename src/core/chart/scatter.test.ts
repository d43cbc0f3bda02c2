import { describe, expect, it } from 'vitest';
import {
  layoutScatter,
  meanAndSd,
  nearestPoint,
  repeatGroups,
  type ScatterBox,
  type ScatterInput,
} from './scatter';

const BOX: ScatterBox = {
  width: 240,
  height: 160,
  margin: { left: 40, right: 10, top: 10, bottom: 30 },
};

/** Learning rate 0.01 run with three seeds, 0.1 with one, 1 not finished yet. */
const POINTS: ScatterInput[] = [
  { id: 'a', x: 0.01, y: 0.2, group: 'lr 0.01' },
  { id: 'b', x: 0.01, y: 0.4, group: 'lr 0.01' },
  { id: 'c', x: 0.01, y: 0.3, group: 'lr 0.01' },
  { id: 'd', x: 0.1, y: 0.6, group: 'lr 0.1' },
  { id: 'e', x: 1, y: null, group: 'lr 1' },
];

describe('meanAndSd', () => {
  it('is the mean and the sample standard deviation', () => {
    expect(meanAndSd([0.2, 0.4, 0.3])).toEqual({
      mean: expect.closeTo(0.3),
      sd: expect.closeTo(0.1),
    });
    expect(meanAndSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({
      mean: 5,
      sd: expect.closeTo(Math.sqrt(32 / 7)),
    });
    expect(meanAndSd([5])).toEqual({ mean: 5, sd: null });
  });
});

describe('repeatGroups', () => {
  it('groups the runs that differ only by seed, leaving out runs without a metric', () => {
    const groups = repeatGroups(POINTS);
    expect(groups).toEqual([
      {
        group: 'lr 0.01',
        x: 0.01,
        ids: ['a', 'b', 'c'],
        mean: expect.closeTo(0.3),
        sd: expect.closeTo(0.1),
      },
      { group: 'lr 0.1', x: 0.1, ids: ['d'], mean: 0.6, sd: null },
    ]);
  });

  it('leaves out a diverged run (an infinite or NaN metric)', () => {
    expect(repeatGroups([{ id: 'x', x: 1, y: Number.NaN, group: 'g' }])).toEqual([]);
  });
});

describe('layoutScatter', () => {
  const layout = layoutScatter(POINTS, {}, BOX);

  it('draws a dot per run with a metric, inside the plot', () => {
    expect(layout.points.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    for (const p of layout.points) {
      expect(p.x).toBeGreaterThan(layout.left);
      expect(p.x).toBeLessThan(layout.right);
      expect(p.y).toBeGreaterThan(layout.top);
      expect(p.y).toBeLessThan(layout.bottom);
    }
    // Higher metric, higher on the plot (smaller y); larger learning rate to the right.
    const [a, b, , d] = layout.points;
    expect(b!.y).toBeLessThan(a!.y);
    expect(d!.x).toBeGreaterThan(a!.x);
  });

  it('draws one error bar per repeated setting: mean and one standard deviation either side', () => {
    expect(layout.bars).toHaveLength(1);
    const [bar] = layout.bars;
    const [a, b, c] = layout.points;
    expect(bar!.n).toBe(3);
    expect(bar!.x).toBe(a!.x);
    // 0.3 is c's metric: the mean sits on c; 0.2 and 0.4 are one sd away, on a and b.
    expect(bar!.mean).toBeCloseTo(c!.y);
    expect(bar!.low).toBeCloseTo(a!.y);
    expect(bar!.high).toBeCloseTo(b!.y);
  });

  it('ticks the field at its swept values', () => {
    expect(layout.xTicks.map((t) => t.label)).toEqual(['0.01', '0.1']);
    expect(layoutScatter(POINTS, { x: { log: true } }, BOX).xAxis.kind).toBe('log');
  });

  it('widens the metric axis to hold the error bars', () => {
    const spread = layoutScatter(
      [
        { id: 'a', x: 'relu', y: 0.1, group: 'relu' },
        { id: 'b', x: 'relu', y: 0.9, group: 'relu' },
      ],
      {},
      BOX,
    );
    // mean 0.5, sd 0.566: the bar reaches below 0 and above 1, and the axis goes with it.
    expect(spread.yAxis.min).toBeLessThan(0);
    expect(spread.yAxis.max).toBeGreaterThan(1);
    expect(spread.xAxis.kind).toBe('category');
  });

  it('keeps a bar on a log axis when the spread reaches below zero', () => {
    const log = layoutScatter(
      [
        { id: 'a', x: 1, y: 0.001, group: 'g' },
        { id: 'b', x: 1, y: 10, group: 'g' },
        { id: 'c', x: 2, y: 0.01, group: 'h' },
      ],
      {},
      BOX,
    );
    expect(log.yAxis.kind).toBe('log');
    const [bar] = log.bars;
    expect(Number.isFinite(bar!.low)).toBe(true);
    expect(bar!.low).toBeLessThanOrEqual(log.bottom);
  });
});

describe('nearestPoint', () => {
  it('finds the run whose dot is under the pointer', () => {
    const layout = layoutScatter(POINTS, {}, BOX);
    const d = layout.points[3]!;
    expect(nearestPoint(layout, d.x + 2, d.y - 1, 6)).toBe('d');
    expect(nearestPoint(layout, d.x + 20, d.y, 6)).toBeNull();
  });
});
