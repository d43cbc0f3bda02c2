import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cnnRates, noCnnReport } from './cnn-report';

const times = { load: 70, create: 20, firstBatch: 8000, train: 20000 };

describe('cnnRates', () => {
  it('rates the whole epoch and what follows the first progress event', () => {
    const rates = cnnRates(256, 64, 1, times);
    expect(rates).toEqual({
      loadSeconds: 0.07,
      createSeconds: 0.02,
      firstBatchSeconds: 8,
      seconds: 20,
      samplesPerSec: 12.8,
      afterFirstBatchPerSec: 16,
    });
  });

  it('counts every batch the first progress event names as done before it', () => {
    expect(cnnRates(256, 64, 2, times).afterFirstBatchPerSec).toBeCloseTo(128 / 12);
  });

  it('has no pace after the first report when it already covered the epoch', () => {
    expect(cnnRates(100, 64, 2, times).afterFirstBatchPerSec).toBeNaN();
    expect(
      cnnRates(64, 64, 1, { ...times, train: times.firstBatch }).afterFirstBatchPerSec,
    ).toBeNaN();
  });

  it('recovers the pace of the later batches whatever the first one cost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (batches, firstMs, perBatchMs) => {
          const train = firstMs + (batches - 1) * perBatchMs;
          const rates = cnnRates(batches * 64, 64, 1, {
            load: 0,
            create: 0,
            firstBatch: firstMs,
            train,
          });
          expect(rates.afterFirstBatchPerSec).toBeCloseTo((64 * 1000) / perBatchMs, 6);
        },
      ),
    );
  });
});

describe('noCnnReport', () => {
  it('keeps the plan and the error and measures nothing', () => {
    const report = noCnnReport(1280, 64, 'the backend was lost');
    expect(report).toMatchObject({ samples: 1280, batchSize: 64, error: 'the backend was lost' });
    expect(report.samplesPerSec).toBeNaN();
    expect(report.firstBatch).toBeNull();
  });
});
