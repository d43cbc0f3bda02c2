/**
 * A reference experiment trained by the app's own engine (TrainingSession, as the training worker
 * drives it) on the TF.js cpu backend: the seeded initial weights, each epoch's losses, the trained
 * weights and the trained model's predictions for the first rows of the dataset.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../src/core/data/dataset';
import type { Experiment } from '../../src/core/experiment/experiment';
import type { ExportedModel } from '../../src/core/model/tfjs-format';
import { PLAYGROUND } from '../../src/core/experiment/experiment';
import type { WorkerEvent } from '../../src/core/protocol';
import { epochRecordOf, type EpochRecord } from '../../src/core/runs/epoch';
import { exportLayersModel } from '../../src/engine/model/export-tfjs';
import { TrainingSession } from '../../src/engine/train/session';

export interface EngineRun {
  /** The seeded initial model (`buildModel(spec, inputShape, seed)`), before any step. */
  initial: ExportedModel;
  trained: ExportedModel;
  epochs: EpochRecord[];
  /** The trained model's outputs for the first `rows` rows of the dataset, row-major. */
  predictions: Float32Array;
  /** The inputs those predictions are for, row-major as the dataset holds them. */
  inputs: Float32Array;
  rows: number;
  wallSeconds: number;
}

/** The run, or the error event's message when the session fails. */
export async function trainWithEngine(
  experiment: Experiment,
  data: Dataset,
  rows: number,
): Promise<EngineRun> {
  await tf.setBackend('cpu');
  const events: WorkerEvent[] = [];
  let settle: () => void = () => {};
  const ended = new Promise<void>((resolve) => (settle = resolve));
  const emit = (event: WorkerEvent) => {
    events.push(event);
    if (event.type === 'status' && (event.status === 'done' || event.status === 'error')) settle();
  };
  const created = TrainingSession.create(
    { experiment, gridResolution: 2, place: PLAYGROUND },
    data,
    emit,
  );
  if (!created.ok) throw created.error;
  const session = created.value;
  // The session yields through a MessageChannel port that is unref'd in Node (clock.ts), so
  // while it trains nothing else would keep this process from exiting.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    const initial = await exportLayersModel(session.currentModel);
    const started = performance.now();
    session.start();
    await ended;
    const wallSeconds = (performance.now() - started) / 1000;
    const failure = events.find((e) => e.type === 'error');
    if (failure?.type === 'error') throw new Error(failure.error.message);
    const trained = await exportLayersModel(session.currentModel);
    const width = data.inputShape.reduce((a, b) => a * b, 1);
    const n = Math.min(rows, data.n);
    const inputs = data.x.slice(0, n * width);
    const output = tf.tidy(() =>
      (
        session.currentModel.predict(tf.tensor(inputs, [n, ...data.inputShape])) as tf.Tensor
      ).dataSync(),
    );
    const epochs = events.flatMap((e) => (e.type === 'epochEnd' ? [epochRecordOf(e)] : []));
    return {
      initial,
      trained,
      epochs,
      predictions: Float32Array.from(output),
      inputs,
      rows: n,
      wallSeconds,
    };
  } finally {
    clearInterval(keepAlive);
    await session.dispose();
  }
}
