import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { activateBackend } from './activate-backend';
import { createController } from './controller';
import { CPU_ONLY, Recorder, testJob } from './test-helpers';
import { loadGenerated } from '../../core/data/load';
import type { BuiltinDatasetRef } from '../../core/data/dataset';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function setUp() {
  const recorder = new Recorder();
  const controller = createController(recorder.emit, (requested) =>
    activateBackend(requested, CPU_ONLY),
  );
  return { recorder, controller };
}

const epochsSoFar = (r: Recorder) => r.of('epochEnd').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('worker controller', () => {
  test('init reports the backend it chose and why', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'init', backend: 'webgpu' });
    const ready = recorder.of('ready')[0]!;
    expect(ready.backend).toBe('cpu');
    expect(ready.reason).toMatch(/webgpu requested but unavailable/);
  });

  test('a job above the backend memory is refused before anything is built, whoever sent it', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'init', backend: 'cpu' });
    const ready = recorder.of('ready')[0]!;
    expect(ready.memory).toEqual({ totalBytes: 2 ** 31, tensorBytes: 2 ** 31 });
    // Three dense layers of 4,096 units: 33.6 M weights, 2.8 GB with Adam, over cpu's 2 GB.
    const job = testJob({ hidden: [4096, 4096, 4096], optimizer: 'adam', batchSize: 32 });
    const tensors = tf.memory().numTensors;
    const failed = recorder.status('error');
    await controller.handle({ type: 'start', runId: 'too-big', job });
    await failed;
    expect(recorder.of('error').at(-1)?.error).toMatchObject({
      code: 'memory-budget',
      message: expect.stringMatching(
        /^This model needs about [\d.]+ GB for a batch of 32 on plain JavaScript, more than the 2 GB it can use, and even a batch of 1 needs about [\d.]+ GB: make the model smaller; its largest layer is layer 2 \(dense, 16,781,312 parameters/,
      ),
    });
    expect(recorder.of('status').map((e) => e.status)).not.toContain('running');
    expect(tf.memory().numTensors).toBe(tensors);

    // The same worker trains a model that fits.
    const done = recorder.status('done');
    await controller.handle({ type: 'start', runId: 'small', job: testJob({ epochs: 1 }) });
    await done;
  });

  test('pause holds the epoch still, resume continues, stop ends the run', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'init', backend: 'cpu' });
    const job = testJob({ epochs: 10000, size: 2000, batchSize: 8 });
    const running = recorder.status('running');
    await controller.handle({ type: 'start', runId: 'run-36', job });
    await running;
    await recorder.next((e) => e.type === 'epochEnd');

    const paused = recorder.status('paused');
    await controller.handle({ type: 'pause' });
    await paused;
    const held = epochsSoFar(recorder);
    const heldEvents = recorder.events.length;
    await sleep(300);
    expect(epochsSoFar(recorder)).toBe(held);
    expect(recorder.events.length).toBe(heldEvents);

    const resumed = recorder.status('running');
    await controller.handle({ type: 'resume' });
    await resumed;
    await recorder.next((e) => e.type === 'epochEnd' && e.epoch > held);

    const done = recorder.next((e) => e.type === 'done');
    await controller.handle({ type: 'stop' });
    expect(await done).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(recorder.of('status').at(-1)).toEqual({ type: 'status', status: 'done' });
  });

  test('step trains exactly one batch and stays paused', async () => {
    const { recorder, controller } = setUp();
    const job = testJob({ epochs: 5 });
    const paused = recorder.status('paused');
    await controller.handle({ type: 'step', runId: 'run-64', job });
    await paused;
    await sleep(50);
    expect(recorder.of('progress').map((p) => [p.epoch, p.batch])).toEqual([[1, 1]]);
    const second = recorder.next((e) => e.type === 'progress');
    await controller.handle({ type: 'step', runId: 'run-69', job });
    expect(await second).toMatchObject({ epoch: 1, batch: 2 });
    await controller.handle({ type: 'stop' });
  });

  test('reset shows the untrained model and is idle', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'reset', job: testJob() });
    expect(recorder.of('status').at(-1)).toEqual({ type: 'status', status: 'idle' });
    expect(recorder.of('prediction')[0]).toMatchObject({ epoch: 0 });
  });

  test('a bad command or job becomes an error event, not an exception', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'launch' });
    await controller.handle({
      type: 'start',
      runId: 'run-84',
      job: testJob({ learningRate: NaN }),
    });
    expect(recorder.of('error').map((e) => e.error.code)).toEqual([
      'protocol',
      'invalid-experiment',
    ]);
  });

  test('questions about the model are answered, and quietly empty before there is one', async () => {
    const { recorder, controller } = setUp();
    const input = new Float32Array([0.2, -0.4]);
    await controller.handle({ type: 'predictOne', requestId: 1, input });
    expect(recorder.of('onePrediction')[0]?.output).toHaveLength(0);
    expect(recorder.of('error')).toEqual([]);

    await controller.handle({ type: 'reset', job: testJob() });
    await controller.handle({ type: 'predictOne', requestId: 2, input: input.slice() });
    const answer = recorder.of('onePrediction')[1];
    expect(answer?.requestId).toBe(2);
    expect(Array.from(answer?.output ?? []).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    await controller.handle({ type: 'export', requestId: 3 });
    expect(JSON.parse(recorder.of('exported')[0]?.modelJson ?? '{}')).toHaveProperty(
      'format',
      'layers-model',
    );
  });

  test('project data is the dataset as training sees it and the seeded model before any step', async () => {
    const { recorder, controller } = setUp();
    const job = testJob({ size: 120 });
    await controller.handle({ type: 'reset', job });
    await controller.handle({ type: 'export', requestId: 1 });
    const shown = recorder.of('exported')[0]!;

    const other = testJob({ generator: 'sine', size: 50 }).experiment;
    await controller.handle({ type: 'projectData', requestId: 2, experiment: other });
    const sine = recorder.of('projectData')[0]!;
    const expected = await loadGenerated(other.dataset as BuiltinDatasetRef);
    if (!expected.ok || expected.value.task !== 'regression') throw new Error('no sine data');
    expect(sine.x).toEqual(expected.value.x);
    expect(sine.y).toEqual(expected.value.targets);

    await controller.handle({ type: 'projectData', requestId: 3, experiment: job.experiment });
    const own = recorder.of('projectData')[1]!;
    // Nothing trained since the reset: the seeded model is the one on show, weight for weight.
    expect(new Float32Array(own.initialWeights)).toEqual(new Float32Array(shown.weights));
    // Exporting another experiment's data left the current model's data in place.
    await controller.handle({ type: 'predictOne', requestId: 4, input: new Float32Array(2) });
    expect(recorder.of('onePrediction')[0]?.output).toHaveLength(3);
    expect(recorder.of('error')).toEqual([]);
  });

  test('project data of an experiment that cannot be built is refused with the reason', async () => {
    const { recorder, controller } = setUp();
    const experiment = { ...testJob().experiment, model: { layers: [] } };
    await controller.handle({ type: 'projectData', requestId: 5, experiment });
    expect(recorder.of('error')[0]).toMatchObject({ requestId: 5 });
    expect(recorder.of('projectData')).toEqual([]);
  });
  test('a group of sweep trials trains each run, ends each, and exports each by its run id', async () => {
    const { recorder, controller } = setUp();
    await controller.handle({ type: 'init', backend: 'cpu' });
    const trial = (seed: number, runId: string) => ({
      runId,
      job: { ...testJob({ epochs: 2, seed }), sweep: { sweepId: 's', trialId: runId } },
    });
    const done = recorder.status('done');
    await controller.handle({ type: 'startGroup', trials: [trial(1, 'a'), trial(2, 'b')] });
    await done;
    expect(recorder.of('epochEnd').map((e) => [e.runId, e.epoch])).toEqual([
      ['a', 1],
      ['b', 1],
      ['a', 2],
      ['b', 2],
    ]);
    expect(recorder.of('done').map((e) => e.runId)).toEqual(['a', 'b']);
    await controller.handle({ type: 'export', requestId: 1, runId: 'a' });
    await controller.handle({ type: 'export', requestId: 2, runId: 'b' });
    const [a, b] = recorder.of('exported');
    expect(a?.requestId).toBe(1);
    expect(b?.requestId).toBe(2);
    // Two seeds, two models.
    expect(new Float32Array(a?.weights ?? new ArrayBuffer(0))).not.toEqual(
      new Float32Array(b?.weights ?? new ArrayBuffer(0)),
    );
    // A trial that cannot join a group (another batch size) is refused with a message.
    const refused = recorder.status('error');
    const other = trial(3, 'c');
    other.job.experiment.config = { ...other.job.experiment.config, batchSize: 8 };
    await controller.handle({ type: 'startGroup', trials: [trial(1, 'a2'), other] });
    await refused;
    expect(recorder.of('error').at(-1)?.error.message).toMatch(/cannot train as one group/);
  });
});
