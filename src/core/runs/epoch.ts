/** One finished epoch of a run: what the curves draw and what runs and checkpoints keep. */
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
