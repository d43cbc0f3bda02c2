/** One finished epoch of a run: what the curves draw and what runs and checkpoints keep. */
import { isRecord } from '../is-record';
import type { WorkerEvent } from '../protocol';

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  validationLoss: number | null;
  validationAccuracy: number | null;
}

/** What an epochEnd event adds to the curve. */
export function epochRecordOf(event: Extract<WorkerEvent, { type: 'epochEnd' }>): EpochRecord {
  return {
    epoch: event.epoch,
    trainLoss: event.train.loss,
    trainAccuracy: event.train.accuracy,
    validationLoss: event.validation?.loss ?? null,
    validationAccuracy: event.validation?.accuracy ?? null,
  };
}

const isNumberOrNull = (x: unknown): x is number | null => x === null || typeof x === 'number';

/** Whether a stored value is an epoch record (runs and checkpoints read theirs with it). */
export function isEpochRecord(x: unknown): x is EpochRecord {
  return (
    isRecord(x) &&
    typeof x.epoch === 'number' &&
    Number.isSafeInteger(x.epoch) &&
    x.epoch >= 0 &&
    typeof x.trainLoss === 'number' &&
    isNumberOrNull(x.trainAccuracy) &&
    isNumberOrNull(x.validationLoss) &&
    isNumberOrNull(x.validationAccuracy)
  );
}
