/**
 * Trains one lesson experiment in Node as the app's worker does: the same TrainingSession on the
 * TF.js cpu backend, over the same data (generated, or the shipped MNIST digits rebuilt from the
 * `mnist` package exactly as scripts/build-datasets.ts packs them).
 */
import * as tf from '@tensorflow/tfjs';
import { PLAYGROUND } from '../../src/core/experiment/experiment';
import type { ExperimentCell } from '../../src/core/bundle/schema';
import type { Dataset, DatasetRef } from '../../src/core/data/dataset';
import { generate } from '../../src/core/data/generators';
import { toDataset } from '../../src/core/data/packed';
import { firstRows } from '../../src/core/data/split';
import { epochRecordOf, type EpochRecord } from '../../src/core/runs/epoch';
import { TrainingSession } from '../../src/engine/train/session';
import type { WorkerEvent } from '../../src/core/protocol';
import { loadDigits, packDigits } from '../datasets/mnist';

export interface TrainedRun {
  epochs: EpochRecord[];
  durationMs: number;
  samplesPerSec: number;
}

let mnist: Dataset | null = null;

/** The data a lesson's DatasetRef names, as the worker would load it. */
export function loadLessonData(ref: DatasetRef): Dataset {
  if (ref.kind === 'builtin') {
    const generated = generate(ref);
    if (!generated.ok) throw generated.error;
    return generated.value;
  }
  if (ref.kind === 'shipped' && ref.name === 'mnist-10k') {
    mnist ??= toDataset(packDigits(loadDigits()));
    return ref.limit !== undefined && ref.limit < mnist.n ? firstRows(mnist, ref.limit) : mnist;
  }
  throw new Error(`Lessons train on generated data or MNIST only, not on a ${ref.kind} dataset.`);
}

/** Trains `cell` on `ref` to its last epoch on the cpu backend; throws if the run fails. */
export async function trainExperiment(cell: ExperimentCell, ref: DatasetRef): Promise<TrainedRun> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const events: WorkerEvent[] = [];
  let settle: () => void = () => {};
  const ended = new Promise<void>((resolve) => (settle = resolve));
  const created = TrainingSession.create(
    {
      experiment: { dataset: ref, model: cell.model, config: cell.config, views: cell.views },
      gridResolution: 0,
      place: PLAYGROUND,
    },
    loadLessonData(ref),
    (event) => {
      events.push(event);
      if (event.type === 'status' && (event.status === 'done' || event.status === 'error')) {
        settle();
      }
    },
  );
  if (!created.ok) throw created.error;
  const session = created.value;
  // The loop yields through an unref'd MessageChannel (clock.ts): a script would exit mid-run.
  const keepAlive = setInterval(() => {}, 1000);
  const started = performance.now();
  session.start();
  await ended;
  clearInterval(keepAlive);
  const durationMs = performance.now() - started;
  await session.dispose();
  const failed = events.find((event) => event.type === 'error');
  if (failed) throw new Error(`Experiment ${cell.id} failed: ${failed.error.message}`);
  const ends = events.filter(
    (e): e is Extract<WorkerEvent, { type: 'epochEnd' }> => e.type === 'epochEnd',
  );
  // The speed as the session measured it over the last epoch, as the app's runs keep it.
  const samplesPerSec = ends.at(-1)?.samplesPerSec ?? 0;
  return { epochs: ends.map(epochRecordOf), durationMs, samplesPerSec };
}
