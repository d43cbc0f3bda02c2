import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../runs/epoch';
import { curveLines } from './curves';
import { clippedPoints, SPIKE_FACTOR, spikeLimit } from './curves-spikes';

function run(train: number[], validation: (number | null)[] = []): EpochRecord[] {
  return train.map((loss, i) => ({
    epoch: i + 1,
    trainLoss: loss,
    trainAccuracy: null,
    validationLoss: validation[i] ?? null,
    validationAccuracy: null,
  }));
}

/** A loss falling from `start` to `end` over `n` epochs, geometrically. */
const falling = (start: number, end: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => start * (end / start) ** (i / (n - 1)));

describe('spike clipping', () => {
  it('leaves out the one divergent value that would flatten every other curve', () => {
    const runs = [
      run(falling(2.3, 0.1, 20), falling(2.4, 0.2, 20)),
      run(falling(1.8, 0.3, 20)),
      run([...falling(2, 0.5, 6), 3e13, ...falling(0.5, 0.4, 4)]),
    ];
    expect(clippedPoints(runs, 'loss', false)).toEqual([
      { run: 2, kind: 'train', epoch: 7, value: 3e13 },
    ]);
    // A log scale holds 13 decades too, but flattens the rest into a sliver: clipped as well.
    expect(clippedPoints(runs, 'loss', true)).toHaveLength(1);
  });

  it('keeps whole curves that fall a long way, on either scale', () => {
    const classification = [run(falling(2.3, 0.02, 50), falling(2.3, 0.05, 50))];
    const regression = [run(falling(600, 10, 30), falling(650, 12, 30))];
    const converged = [run(falling(0.7, 1e-5, 100))];
    for (const runs of [classification, regression]) {
      expect(clippedPoints(runs, 'loss', false)).toEqual([]);
    }
    expect(clippedPoints(converged, 'loss', true)).toEqual([]);
  });

  it('clips a run that diverged for good, up to half of all points', () => {
    const runs = [
      run(falling(1, 0.2, 10)),
      run([1, 0.8, 5e6, 4e8, 2e10, 1e12, 3e13, 1e15, 1e15, 1e15]),
    ];
    const clipped = clippedPoints(runs, 'loss', false);
    expect(clipped.map((p) => p.epoch)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(clipped.every((p) => p.run === 1)).toBe(true);
  });

  it('never clips accuracy, nothing, or values around zero', () => {
    const lines = curveLines([run([0, 0, 0, 5])], 'loss');
    expect(spikeLimit(lines, 'loss', false)).toBeNull();
    expect(spikeLimit([], 'loss', false)).toBeNull();
    expect(spikeLimit(curveLines([run([1, 1e9])], 'accuracy'), 'accuracy', false)).toBeNull();
  });

  it('sets the limit at the median times the factor', () => {
    const lines = curveLines([run([1, 2, 3, 1e6])], 'loss');
    expect(spikeLimit(lines, 'loss', false)).toBe(2.5 * SPIKE_FACTOR.linear);
    expect(spikeLimit(lines, 'loss', true)).toBe(2.5 * SPIKE_FACTOR.log);
  });
});
