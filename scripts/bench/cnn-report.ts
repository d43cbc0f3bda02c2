/** The CNN figure's arithmetic, apart from TF.js so it can be tested in Node. */
import type { CnnReport } from './protocol';
import { toSeconds } from './stats';

/** Milliseconds from `start()` (load and create: before it) to each mark. */
export interface CnnTimes {
  /** The loader: IndexedDB read, decodePacked, toDataset, first `limit` rows. */
  load: number;
  /** TrainingSession.create: validation, upload, model build. */
  create: number;
  /** To the first `progress` event. */
  firstBatch: number;
  /** To the `epochEnd` event: every batch trained and the epoch's loss read back. */
  train: number;
}

type Rates = Pick<
  CnnReport,
  | 'loadSeconds'
  | 'createSeconds'
  | 'firstBatchSeconds'
  | 'seconds'
  | 'samplesPerSec'
  | 'afterFirstBatchPerSec'
>;

/**
 * Samples/s over the whole epoch, and over what follows the first progress event (which reported
 * `firstBatches` batches): the pace once the kernels are compiled. NaN when nothing followed it.
 */
export function cnnRates(
  samples: number,
  batchSize: number,
  firstBatches: number,
  times: CnnTimes,
): Rates {
  const seconds = toSeconds(times.train);
  const rest = samples - Math.min(samples, firstBatches * batchSize);
  const restMs = times.train - times.firstBatch;
  return {
    loadSeconds: toSeconds(times.load),
    createSeconds: toSeconds(times.create),
    firstBatchSeconds: toSeconds(times.firstBatch),
    seconds,
    samplesPerSec: seconds > 0 ? samples / seconds : NaN,
    afterFirstBatchPerSec: rest > 0 && restMs > 0 ? (rest * 1000) / restMs : NaN,
  };
}

/** A report with nothing measured yet, or nothing at all when `error` says why. */
export function noCnnReport(samples: number, batchSize: number, error: string | null): CnnReport {
  return {
    name: 'LeNet-5 on MNIST-10k',
    samples,
    batchSize,
    loadSeconds: NaN,
    createSeconds: NaN,
    firstBatchSeconds: NaN,
    firstBatch: null,
    seconds: NaN,
    samplesPerSec: NaN,
    afterFirstBatchPerSec: NaN,
    tensors: { before: NaN, epochEnd: NaN, after: NaN },
    error,
  };
}
