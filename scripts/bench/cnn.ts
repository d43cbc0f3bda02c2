/**
 * "The LeNet-style CNN on MNIST-10k": what the app does when Train is pressed on the stored
 * MNIST-10k, timed on the active backend. The job names the dataset as the catalog does (shipped,
 * first `limit` examples); the training worker's loader reads it from IndexedDB, TrainingSession
 * puts it and lenetSpec(10) on the device, and one epoch trains without validation.
 *
 * The run is cold (the first convolution in this worker), as a user's first Train is: the time to
 * the first batch includes compiling the conv kernels. It ends at the first `progress` event, which
 * carries the loss summed on the device after batch 1 and read back asynchronously, so it is the
 * time until that batch has really run, not until it was queued.
 */
import * as tf from '@tensorflow/tfjs';
import type { ShippedDatasetRef } from '../../src/core/data/dataset';
import { lenetSpec } from '../../src/core/model/presets';
import type { TrainJob, WorkerEvent } from '../../src/core/protocol';
import { DEFAULT_CONFIG } from '../../src/core/train/config';
import { PLAYGROUND } from '../../src/core/experiment/experiment';
import { TrainingSession } from '../../src/engine/train/session';
import { openGradlabDb } from '../../src/storage/open';
import { storedDatasetLoader } from '../../workers/dataset-loader';
import { BENCH_DB } from './dataset-load';
import type { CnnReport } from './protocol';
import { cnnRates, noCnnReport, type CnnTimes } from './cnn-report';
import { unwrap } from './unwrap';

const BATCH_SIZE = 64;

/** The first `samples` examples of the shipped MNIST-10k, named as the catalog names them. */
const cnnDataset = (samples: number): ShippedDatasetRef => ({
  kind: 'shipped',
  name: 'mnist-10k',
  limit: samples,
});

/** The job the app sends for LeNet on MNIST-10k, with the bench's fixed settings. */
export function cnnJob(samples: number): TrainJob {
  return {
    experiment: {
      dataset: cnnDataset(samples),
      model: lenetSpec(10),
      config: {
        ...DEFAULT_CONFIG,
        optimizer: 'adam',
        learningRate: 0.001,
        batchSize: BATCH_SIZE,
        epochs: 1,
        validationSplit: 0,
      },
      views: ['curves'],
    },
    gridResolution: 0,
    place: PLAYGROUND,
  };
}

interface Marks {
  firstProgress: { at: number; batch: number; loss: number } | null;
  epochEnd: { at: number; numTensors: number } | null;
}

/**
 * Loads the first `samples` examples of the stored MNIST-10k (stored by timeDatasetLoad) and
 * trains one epoch of LeNet on them. Never throws: a failure is the report's `error`.
 */
export async function timeCnn(samples: number): Promise<CnnReport> {
  const report = noCnnReport(samples, BATCH_SIZE, null);
  const db = openGradlabDb({ name: BENCH_DB });
  try {
    const job = cnnJob(samples);
    report.tensors.before = tf.memory().numTensors;
    const t0 = performance.now();
    const data = unwrap(await storedDatasetLoader(() => db)(cnnDataset(samples)));
    const t1 = performance.now();
    const marks: Marks = { firstProgress: null, epochEnd: null };
    let finish: (event: WorkerEvent) => void = () => undefined;
    const ended = new Promise<WorkerEvent>((resolve) => (finish = resolve));
    const session = unwrap(
      TrainingSession.create(job, data, (event) => {
        const at = performance.now();
        if (event.type === 'progress' && !marks.firstProgress) {
          marks.firstProgress = { at, batch: event.batch, loss: event.loss };
        }
        if (event.type === 'epochEnd') marks.epochEnd = { at, numTensors: event.numTensors };
        if (event.type === 'done' || event.type === 'error') finish(event);
      }),
    );
    const t2 = performance.now();
    session.start();
    const end = await ended;
    await session.dispose();
    if (end.type === 'error') throw new Error(`training failed: ${end.error.message}`);
    report.tensors.after = tf.memory().numTensors;
    const { firstProgress, epochEnd } = marks;
    if (!firstProgress || !epochEnd) throw new Error('the run ended without progress or epochEnd');
    report.tensors.epochEnd = epochEnd.numTensors;
    report.samples = data.n;
    report.firstBatch = { batch: firstProgress.batch, loss: firstProgress.loss };
    const times: CnnTimes = {
      load: t1 - t0,
      create: t2 - t1,
      firstBatch: firstProgress.at - t2,
      train: epochEnd.at - t2,
    };
    Object.assign(report, cnnRates(report.samples, BATCH_SIZE, firstProgress.batch, times));
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  } finally {
    const opened = await db;
    if (opened.ok) opened.value.close();
  }
  return report;
}
