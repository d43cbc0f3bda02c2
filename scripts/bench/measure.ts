/**
 * Timings on the active backend: our TrainingSession against a bare model.fit on the same data,
 * and the app's job run the way the app's worker runs it. Each timed run follows an untimed
 * one-epoch run of the same shapes, so shader compilation is not counted.
 */
import * as tf from '@tensorflow/tfjs';
import type { BuiltinDatasetRef } from '../../src/core/data/dataset';
import { generate } from '../../src/core/data/generators';
import type { GradlabError } from '../../src/core/errors';
import type { TrainJob, WorkerEvent } from '../../src/core/protocol';
import type { Result } from '../../src/core/result';
import { disposeDeviceData, toDevice, type DeviceData } from '../../src/engine/train/device-data';
import type { PreparedJob } from '../../src/core/train/prepare';
import type { Emit } from '../../src/core/protocol';
import { TrainingSession, type SessionOptions } from '../../src/engine/train/session';
import { buildModel } from '../../src/engine/model/build';
import type { Measurement, WorkloadReport } from './protocol';
import { unwrap } from './unwrap';

const withEpochs = (p: PreparedJob, epochs: number): PreparedJob => ({
  ...p,
  config: { ...p.config, epochs },
});

function measurement(epochs: number, samples: number, ms: number[]): Measurement {
  const runs = ms.map((m) => Math.round(m) / 1000);
  const seconds = Math.min(...runs);
  return { epochs, samples, seconds, samplesPerSec: samples / seconds, runs };
}

interface SessionRun {
  ms: number;
  /** tf.memory().numTensors at each epoch end. */
  epochTensors: number[];
}

/**
 * Runs a session to its end. The clock starts before `create` when `timeSetup` is set (as the
 * app's worker: generate, upload, build, train), else at start().
 */
async function runSession(
  create: (emit: Emit) => Result<TrainingSession, GradlabError>,
  timeSetup: boolean,
): Promise<SessionRun> {
  const epochTensors: number[] = [];
  let finish: (event: WorkerEvent) => void = () => undefined;
  const ended = new Promise<WorkerEvent>((resolve) => (finish = resolve));
  const t0 = performance.now();
  const session = unwrap(
    create((event) => {
      if (event.type === 'epochEnd') epochTensors.push(event.numTensors);
      if (event.type === 'done' || event.type === 'error') finish(event);
    }),
  );
  const start = timeSetup ? t0 : performance.now();
  session.start();
  const end = await ended;
  const ms = performance.now() - start;
  await session.dispose();
  if (end.type === 'error') throw new Error(`training failed: ${end.error.message}`);
  return { ms, epochTensors };
}

/** model.fit on the same device tensors; returns its wall time in milliseconds. */
async function runFit(p: PreparedJob, epochs: number): Promise<number> {
  const train = toDevice(p.train);
  const validation = p.validation ? toDevice(p.validation) : null;
  const model = buildModel(p.spec, p.dataset.inputShape, p.config.seed);
  const optimizer = tf.train.adam(p.config.learningRate);
  const sequence = p.dataset.task === 'sequence';
  // fit cannot skip a position: on token ids it takes TF.js's own sparse loss over every one, with
  // the targets as [n, length, 1] as it asks. The work per step is ours but for the mask.
  model.compile({
    optimizer,
    loss: sequence ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  // tidy: the float copy on the way to [n, length, 1] would otherwise outlive the run.
  const targets = (d: DeviceData) =>
    sequence ? tf.tidy(() => d.ys.toFloat().expandDims(-1)) : d.ys;
  const ys = targets(train);
  const validationYs = validation ? targets(validation) : null;
  const t0 = performance.now();
  await model.fit(train.xs, ys, {
    batchSize: p.config.batchSize,
    epochs,
    shuffle: true,
    validationData: validation && validationYs ? [validation.xs, validationYs] : undefined,
    verbose: 0,
  });
  const ms = performance.now() - t0;
  if (sequence) tf.dispose([ys, validationYs ?? []]);
  model.dispose();
  optimizer.dispose();
  disposeDeviceData(train);
  disposeDeviceData(validation);
  return ms;
}

/**
 * Our loop against model.fit on one workload: both warm up, then `rounds` timed runs of `epochs`
 * epochs each, alternating, so neither gains from running later (a warmer JIT, a quieter machine).
 */
export async function compareWithFit(
  name: string,
  prepared: PreparedJob,
  epochs: number,
  rounds: number,
): Promise<WorkloadReport> {
  const before = tf.memory().numTensors;
  const fromPrepared = (n: number) => (emit: Emit) =>
    TrainingSession.fromPrepared(withEpochs(prepared, n), emit);
  await runSession(fromPrepared(1), false);
  await runFit(prepared, 1);
  const ours: SessionRun[] = [];
  const fit: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ours.push(await runSession(fromPrepared(epochs), false));
    fit.push(await runFit(prepared, epochs));
  }
  const samples = prepared.train.n * epochs;
  const oursMs = ours.map((r) => r.ms);
  const report = {
    ours: measurement(epochs, samples, oursMs),
    fit: measurement(epochs, samples, fit),
  };
  const epochTensors = ours.flatMap((r) => r.epochTensors);
  return {
    name,
    batchSize: prepared.config.batchSize,
    trainSamples: prepared.train.n,
    validationSamples: prepared.validation?.n ?? 0,
    ...report,
    ratio: report.ours.samplesPerSec / report.fit.samplesPerSec,
    tensors: {
      before,
      after: tf.memory().numTensors,
      ourFirstEpoch: epochTensors[0] ?? NaN,
      ourLastEpoch: epochTensors.at(-1) ?? NaN,
    },
  };
}

/**
 * One run of the app's job as its worker runs it (create, train, predict the grid, and save
 * checkpoints where `options` give a store); its ms.
 */
export async function timeAppJob(
  job: (epochs: number) => TrainJob,
  epochs: number,
  options: SessionOptions = {},
): Promise<number> {
  const data = unwrap(generate(job(1).experiment.dataset as BuiltinDatasetRef));
  const create = (emit: Emit) => TrainingSession.create(job(epochs), data, emit, options);
  return (await runSession(create, true)).ms;
}
