import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { activateBackend } from '../src/engine/train/activate-backend';
import { createController } from '../src/engine/train/controller';
import { CPU_ONLY, Recorder, testJob } from '../src/engine/train/test-helpers';
import { latestCheckpoint } from '../src/storage/checkpoints-repo';
import { openGradlabDb } from '../src/storage/open';
import { checkpointStore } from './checkpoint-store';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function worker(name: string) {
  const recorder = new Recorder();
  const openDb = () => openGradlabDb({ name });
  const controller = createController(
    recorder.emit,
    (requested) => activateBackend(requested, CPU_ONLY),
    undefined,
    checkpointStore(openDb),
  );
  return { recorder, controller, openDb };
}

const lossesOf = (r: Recorder) => r.of('epochEnd').map((e) => [e.epoch, e.train.loss]);

test('a run resumed from its checkpoint in a new worker continues exactly where it stopped', async () => {
  const name = `resume-${crypto.randomUUID()}`;
  // Dropout and adam make the state worth restoring: masks follow the step, moments the history.
  const job = (epochs: number) => ({
    ...testJob({ epochs, optimizer: 'adam', size: 120 }),
    model: {
      layers: [
        { type: 'dense' as const, units: 8, activation: 'relu' as const },
        { type: 'dropout' as const, rate: 0.2 },
        { type: 'dense' as const, units: 3, activation: 'softmax' as const },
      ],
    },
  });

  const whole = worker(`${name}-whole`);
  await whole.controller.handle({ type: 'start', runId: 'run-44', job: job(5) });
  await whole.recorder.status('done');

  const first = worker(name);
  await first.controller.handle({ type: 'start', runId: 'run-48', job: job(3) });
  await first.recorder.status('done');
  await first.recorder.next((e) => e.type === 'checkpoint' && e.epoch === 3);
  const db = await first.openDb();
  if (!db.ok) throw db.error;
  const saved = await latestCheckpoint(db.value);
  const checkpoint = saved.ok ? saved.value.checkpoint : null;
  if (checkpoint === null) throw new Error('no checkpoint was saved');
  expect(checkpoint.epoch).toBe(3);
  expect(checkpoint.history.map((h) => h.epoch)).toEqual([1, 2, 3]);

  // A fresh worker, as after a reload: it knows CPU_ONLY but what IndexedDB holds.
  const second = worker(name);
  await second.controller.handle({ type: 'resumeFrom', job: job(5), runId: checkpoint.runId });
  await second.recorder.status('done');

  expect(lossesOf(second.recorder).map(([epoch]) => epoch)).toEqual([4, 5]);
  expect(lossesOf(second.recorder)).toEqual(lossesOf(whole.recorder).slice(3));
});

test('resuming a run without a checkpoint says so', async () => {
  const { recorder, controller } = worker(`none-${crypto.randomUUID()}`);
  await controller.handle({ type: 'resumeFrom', job: testJob(), runId: 'missing' });
  expect(recorder.of('error')[0]?.error.message).toMatch(/no checkpoint/);
});
