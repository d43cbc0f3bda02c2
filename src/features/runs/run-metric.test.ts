import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../core/runs/epoch';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import type { LossName } from '../../core/train/config';
import { finalMetric, formatMetric, formatValue, metricDetails } from './run-metric';

const last = (record: Partial<EpochRecord>): EpochRecord => ({
  epoch: 20,
  trainLoss: 0.5,
  trainAccuracy: null,
  validationLoss: null,
  validationAccuracy: null,
  ...record,
});

const runWith = (loss: LossName, record: Partial<EpochRecord>) =>
  testRun({ experiment: testRunExperiment({ loss }), epochs: [last(record)] });

describe('finalMetric', () => {
  it('gives a classifier its accuracy, on the validation examples when it held some out', () => {
    const run = runWith('categoricalCrossentropy', {
      trainAccuracy: 0.99,
      validationLoss: 0.3,
      validationAccuracy: 0.9534,
    });
    const metric = finalMetric(run);
    expect(metric).toEqual({ kind: 'accuracy', value: 0.9534, on: 'validation' });
    expect(metric && formatMetric(metric)).toBe('acc. 0.953');
    expect(metric && metricDetails(run, metric)).toBe(
      'accuracy on the validation examples at epoch 20',
    );
    expect(finalMetric(runWith('categoricalCrossentropy', { trainAccuracy: 0.8 }))).toEqual({
      kind: 'accuracy',
      value: 0.8,
      on: 'train',
    });
  });

  it('gives a regression its typical error: RMSE from a squared loss, MAE, or the Huber loss', () => {
    expect(finalMetric(runWith('meanSquaredError', { validationLoss: 144 }))).toEqual({
      kind: 'rmse',
      value: 12,
      on: 'validation',
    });
    expect(finalMetric(runWith('meanAbsoluteError', { trainLoss: 3.5 }))).toEqual({
      kind: 'mae',
      value: 3.5,
      on: 'train',
    });
    const huber = finalMetric(runWith('huber', { validationLoss: 0.25 }));
    expect(huber && formatMetric(huber)).toBe('Huber 0.25');
  });

  it('gives a next-token model its perplexity', () => {
    const metric = finalMetric(
      runWith('sparseCategoricalCrossentropy', { validationLoss: Math.log(4.2) }),
    );
    expect(metric?.kind).toBe('perplexity');
    expect(metric && formatMetric(metric)).toBe('ppl. 4.2');
  });

  it('has none for a run that diverged or has no epochs', () => {
    expect(finalMetric(runWith('meanSquaredError', { validationLoss: Number.NaN }))).toBeNull();
    expect(finalMetric(runWith('categoricalCrossentropy', { trainAccuracy: null }))).toBeNull();
    expect(finalMetric(testRun({ epochs: [] }))).toBeNull();
  });
});

describe('formatValue', () => {
  it('keeps a few significant digits and goes exponential for the extremes', () => {
    expect(formatValue(0.123456, 4)).toBe('0.1235');
    expect(formatValue(12.4123, 3)).toBe('12.4');
    expect(formatValue(3e13, 3)).toBe('3.0e+13');
    expect(formatValue(0.00012, 3)).toBe('1.2e-4');
    expect(formatValue(0, 3)).toBe('0');
  });
});
