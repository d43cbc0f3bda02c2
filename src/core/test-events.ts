/** What the training worker says, for tests that play its part: ready, epochs, a run's end. */
import type { ReadyEvent, TrainStatus, WorkerEvent } from './protocol';

/** The cpu backend started, as the worker reports it in Node. */
export const CPU_READY: ReadyEvent = {
  type: 'ready',
  backend: 'cpu',
  requested: 'auto',
  reason: 'test',
  adapter: null,
  renderer: null,
};

/** Epoch `epoch` of run `runId` ended with this training loss (1 / epoch unless given). */
export const epochEnd = (runId: string, epoch: number, loss = 1 / epoch): WorkerEvent => ({
  type: 'epochEnd',
  runId,
  epoch,
  train: { loss, accuracy: 0.5 },
  validation: { loss: loss * 2, accuracy: 0.4 },
  samplesPerSec: 100,
  numTensors: 10,
});

export const runDone = (runId: string, epochs = 1): WorkerEvent => ({
  type: 'done',
  runId,
  reason: 'completed',
  epochs,
});

export const statusEvent = (status: TrainStatus): WorkerEvent => ({ type: 'status', status });
