/**
 * A sweep's trial trains quietly (TrainJob's `sweep`): the same curve as a watched run, but only
 * its epoch ends, its status and end, and one checkpoint at its last epoch reach the page.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { BuiltinDatasetRef } from '../../core/data/dataset';
import { generate } from '../../core/data/generators';
import type { TrainJob } from '../../core/protocol';
import { ok } from '../../core/result';
import type { Checkpoint } from '../../core/runs/checkpoint';
import { TrainingSession } from './session';
import { Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function run(job: TrainJob) {
  const data = generate(job.experiment.dataset as BuiltinDatasetRef);
  if (!data.ok) throw data.error;
  const saved: Checkpoint[] = [];
  const sink = {
    save: async (checkpoint: Checkpoint) => {
      saved.push(checkpoint);
      return ok(undefined);
    },
  };
  const recorder = new Recorder();
  const created = TrainingSession.create(job, data.value, recorder.emit, { checkpoints: sink });
  if (!created.ok) throw created.error;
  const ended = recorder.next((e) => e.type === 'status' && e.status === 'done', 60_000);
  created.value.start();
  await ended;
  await created.value.dispose();
  return { recorder, saved };
}

// Small batches over 400 points: a run of about a second, long enough for progress reports and
// paced checkpoints in a watched run.
const watched = testJob({ epochs: 12, size: 400, batchSize: 4 });
const quiet: TrainJob = { ...watched, sweep: { sweepId: 'sweep-1', trialId: 'trial-1' } };

describe('a quiet (sweep) training session', () => {
  test('reports only epoch ends, status, its checkpoint and its end, and trains the same', async () => {
    const loud = await run(watched);
    const hushed = await run(quiet);
    const types = (r: Recorder) => new Set(r.events.map((e) => e.type));
    expect(types(loud.recorder)).toEqual(
      new Set(['status', 'progress', 'epochEnd', 'prediction', 'insights', 'checkpoint', 'done']),
    );
    expect(types(hushed.recorder)).toEqual(new Set(['status', 'epochEnd', 'checkpoint', 'done']));
    const losses = (r: Recorder) => r.of('epochEnd').map((e) => e.train.loss);
    expect(losses(hushed.recorder)).toHaveLength(12);
    expect(losses(hushed.recorder)).toEqual(losses(loud.recorder));
    expect(hushed.recorder.of('done')).toEqual([
      { type: 'done', runId: expect.any(String), reason: 'completed', epochs: 12 },
    ]);
  });

  test('checkpoints its last epoch only, with the curve and the job that names the trial', async () => {
    const { saved, recorder } = await run(quiet);
    expect(saved.map((c) => c.epoch)).toEqual([12]);
    expect(saved[0]?.history).toHaveLength(12);
    expect(saved[0]?.job.sweep).toEqual({ sweepId: 'sweep-1', trialId: 'trial-1' });
    expect(recorder.of('checkpoint').map((e) => e.epoch)).toEqual([12]);
  });
});
