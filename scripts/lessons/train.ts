/**
 * Trains one lesson experiment in Node as the app's worker does: the same TrainingSession on the
 * TF.js cpu backend, over the same data (generated, or the shipped datasets rebuilt from their
 * packages exactly as scripts/build-datasets.ts packs them). What a promise needs beyond the curve
 * (the bigram baseline, where attention looks) is measured on the run's own validation examples;
 * a sweep cell's promise has each trial of its sweep trained the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { PLAYGROUND, type Experiment } from '../../src/core/experiment/experiment';
import type { ExperimentCell } from '../../src/core/bundle/schema';
import type { Dataset, DatasetRef } from '../../src/core/data/dataset';
import { generate } from '../../src/core/data/generators';
import { toDataset } from '../../src/core/data/packed';
import { generateSequenceTask } from '../../src/core/data/sequence-tasks';
import { firstRows } from '../../src/core/data/split';
import { epochRecordOf } from '../../src/core/runs/epoch';
import { planTrials } from '../../src/core/sweep/plan';
import { applyValue } from '../../src/core/sweep/targets';
import type { TrainJob, WorkerEvent } from '../../src/core/protocol';
import { bigramLoss } from '../../src/core/train/bigram';
import { prepareJob } from '../../src/core/train/prepare';
import { TrainingSession } from '../../src/engine/train/session';
import { loadDigits, packDigits } from '../datasets/mnist';
import { packNames } from '../datasets/text';
import { attentionMass } from './attention-mass';
import type { Findings, LookingTask, TrialFinding } from './lesson';

export interface TrainedRun extends Findings {
  durationMs: number;
  samplesPerSec: number;
}

const shipped = new Map<string, Dataset>();

function unwrapped<T>(result: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** The data a lesson's DatasetRef names, as the worker would load it. */
export function loadLessonData(ref: DatasetRef): Dataset {
  if (ref.kind === 'builtin') return unwrapped(generate(ref));
  if (ref.kind === 'sequence') return unwrapped(generateSequenceTask(ref));
  if (ref.kind === 'shipped' && (ref.name === 'mnist-10k' || ref.name === 'names')) {
    const all =
      shipped.get(ref.name) ??
      toDataset(ref.name === 'names' ? packNames().packed : packDigits(loadDigits()));
    shipped.set(ref.name, all);
    return ref.limit !== undefined && ref.limit < all.n ? firstRows(all, ref.limit) : all;
  }
  throw new Error(`Lessons train on generated data, MNIST or names, not on a ${ref.kind} dataset.`);
}

/** The measures a promise asks for, on the validation split the session trained against. */
async function probe(
  what: LookingTask | 'bigram',
  job: TrainJob,
  data: Dataset,
  model: tf.LayersModel,
  promptLength: number,
): Promise<Partial<Findings>> {
  const { train, validation } = unwrapped(prepareJob(job, data));
  if (train.task !== 'sequence' || validation?.task !== 'sequence') {
    throw new Error(
      'The bigram and attention promises need sequence data with a validation split.',
    );
  }
  if (what === 'bigram') return { bigramLoss: bigramLoss(train, validation) ?? undefined };
  return { attentionMass: await attentionMass(model, validation, what, promptLength) };
}

/**
 * Trains `cell` on `ref` to its last epoch on the cpu backend and measures what `probing` names;
 * throws if the run fails.
 */
export async function trainExperiment(
  cell: ExperimentCell,
  ref: DatasetRef,
  probing: LookingTask | 'bigram' | null = null,
): Promise<TrainedRun> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const events: WorkerEvent[] = [];
  let settle: () => void = () => {};
  const ended = new Promise<void>((resolve) => (settle = resolve));
  const job: TrainJob = {
    experiment: { dataset: ref, model: cell.model, config: cell.config, views: cell.views },
    gridResolution: 0,
    place: PLAYGROUND,
  };
  const data = loadLessonData(ref);
  const created = TrainingSession.create(job, data, (event) => {
    events.push(event);
    if (event.type === 'status' && (event.status === 'done' || event.status === 'error')) {
      settle();
    }
  });
  if (!created.ok) throw created.error;
  const session = created.value;
  // The loop yields through an unref'd MessageChannel (clock.ts): a script would exit mid-run.
  const keepAlive = setInterval(() => {}, 1000);
  const started = performance.now();
  session.start();
  await ended;
  clearInterval(keepAlive);
  const durationMs = performance.now() - started;
  const promptLength = ref.kind === 'sequence' ? ref.params.length : 0;
  const measured =
    probing === null ? {} : await probe(probing, job, data, session.currentModel, promptLength);
  await session.dispose();
  const failed = events.find((event) => event.type === 'error');
  if (failed) throw new Error(`Experiment ${cell.id} failed: ${failed.error.message}`);
  const ends = events.filter(
    (e): e is Extract<WorkerEvent, { type: 'epochEnd' }> => e.type === 'epochEnd',
  );
  // The speed as the session measured it over the last epoch, as the app's runs keep it.
  const samplesPerSec = ends.at(-1)?.samplesPerSec ?? 0;
  return { epochs: ends.map(epochRecordOf), durationMs, samplesPerSec, ...measured };
}

/**
 * Each trial of the cell's sweep trained in turn, in the plan's order: the cell's experiment with
 * the trial's values set as the sweep runner sets them (core/sweep/targets.ts applyValue).
 */
export async function trainSweep(cell: ExperimentCell, ref: DatasetRef): Promise<TrialFinding[]> {
  const plan = cell.sweep;
  if (plan === undefined) throw new Error(`Experiment ${cell.id} has no sweep to train.`);
  const base: Experiment = { dataset: ref, model: cell.model, config: cell.config, views: [] };
  if (cell.locks !== undefined) base.locks = cell.locks;
  const found: TrialFinding[] = [];
  for (const values of planTrials(plan)) {
    let experiment = base;
    for (const [i, field] of plan.fields.entries()) {
      const value = values[i];
      if (value === undefined) throw new Error(`A trial of ${cell.id} has no value ${i + 1}.`);
      experiment = unwrapped(applyValue(experiment, field.target, value));
    }
    const { model, config, dataset } = experiment;
    const run = await trainExperiment({ ...cell, model, config }, dataset);
    found.push({ values, last: run.epochs.at(-1) });
  }
  return found;
}
