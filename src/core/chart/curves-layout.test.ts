import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../runs/epoch';
import { layoutCurves, type ChartBox } from './curves-layout';

const BOX: ChartBox = {
  width: 300,
  height: 200,
  margin: { left: 40, right: 10, top: 10, bottom: 20 },
};

function epochs(losses: number[], validation = false): EpochRecord[] {
  return losses.map((loss, i) => ({
    epoch: i + 1,
    trainLoss: loss,
    trainAccuracy: null,
    validationLoss: validation ? loss * 1.1 : null,
    validationAccuracy: null,
  }));
}

describe('layoutCurves', () => {
  it('places the plot area inside the margins', () => {
    const layout = layoutCurves([epochs([1, 0.5])], { metric: 'loss' }, BOX);
    expect(layout).toMatchObject({
      width: 300,
      height: 200,
      left: 40,
      right: 290,
      top: 10,
      bottom: 180,
    });
  });

  it('maps epoch 0 to the left edge, the last epoch to the right, 0 to the bottom', () => {
    const layout = layoutCurves([epochs([1, 0.5, 0.25, 0.125])], { metric: 'loss' }, BOX);
    expect(layout.epochTicks.map((t) => t.label)).toEqual(['0', '1', '2', '3', '4']);
    expect(layout.epochTicks[0]?.at).toBe(40);
    expect(layout.epochTicks.at(-1)?.at).toBe(290);
    expect(layout.valueTicks[0]).toEqual({ at: 180, label: '0' });
    expect(layout.valueTicks.at(-1)).toEqual({ at: 10, label: '1.0' });
    expect(layout.lines[0]?.segments[0]?.[0]).toEqual({ x: 40 + 250 / 4, y: 10 });
  });

  it('dashes validation lines and leaves out lines with nothing to draw', () => {
    const layout = layoutCurves([epochs([1, 0.5], true), epochs([2, 1])], { metric: 'loss' }, BOX);
    expect(layout.lines.map((l) => [l.run, l.kind, l.dashed])).toEqual([
      [0, 'train', false],
      [0, 'validation', true],
      [1, 'train', false],
    ]);
  });

  it('labels log ticks by their own decade and places decades evenly', () => {
    const layout = layoutCurves(
      [epochs([5, 0.05, 0.002])],
      { metric: 'loss', logScale: true },
      BOX,
    );
    expect(layout.valueTicks.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1', '1', '10']);
    const gaps = layout.valueTicks.slice(1).map((t, i) => (layout.valueTicks[i]?.at ?? 0) - t.at);
    for (const gap of gaps) expect(gap).toBeCloseTo(170 / 4);
  });

  it('keeps accuracy linear even when a log scale is asked for', () => {
    const records: EpochRecord[] = [
      { epoch: 1, trainLoss: 1, trainAccuracy: 0, validationLoss: null, validationAccuracy: null },
      { epoch: 2, trainLoss: 1, trainAccuracy: 1, validationLoss: null, validationAccuracy: null },
    ];
    const layout = layoutCurves([records], { metric: 'accuracy', logScale: true }, BOX);
    expect(layout.lines[0]?.segments[0]?.map((p) => p.y)).toEqual([180, 10]);
  });

  it('draws axes for no runs at all', () => {
    const layout = layoutCurves([], { metric: 'loss' }, BOX);
    expect(layout.lines).toEqual([]);
    expect(layout.epochTicks.map((t) => t.label)).toEqual(['0', '1']);
    expect(layout.valueTicks.length).toBeGreaterThan(1);
  });

  it('gives finite coordinates for any values', () => {
    const value = fc.oneof(
      fc.double(),
      fc.constantFrom(0, 5e-324, 1e-320, -1e-320, 1e100, -1e100, 1e300, NaN, Infinity),
    );
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        (losses, logScale, clipSpikes) => {
          const layout = layoutCurves(
            [epochs(losses, true)],
            { metric: 'loss', logScale, clipSpikes },
            BOX,
          );
          const numbers = [
            ...layout.epochTicks.map((t) => t.at),
            ...layout.valueTicks.map((t) => t.at),
            ...layout.lines.flatMap((l) => l.segments.flat().flatMap((p) => [p.x, p.y])),
            ...layout.clipped.flatMap((p) => [p.x, p.y]),
          ];
          for (const n of numbers) expect(Number.isFinite(n)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('layoutCurves with spikes clipped', () => {
  const steady = epochs([1, 0.8, 0.6, 0.5, 0.45, 0.4]);
  const spiking = epochs([1.2, 0.9, 3e13, 0.7, 0.6, 0.55]);

  it('fits the axis to the other values and marks the spike at the top edge', () => {
    const flat = layoutCurves([steady, spiking], { metric: 'loss' }, BOX);
    const clipped = layoutCurves([steady, spiking], { metric: 'loss', clipSpikes: true }, BOX);
    expect(flat.clipped).toEqual([]);
    expect(flat.valueTicks.at(-1)?.label).not.toBe('1.2');
    expect(clipped.valueTicks.at(-1)?.label).toBe('1.2');
    // The steady run spans most of the height instead of a line along the bottom.
    const ys = (layout: typeof flat) => layout.lines[0]?.segments.flat().map((p) => p.y) ?? [];
    const span = (layout: typeof flat) => Math.max(...ys(layout)) - Math.min(...ys(layout));
    expect(span(flat)).toBeLessThan(1);
    expect(span(clipped)).toBeGreaterThan(70);
    expect(clipped.clipped).toEqual([
      { run: 1, kind: 'train', epoch: 3, value: 3e13, x: 40 + (250 * 3) / 6, y: 10, label: '3e13' },
    ]);
    // The spiking line still runs up to the edge there, so the curve shows where it went.
    expect(clipped.lines[1]?.segments[0]?.[2]).toEqual({ x: 40 + (250 * 3) / 6, y: 10 });
  });

  it('labels only the highest spike of a line', () => {
    const layout = layoutCurves(
      [steady, epochs([1, 5e9, 3e13, 4e12, 0.6, 0.5, 0.4, 0.3])],
      { metric: 'loss', clipSpikes: true },
      BOX,
    );
    expect(layout.clipped.map((c) => c.label)).toEqual([null, '3e13', null]);
  });
});
