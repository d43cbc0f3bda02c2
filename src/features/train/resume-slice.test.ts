import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { buildModel } from '../../engine/model/build';
import { captureCheckpoint } from '../../engine/train/checkpoint';
import { createOptimizer } from '../../engine/train/optimizers';
import { testJob } from '../../engine/train/test-helpers';
import { saveCheckpoint } from '../../storage/checkpoints-repo';
import { createTestStore } from '../../store/test-store';
import { appDb } from '../../storage/app-db';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('an interrupted run is offered after a reload and resumes with its settings and curve', async () => {
  const job = {
    ...testJob({ generator: 'moons', size: 300, hidden: [12, 6], epochs: 20, batchSize: 16 }),
  };
  job.config.learningRate = 0.01;
  const model = buildModel(job.model, [2], job.config.seed);
  const history = [1, 2, 3].map((epoch) => ({
    epoch,
    trainLoss: 1 / epoch,
    trainAccuracy: 0.5,
    validationLoss: 1.1 / epoch,
    validationAccuracy: 0.45,
  }));
  const checkpoint = await captureCheckpoint(model, createOptimizer('adam', 0.01), {
    runId: 'run-1',
    epoch: 3,
    history,
    job,
    steps: 57,
  });
  model.dispose();
  const db = await appDb();
  if (!db.ok) throw db.error;
  expect((await saveCheckpoint(db.value, checkpoint)).ok).toBe(true);

  const { get, sent } = createTestStore();
  await get().lookForInterruptedRun();
  expect(get().interrupted).toMatchObject({ runId: 'run-1', epoch: 3, epochs: 20 });

  await get().resumeInterrupted();
  const state = get();
  expect(state.datasetSettings).toMatchObject({ generator: 'moons', size: 300 });
  expect(state.layers.map((l) => l.type === 'dense' && l.units)).toEqual([12, 6]);
  expect(state.trainSettings).toMatchObject({ epochs: 20, batchSize: 16, learningRate: 0.01 });
  expect(state.history).toEqual(history);
  expect(sent.at(-1)).toEqual({ type: 'resumeFrom', job, runId: 'run-1' });
});

test('a discarded run is offered no more', async () => {
  const { get } = createTestStore();
  const db = await appDb();
  if (!db.ok) throw db.error;
  const latest = get();
  await latest.discardInterrupted();
  await latest.lookForInterruptedRun();
  // The only checkpoint (run-1, epoch 3 of 20) was resumed, not discarded, so it is offered again;
  // discarding it removes it for good.
  expect(get().interrupted?.runId).toBe('run-1');
  await get().discardInterrupted();
  await get().lookForInterruptedRun();
  expect(get().interrupted).toBeNull();
});
