/** The new layer types in the real training loop: conv2d, batch normalization and dropout together. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSession, Recorder, testJob } from '../train/test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The 2-D gaussian clusters seen as 1x2 single-channel images, so a convolution can run on them. */
const convJob = (seed: number) => {
  const job = testJob({ seed, epochs: 4, hidden: [] });
  job.experiment.model = {
    layers: [
      { type: 'reshape', targetShape: [1, 2, 1] },
      { type: 'conv2d', filters: 8, kernelSize: [1, 2], padding: 'same', activation: 'relu' },
      { type: 'batchNormalization' },
      { type: 'dropout', rate: 0.2 },
      { type: 'maxPooling2d', poolSize: [1, 2] },
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  };
  return job;
};

async function train(seed: number) {
  const recorder = new Recorder();
  const created = createSession(convJob(seed), recorder.emit);
  if (!created.ok) throw created.error;
  const ended = recorder.next(
    (e) => e.type === 'status' && (e.status === 'done' || e.status === 'error'),
  );
  created.value.start();
  await ended;
  await created.value.dispose();
  return recorder;
}

describe('a conv2d + batchNormalization + dropout model', () => {
  test('trains, is reproducible, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const first = await train(5);
    expect(tf.memory().numTensors).toBe(before);

    expect(first.of('error')).toEqual([]);
    const epochs = first.of('epochEnd');
    expect(epochs).toHaveLength(4);
    expect(epochs.at(-1)!.train.loss).toBeLessThan(epochs[0]!.train.loss);
    expect(new Set(epochs.map((e) => e.numTensors)).size).toBe(1);

    const again = (await train(5)).of('epochEnd').map((e) => e.train.loss);
    expect(again).toEqual(epochs.map((e) => e.train.loss));
  });
});
