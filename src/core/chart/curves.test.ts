import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../runs/epoch';
import { curveLines, epochDomain, hasPoints, valueDomain } from './curves';

function record(
  epoch: number,
  trainLoss: number,
  validationLoss: number | null = null,
): EpochRecord {
  return { epoch, trainLoss, trainAccuracy: null, validationLoss, validationAccuracy: null };
}

const values = (segments: { value: number }[][]) => segments.map((s) => s.map((p) => p.value));

describe('curveLines', () => {
  it('gives each run a train and a validation line, in run order', () => {
    const lines = curveLines([[record(1, 1, 1.2)], [record(1, 2)]], 'loss');
    expect(lines.map((l) => [l.run, l.kind])).toEqual([
      [0, 'train'],
      [0, 'validation'],
      [1, 'train'],
      [1, 'validation'],
    ]);
    expect(lines[3]?.segments).toEqual([]);
  });

  it('breaks a line where a value is missing, NaN, infinite or too large to plot', () => {
    const epochs = [1, NaN, 0.5, Infinity, 0.4, 0.3, 1e300, 0.2].map((v, i) => record(i + 1, v));
    expect(values(curveLines([epochs], 'loss')[0]?.segments ?? [])).toEqual([
      [1],
      [0.5],
      [0.4, 0.3],
      [0.2],
    ]);
  });

  it('leaves out values a log scale cannot show', () => {
    const epochs = [0.5, 0, -1, 0.25].map((v, i) => record(i + 1, v));
    expect(values(curveLines([epochs], 'loss', true)[0]?.segments ?? [])).toEqual([[0.5], [0.25]]);
    expect(values(curveLines([epochs], 'loss')[0]?.segments ?? [])).toEqual([[0.5, 0, -1, 0.25]]);
  });

  it('reads the accuracy fields for accuracy', () => {
    const epochs: EpochRecord[] = [
      { epoch: 1, trainLoss: 1, trainAccuracy: 0.6, validationLoss: 1, validationAccuracy: 0.5 },
    ];
    expect(curveLines([epochs], 'accuracy').map((l) => values(l.segments))).toEqual([
      [[0.6]],
      [[0.5]],
    ]);
  });

  it('knows when there is nothing to draw', () => {
    expect(hasPoints(curveLines([], 'loss'))).toBe(false);
    expect(hasPoints(curveLines([[record(1, NaN)]], 'loss'))).toBe(false);
    expect(hasPoints(curveLines([[record(1, 0.3)]], 'loss'))).toBe(true);
  });
});

describe('epochDomain', () => {
  it('runs from 0 to the last epoch drawn, on whole epochs', () => {
    const lines = curveLines([[record(1, 1), record(2, 1), record(3, NaN)]], 'loss');
    expect(epochDomain(lines)).toEqual({ min: 0, max: 2, ticks: [0, 1, 2] });
  });

  it('spans at least one epoch', () => {
    expect(epochDomain([])).toEqual({ min: 0, max: 1, ticks: [0, 1] });
  });

  it('takes the longest of many runs', () => {
    const long = Array.from({ length: 200_000 }, (_, i) => record(i + 1, 1 / (i + 1)));
    expect(epochDomain(curveLines([[record(1, 1)], long], 'loss')).max).toBe(200_000);
  });
});

describe('valueDomain', () => {
  it('keeps accuracy on [0, 1]', () => {
    expect(valueDomain([], 'accuracy')).toEqual({
      min: 0,
      max: 1,
      ticks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    });
  });

  it('fits the loss from 0 up to round ticks', () => {
    const lines = curveLines([[record(1, 0.73, 0.5)]], 'loss');
    expect(valueDomain(lines, 'loss')).toEqual({
      min: 0,
      max: 0.8,
      ticks: [0, 0.2, 0.4, 0.6, 0.8],
    });
  });

  it('goes below 0 for a negative loss', () => {
    const lines = curveLines([[record(1, -0.5), record(2, 1)]], 'loss');
    expect(valueDomain(lines, 'loss').min).toBeLessThanOrEqual(-0.5);
  });

  it('spans decades on a log scale', () => {
    const lines = curveLines([[record(1, 2), record(2, 0.003)]], 'loss', true);
    expect(valueDomain(lines, 'loss', true)).toMatchObject({ min: 0.001, max: 10 });
  });

  it('falls back when there is nothing to draw', () => {
    expect(valueDomain([], 'loss')).toMatchObject({ min: 0, max: 1 });
    expect(valueDomain([], 'loss', true)).toMatchObject({ min: 1, max: 10 });
  });
});
