import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClassificationDataset, RegressionDataset } from './dataset';
import { splitIndices, takeRows } from './split';

const anyN = fc.nat({ max: 1000 });
const anyFraction = fc.double({ min: 0, max: 0.9, noNaN: true });
const anySeed = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe('splitIndices', () => {
  it('partitions 0..n-1 into disjoint train and validation parts', () => {
    fc.assert(
      fc.property(anyN, anyFraction, anySeed, (n, fraction, seed) => {
        const { train, validation } = splitIndices(n, fraction, seed);
        const all = [...train, ...validation].sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('holds out round(n * fraction) rows, at least one, never all', () => {
    fc.assert(
      fc.property(anyN, anyFraction, anySeed, (n, fraction, seed) => {
        const held = splitIndices(n, fraction, seed).validation.length;
        if (fraction === 0 || n < 2) expect(held).toBe(0);
        else expect(held).toBe(Math.min(n - 1, Math.max(1, Math.round(n * fraction))));
      }),
    );
    expect(splitIndices(100, 0.2, 1).validation).toHaveLength(20);
    expect(splitIndices(10, 0.01, 1).validation).toHaveLength(1);
    expect(splitIndices(2, 0.9, 1).train).toHaveLength(1);
    expect(splitIndices(1, 0.5, 1).train).toHaveLength(1);
  });

  it('is deterministic per seed and differs across seeds', () => {
    fc.assert(
      fc.property(anySeed, (seed) => {
        expect(splitIndices(50, 0.2, seed)).toEqual(splitIndices(50, 0.2, seed));
        expect(splitIndices(50, 0.2, seed)).not.toEqual(splitIndices(50, 0.2, (seed + 1) >>> 0));
      }),
    );
  });

  it('rejects impossible arguments', () => {
    expect(() => splitIndices(-1, 0.2, 1)).toThrow(RangeError);
    expect(() => splitIndices(10, 0.95, 1)).toThrow(RangeError);
    expect(() => splitIndices(10, NaN, 1)).toThrow(RangeError);
  });
});

describe('takeRows', () => {
  const classification: ClassificationDataset = {
    task: 'classification',
    n: 4,
    inputShape: [2],
    x: Float32Array.of(0, 1, 10, 11, 20, 21, 30, 31),
    labels: Int32Array.of(0, 1, 2, 0),
    numClasses: 3,
  };
  const regression: RegressionDataset = {
    task: 'regression',
    n: 3,
    inputShape: [1],
    x: Float32Array.of(0.5, 1.5, 2.5),
    targets: Float32Array.of(5, 15, 25),
  };

  it('copies the chosen classification rows in order', () => {
    const taken = takeRows(classification, Int32Array.of(3, 1));
    expect(taken).toEqual({
      task: 'classification',
      n: 2,
      inputShape: [2],
      x: Float32Array.of(30, 31, 10, 11),
      labels: Int32Array.of(0, 1),
      numClasses: 3,
    });
  });

  it('copies the chosen regression rows in order', () => {
    const taken = takeRows(regression, Int32Array.of(2, 0, 2));
    expect(taken).toEqual({
      task: 'regression',
      n: 3,
      inputShape: [1],
      x: Float32Array.of(2.5, 0.5, 2.5),
      targets: Float32Array.of(25, 5, 25),
    });
  });

  it('copies multi-value rows and owns its buffers', () => {
    const images: RegressionDataset = {
      task: 'regression',
      n: 2,
      inputShape: [2, 2, 1],
      x: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8),
      targets: Float32Array.of(0, 1),
    };
    const taken = takeRows(images, Int32Array.of(1));
    expect(taken.x).toEqual(Float32Array.of(5, 6, 7, 8));
    taken.x[0] = 99;
    taken.inputShape[0] = 9;
    expect(images.x[4]).toBe(5);
    expect(images.inputShape).toEqual([2, 2, 1]);
  });

  it('rejects rows outside the dataset', () => {
    expect(() => takeRows(regression, Int32Array.of(3))).toThrow(RangeError);
    expect(() => takeRows(regression, Int32Array.of(-1))).toThrow(RangeError);
  });
});
