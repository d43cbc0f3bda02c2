import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSession, Recorder, testJob } from './test-helpers';
import type { TrainJob } from '../../core/protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function runToEnd(job: TrainJob) {
  const recorder = new Recorder();
  const created = createSession(job, recorder.emit);
  if (!created.ok) throw created.error;
  const ended = recorder.next(
    (e) => e.type === 'status' && (e.status === 'done' || e.status === 'error'),
  );
  created.value.start();
  await ended;
  await created.value.dispose();
  return recorder;
}

const losses = (r: Recorder) => r.of('epochEnd').map((e) => e.train.loss);

describe('training session on the cpu backend', () => {
  test('lowers the loss and learns an easy dataset', async () => {
    const r = await runToEnd(testJob({ epochs: 15 }));
    const epochs = r.of('epochEnd');
    expect(epochs).toHaveLength(15);
    const first = epochs[0];
    const last = epochs.at(-1);
    expect(last!.train.loss).toBeLessThan(first!.train.loss * 0.5);
    expect(last!.validation!.accuracy).toBeGreaterThan(0.9);
    expect(r.of('done')).toEqual([
      { type: 'done', runId: expect.any(String), reason: 'completed', epochs: 15 },
    ]);
  });

  test('reports progress a few times a second at most, never per batch', async () => {
    const r = await runToEnd(testJob({ epochs: 20, batchSize: 4, size: 400 }));
    const batches = 20 * Math.ceil(320 / 4);
    expect(r.of('progress').length).toBeLessThan(batches / 10);
  });

  test('the same seed gives the same curve; another seed another', async () => {
    const a = losses(await runToEnd(testJob({ seed: 11 })));
    const b = losses(await runToEnd(testJob({ seed: 11 })));
    const c = losses(await runToEnd(testJob({ seed: 12 })));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  test('keeps the tensor count the same from epoch 1 to epoch N', async () => {
    const counts = (await runToEnd(testJob({ epochs: 8 }))).of('epochEnd').map((e) => e.numTensors);
    expect(new Set(counts).size).toBe(1);
  });

  test('frees every tensor it made when disposed', async () => {
    const before = tf.memory().numTensors;
    await runToEnd(testJob({ epochs: 3 }));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a NaN loss stops the run, says so, and restores finite weights', async () => {
    const r = await runToEnd(
      testJob({
        generator: 'sine',
        optimizer: 'sgd',
        learningRate: 10,
        hidden: [32, 32],
        epochs: 50,
      }),
    );
    const errors = r.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error.code).toBe('non-finite-loss');
    expect(errors[0]!.error.message).toMatch(/NaN or infinite.*smaller learning rate/s);
    expect(r.of('status').at(-1)).toEqual({ type: 'status', status: 'error' });
    const prediction = r.of('prediction').at(-1)!.prediction;
    expect(prediction.kind).toBe('line');
    if (prediction.kind === 'line') expect(prediction.ys.every(Number.isFinite)).toBe(true);
    expect(r.of('done')).toEqual([]);
  });

  test('a job whose model does not fit the data is refused naming the layer', () => {
    const job = testJob();
    job.experiment.model = { layers: [{ type: 'dense', units: 5, activation: 'softmax' }] };
    const created = createSession(job, () => {});
    expect(created.ok).toBe(false);
    if (!created.ok) {
      expect(created.error.code).toBe('invalid-spec');
      expect(created.error.message).toMatch(/3 outputs/);
    }
  });

  test('says what the majority class scores on the validation split beside the confusion', async () => {
    const insights = (await runToEnd(testJob({ epochs: 2 }))).of('insights').at(-1)!.insights;
    expect(insights.regression).toBeNull();
    expect(insights.confusion).not.toBeNull();
    expect(insights.baseline).toMatchObject({ kind: 'majority', judgedOn: 'validation' });
    // Three balanced clusters: always one class is right about a third of the time.
    if (insights.baseline?.kind === 'majority') {
      expect(insights.baseline.accuracy).toBeGreaterThan(0.15);
      expect(insights.baseline.accuracy).toBeLessThan(0.5);
    }
  });

  test('gives a regression model’s validation predictions and the mean’s error, in target units', async () => {
    const r = await runToEnd(
      testJob({ generator: 'sine', epochs: 30, hidden: [16], learningRate: 0.02 }),
    );
    const insights = r.of('insights').at(-1)!.insights;
    expect([insights.confusion, insights.examples]).toEqual([null, null]);
    const { actual, predicted } = insights.regression!;
    // 20% of 200 points held out.
    expect([actual.length, predicted.length]).toEqual([40, 40]);
    expect(insights.baseline).toMatchObject({ kind: 'mean', judgedOn: 'validation' });
    const model = Math.sqrt(actual.reduce((s, a, i) => s + (predicted[i]! - a) ** 2, 0) / 40);
    if (insights.baseline?.kind === 'mean') {
      expect(model).toBeLessThan(insights.baseline.error);
      // MSE is the validation loss, so the typical error is its square root.
      const validationLoss = r.of('epochEnd').at(-1)!.validation!.loss;
      expect(model).toBeCloseTo(Math.sqrt(validationLoss), 4);
    }
  });

  test('predicts a grid of class probabilities over 2-D data', async () => {
    const grid = (await runToEnd(testJob({ epochs: 2 }))).of('prediction').at(-1)!.prediction;
    expect(grid.kind).toBe('grid');
    if (grid.kind === 'grid') {
      expect(grid.probabilities).toHaveLength(8 * 8 * 3);
      const sum = grid.probabilities.slice(0, 3).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 4);
    }
  });
});

describe('dropout', () => {
  const withDropout = (seed: number) => {
    const job = testJob({ seed, epochs: 4, hidden: [16] });
    job.experiment.model.layers.splice(1, 0, { type: 'dropout', rate: 0.5 });
    return job;
  };

  test('masks follow the seed: the same seed gives the same curve, another seed another', async () => {
    const a = losses(await runToEnd(withDropout(5)));
    const b = losses(await runToEnd(withDropout(5)));
    const c = losses(await runToEnd(withDropout(6)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
