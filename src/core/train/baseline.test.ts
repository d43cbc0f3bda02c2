import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClassificationDataset, RegressionDataset, SequenceDataset } from '../data/dataset';
import { baselineOf, majorityClass } from './baseline';

const classes = (labels: number[], numClasses = 3): ClassificationDataset => ({
  task: 'classification',
  n: labels.length,
  inputShape: [1],
  x: new Float32Array(labels.length),
  labels: Int32Array.from(labels),
  numClasses,
});

const targets = (values: number[]): RegressionDataset => ({
  task: 'regression',
  n: values.length,
  inputShape: [1],
  x: new Float32Array(values.length),
  targets: Float32Array.from(values),
});

/** One row of next-token pairs over a vocabulary of 4: x is each target's previous token. */
const tokens = (pairs: [number, number][]): SequenceDataset => ({
  task: 'sequence',
  n: 1,
  inputShape: [pairs.length],
  x: Float32Array.from(pairs.map(([previous]) => previous)),
  targets: Int32Array.from(pairs.map(([, target]) => target)),
  numClasses: 4,
  tokenizer: { kind: 'char', vocab: ['', '?', '|', 'a'] },
});

describe('baselineOf', () => {
  it('gives a sequence dataset the bigram model’s validation loss', () => {
    // Training: | -> a twice, a -> | once (a -> padding is not counted). Validation: | -> a,
    // p = (2 + 1) / (2 + 4); a -> a, p = (0 + 1) / (1 + 4).
    const train = tokens([
      [2, 3],
      [3, 2],
      [2, 3],
      [3, 0],
    ]);
    const baseline = baselineOf(
      train,
      tokens([
        [2, 3],
        [3, 3],
      ]),
    );
    expect(baseline?.kind).toBe('bigram');
    expect(baseline?.judgedOn).toBe('validation');
    expect(baseline?.kind === 'bigram' && baseline.loss).toBeCloseTo(
      -(Math.log(3 / 6) + Math.log(1 / 5)) / 2,
      12,
    );
    expect(baselineOf(train, null)).toMatchObject({ kind: 'bigram', judgedOn: 'training' });
  });

  it('always answers the most common training class, scored on the validation split', () => {
    // Class 1 leads in training; validation holds 2 of it in 5.
    const baseline = baselineOf(classes([1, 1, 1, 0, 2, 1]), classes([0, 1, 0, 1, 2]));
    expect(baseline).toEqual({
      kind: 'majority',
      classIndex: 1,
      accuracy: 0.4,
      judgedOn: 'validation',
    });
  });

  it('learns the majority from training only, never from the examples it is scored on', () => {
    const baseline = baselineOf(classes([2, 2, 0]), classes([0, 0, 0, 0]));
    expect(baseline).toMatchObject({ classIndex: 2, accuracy: 0 });
  });

  it('is scored on the training split when there is no validation split', () => {
    expect(baselineOf(classes([0, 2, 2, 2]), null)).toEqual({
      kind: 'majority',
      classIndex: 2,
      accuracy: 0.75,
      judgedOn: 'training',
    });
  });

  it('always predicts the training mean, with its typical error on validation in target units', () => {
    const baseline = baselineOf(targets([10, 20, 30]), targets([20, 24, 16]));
    expect(baseline).toMatchObject({ kind: 'mean', mean: 20, judgedOn: 'validation' });
    expect(baseline?.kind === 'mean' && baseline.error).toBeCloseTo(Math.sqrt(32 / 3));
  });

  it('has the spread of the targets as its error when scored on its own training split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 }),
        (values) => {
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
          const baseline = baselineOf(targets(values), null);
          expect(baseline?.kind === 'mean' && baseline.mean).toBeCloseTo(mean, 6);
          expect(baseline?.kind === 'mean' && baseline.error).toBeCloseTo(std, 6);
        },
      ),
    );
  });

  it('is null without rows to learn from or to score on', () => {
    expect(baselineOf(classes([]), classes([0]))).toBeNull();
    expect(baselineOf(targets([1]), targets([]))).toBeNull();
  });
});

describe('majorityClass', () => {
  it('takes the lowest class among equally common ones, whatever their order', () => {
    expect(majorityClass(Int32Array.of(2, 0, 2, 0, 1), 3)).toBe(0);
    expect(majorityClass(Int32Array.of(0, 2, 0, 2), 3)).toBe(0);
    expect(majorityClass(Int32Array.of(), 3)).toBe(0);
  });

  it('names a class whose count no other class beats', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(4), { maxLength: 50 }), (labels) => {
        const best = majorityClass(Int32Array.from(labels), 5);
        const count = (c: number) => labels.filter((label) => label === c).length;
        for (let c = 0; c < 5; c++) expect(count(best)).toBeGreaterThanOrEqual(count(c));
      }),
    );
  });
});
