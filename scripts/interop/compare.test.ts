import { describe, expect, test } from 'vitest';
import {
  compareLosses,
  comparePredictions,
  epochsOfMetrics,
  relativeDifference,
  type EpochLosses,
} from './compare';

const epochs = (...rows: [number, number | null][]): EpochLosses[] =>
  rows.map(([trainLoss, validationLoss], i) => ({ epoch: i + 1, trainLoss, validationLoss }));

describe('relativeDifference', () => {
  test('is relative to the larger magnitude and 0 for two zeros', () => {
    expect(relativeDifference(1, 1.001)).toBeCloseTo(0.001 / 1.001, 12);
    expect(relativeDifference(-2, 2)).toBe(2);
    expect(relativeDifference(0, 0)).toBe(0);
  });
});

describe('comparePredictions', () => {
  test('passes within 1e-5 and names the worst row and output', () => {
    const worst = comparePredictions([0.1, 0.9, 0.5, 0.5], [0.1, 0.9, 0.500004, 0.499996], 2);
    expect(worst.ok).toBe(true);
    expect(worst.difference).toBeCloseTo(4e-6, 9);
    expect(worst.where).toBe('row 1, output 0');
  });

  test('is relative above 1, so a large regression output is judged by its float32 precision', () => {
    expect(comparePredictions([271.5], [271.5 * (1 + 9e-6)], 1).ok).toBe(true);
    expect(comparePredictions([271.5], [271.5 * (1 + 2e-5)], 1).ok).toBe(false);
    expect(comparePredictions([0.5], [0.5 + 9e-6], 1).ok).toBe(true);
  });

  test('with a tolerance of 0, asks for equality', () => {
    expect(comparePredictions([0.25, -1.5], [0.25, -1.5], 2, 0).ok).toBe(true);
    expect(comparePredictions([0.25, -1.5], [0.25, -1.5000001], 2, 0).ok).toBe(false);
  });

  test('fails beyond 1e-5, on a NaN, and on a different length', () => {
    expect(comparePredictions([0.1, 0.9], [0.1, 0.90002], 2)).toMatchObject({
      ok: false,
      where: 'row 0, output 1',
    });
    expect(comparePredictions([0.1, 0.9], [Number.NaN, 0.9], 2).ok).toBe(false);
    expect(comparePredictions([0.1, 0.9], [0.1], 2)).toMatchObject({ ok: false });
  });
});

describe('compareLosses', () => {
  test('passes within 1e-3 relative and names the worst epoch and quantity', () => {
    const worst = compareLosses(
      epochs([1, 2], [0.5, 1], [0.25, 0.5]),
      epochs([1.0001, 2], [0.5, 1.0004], [0.25, 0.5]),
    );
    expect(worst.ok).toBe(true);
    expect(worst.where).toBe('epoch 2 validation loss');
    expect(worst.difference).toBeCloseTo(0.0004 / 1.0004, 9);
  });

  test('fails beyond 1e-3, on a missing validation loss and on missing epochs', () => {
    expect(compareLosses(epochs([1, 2]), epochs([1.002, 2]))).toMatchObject({
      ok: false,
      where: 'epoch 1 training loss',
    });
    expect(compareLosses(epochs([1, 2]), epochs([1, null])).ok).toBe(false);
    expect(compareLosses(epochs([1, null]), epochs([1, null])).ok).toBe(true);
    expect(compareLosses(epochs([1, 2], [1, 2]), epochs([1, 2])).ok).toBe(false);
  });

  test('a tolerance can be given', () => {
    expect(compareLosses(epochs([1, 2]), epochs([1.002, 2]), 1e-2).ok).toBe(true);
  });
});

describe('epochsOfMetrics', () => {
  test('reads the epoch lines of a metrics.jsonl and skips the header and the end', () => {
    const text = [
      JSON.stringify({ kind: 'gradlab-run', format: 1 }),
      JSON.stringify({ kind: 'epoch', epoch: 1, trainLoss: 0.7, validationLoss: 0.6 }),
      JSON.stringify({ kind: 'epoch', epoch: 2, trainLoss: 0.5, validationLoss: null }),
      JSON.stringify({ kind: 'end', status: 'finished' }),
      '',
    ].join('\n');
    expect(epochsOfMetrics(text)).toEqual(epochs([0.7, 0.6], [0.5, null]));
  });

  test('names a line that is not an epoch record', () => {
    expect(() => epochsOfMetrics('{"kind": "epoch", "epoch": 1}')).toThrow(/line 1/);
    expect(() => epochsOfMetrics('[1]')).toThrow(/line 1 is not an object/);
  });
});
