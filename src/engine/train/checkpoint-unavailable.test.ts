import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { StorageFullError, StorageUnavailableError, type GradlabError } from '../../core/errors';
import { err, type Result } from '../../core/result';
import { activateBackend } from './activate-backend';
import { createController, type CheckpointStore } from './controller';
import { CPU_ONLY, Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A store whose every save fails with `error`, as IndexedDB does when it cannot be opened. */
const failing = (error: GradlabError): CheckpointStore => ({
  save: async (): Promise<Result<void, GradlabError>> => err(error),
  load: async () => err(error),
});

async function runWith(store: CheckpointStore) {
  const recorder = new Recorder();
  const controller = createController(
    recorder.emit,
    (requested) => activateBackend(requested, CPU_ONLY),
    undefined,
    store,
  );
  await controller.handle({ type: 'init', backend: 'cpu' });
  await controller.handle({
    type: 'start',
    runId: 'run-28',
    job: testJob({ epochs: 3, size: 100 }),
  });
  await recorder.next((e) => e.type === 'done', 60_000);
  return recorder;
}

describe('checkpoints that cannot be saved', () => {
  test('without any storage the run trains to its end and reports no error', async () => {
    const recorder = await runWith(failing(new StorageUnavailableError('no storage here')));
    expect(recorder.of('error')).toEqual([]);
    expect(recorder.of('checkpoint')).toEqual([]);
    expect(recorder.of('epochEnd')).toHaveLength(3);
  });

  test('a full disk is still reported', async () => {
    const recorder = await runWith(failing(new StorageFullError('the disk is full')));
    expect(recorder.of('error').length).toBeGreaterThan(0);
  });
});
