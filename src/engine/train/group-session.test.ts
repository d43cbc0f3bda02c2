/**
 * Trials trained as one stacked group are the runs each would be alone: the same curve (to float
 * rounding) and the same trained weights, whatever their seeds and learning rates; one that
 * diverges fails alone; stop ends them all; nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BuiltinDatasetRef } from '../../core/data/dataset';
import { generate } from '../../core/data/generators';
import type { TrainJob } from '../../core/protocol';
import type { TrainConfig } from '../../core/train/config';
import { GroupSession, type GroupTrial } from './group-session';
import { TrainingSession } from './session';
import { Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataOf = (job: TrainJob) => {
  const data = generate(job.experiment.dataset as BuiltinDatasetRef);
  if (!data.ok) throw data.error;
  return data.value;
};

/** A trial whose generated points follow its seed, as a sweep's repeat runs' do. */
function trialOf(overrides: Parameters<typeof testJob>[0], runId: string): GroupTrial {
  const job = testJob(overrides);
  const dataset = job.experiment.dataset as BuiltinDatasetRef;
  const experiment = { ...job.experiment, dataset: { ...dataset, seed: overrides?.seed ?? 1 } };
  return { job: { ...job, experiment, sweep: { sweepId: 'sweep-1', trialId: runId } }, runId };
}

async function alone(trial: GroupTrial) {
  const recorder = new Recorder();
  const created = TrainingSession.create(trial.job, dataOf(trial.job), recorder.emit, {
    runId: trial.runId,
  });
  if (!created.ok) throw created.error;
  const ended = recorder.next((e) => e.type === 'status' && e.status === 'done', 60_000);
  created.value.start();
  await ended;
  const weights = await Promise.all(created.value.currentModel.getWeights().map((w) => w.data()));
  await created.value.dispose();
  return { epochs: recorder.of('epochEnd'), weights };
}

/** The trials' group, started, with its events and the promise of its end. */
function started(trials: GroupTrial[]) {
  const recorder = new Recorder();
  const created = GroupSession.create(
    trials,
    trials.map((t) => dataOf(t.job)),
    recorder.emit,
  );
  if (!created.ok) throw created.error;
  const ended = recorder.next((e) => e.type === 'status' && e.status === 'done', 60_000);
  created.value.start();
  return { recorder, session: created.value, ended };
}

async function together(trials: GroupTrial[]) {
  const { recorder, session, ended } = started(trials);
  await ended;
  const weights = await Promise.all(
    trials.map(async (t) => {
      const model = session.modelOf(t.runId);
      return model ? Promise.all(model.getWeights().map((w) => w.data())) : null;
    }),
  );
  return { recorder, weights, session };
}

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(b)));
};

describe('a group of sweep trials', () => {
  const base = { epochs: 4, size: 160, batchSize: 16, hidden: [6, 5] };
  const cases: [string, Partial<TrainConfig>][] = [
    ['adam', { optimizer: 'adam' }],
    ['momentum', { optimizer: 'momentum' }],
    [
      'sgd with a step schedule',
      { optimizer: 'sgd', schedule: { kind: 'step', everyEpochs: 2, factor: 0.5 } },
    ],
  ];
  test.each(cases)('trains each member as it trains alone (%s)', async (_, config) => {
    const trials = [
      trialOf({ ...base, ...config, seed: 1, learningRate: 0.05 }, 'run-a'),
      trialOf({ ...base, ...config, seed: 2, learningRate: 0.01 }, 'run-b'),
      trialOf({ ...base, ...config, seed: 3, learningRate: 0.2 }, 'run-c'),
    ];
    const before = tf.memory().numTensors;
    const group = await together(trials);
    await group.session.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const [i, trial] of trials.entries()) {
      const solo = await alone(trial);
      const mine = group.recorder.of('epochEnd').filter((e) => e.runId === trial.runId);
      expect(mine.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      for (const [j, epoch] of mine.entries()) {
        const reference = solo.epochs[j];
        close(epoch.train.loss, reference?.train.loss ?? null);
        close(epoch.train.accuracy, reference?.train.accuracy ?? null);
        close(epoch.validation?.loss ?? null, reference?.validation?.loss ?? null);
        close(epoch.validation?.accuracy ?? null, reference?.validation?.accuracy ?? null);
      }
      const weights = group.weights[i] ?? [];
      expect(weights).toHaveLength(solo.weights.length);
      for (const [w, values] of weights.entries()) {
        const reference = solo.weights[w] as Float32Array;
        for (const [v, value] of values.entries()) close(value, reference[v] ?? NaN);
      }
    }
    expect(group.recorder.of('done').map((e) => [e.runId, e.reason, e.epochs])).toEqual([
      ['run-a', 'completed', 4],
      ['run-b', 'completed', 4],
      ['run-c', 'completed', 4],
    ]);
  });

  test('a regression group counts no accuracy and matches its runs alone', async () => {
    const regression = { ...base, generator: 'sine' as const };
    const trials = [
      trialOf({ ...regression, seed: 4, learningRate: 0.01 }, 'run-a'),
      trialOf({ ...regression, seed: 5, learningRate: 0.03 }, 'run-b'),
    ];
    const group = await together(trials);
    const solo = await alone(trials[1] as GroupTrial);
    const mine = group.recorder.of('epochEnd').filter((e) => e.runId === 'run-b');
    expect(mine.map((e) => e.train.accuracy)).toEqual([null, null, null, null]);
    for (const [j, epoch] of mine.entries()) {
      close(epoch.train.loss, solo.epochs[j]?.train.loss ?? null);
      close(epoch.validation?.loss ?? null, solo.epochs[j]?.validation?.loss ?? null);
    }
    await group.session.dispose();
  });

  test('a member whose loss becomes NaN fails alone; the others finish', async () => {
    const trials = [
      trialOf(
        { ...base, generator: 'sine', optimizer: 'sgd', seed: 1, learningRate: 0.01 },
        'run-a',
      ),
      trialOf({ ...base, generator: 'sine', optimizer: 'sgd', seed: 2, learningRate: 10 }, 'run-b'),
    ];
    const group = await together(trials);
    const failed = group.recorder.of('trialFailed');
    expect(failed.map((e) => [e.runId, e.error.code])).toEqual([['run-b', 'non-finite-loss']]);
    expect(group.recorder.of('done').map((e) => e.runId)).toEqual(['run-a']);
    expect(group.recorder.of('epochEnd').filter((e) => e.runId === 'run-a')).toHaveLength(4);
    await group.session.dispose();
  });

  test('stop ends every member as stopped', async () => {
    const trials = [
      trialOf({ ...base, epochs: 1000, seed: 1 }, 'run-a'),
      trialOf({ ...base, epochs: 1000, seed: 2 }, 'run-b'),
    ];
    const { recorder, session, ended } = started(trials);
    await recorder.next((e) => e.type === 'epochEnd', 60_000);
    session.stop();
    await ended;
    expect(recorder.of('done').map((e) => [e.runId, e.reason])).toEqual([
      ['run-a', 'stopped'],
      ['run-b', 'stopped'],
    ]);
    await session.dispose();
  });

  test('refuses trials that differ in more than seed and learning rate', () => {
    const trials = [
      trialOf({ ...base, seed: 1 }, 'run-a'),
      trialOf({ ...base, seed: 2, batchSize: 8 }, 'run-b'),
    ];
    const created = GroupSession.create(
      trials,
      trials.map((t) => dataOf(t.job)),
      () => {},
    );
    expect(created.ok ? null : created.error.code).toBe('invalid-state');
  });
});
