import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generate } from '../../core/data/generators';
import type { BuiltinDatasetRef } from '../../core/data/dataset';
import { ok } from '../../core/result';

import { TrainingSession } from './session';
import { registerCpuAs, unregisterFake } from './test-backends';
import { Recorder, testJob } from './test-helpers';

/** A backend whose every readback takes 60 ms, as a GPU's queue stalls for one. */
beforeAll(async () => {
  registerCpuAs('webgl', { readDelayMs: 60 });
  await tf.setBackend('webgl');
});

afterAll(async () => {
  await tf.setBackend('cpu');
  unregisterFake('webgl');
});

test('checkpoints are paced by what capturing them costs, not every 500 ms', async () => {
  const job = testJob({ epochs: 10_000 });
  const data = generate(job.experiment.dataset as BuiltinDatasetRef);
  if (!data.ok) throw data.error;
  const savedAt: number[] = [];
  const sink = {
    save: async () => {
      savedAt.push(performance.now());
      return ok(undefined);
    },
  };
  const recorder = new Recorder();
  const created = TrainingSession.create(job, data.value, recorder.emit, { checkpoints: sink });
  if (!created.ok) throw created.error;
  const session = created.value;
  const ended = recorder.next((e) => e.type === 'status' && e.status === 'done', 30_000);
  session.start();
  await new Promise((resolve) => setTimeout(resolve, 4000));
  session.stop();
  await ended;
  await session.dispose();
  // Each capture costs at least one 60 ms readback, so at 5% of the time the next comes 1.2 s
  // later at the soonest; every 500 ms would have saved about eight times in 4 s.
  const gaps = savedAt.slice(1).map((at, k) => at - (savedAt[k] as number));
  expect(savedAt.length).toBeGreaterThanOrEqual(2);
  expect(savedAt.length).toBeLessThanOrEqual(5);
  for (const gap of gaps.slice(0, -1)) expect(gap).toBeGreaterThanOrEqual(1100);
});
