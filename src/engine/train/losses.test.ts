import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOSSES_FOR, type LossName } from '../../core/train/config';
import { meanLoss } from './losses';
import { createSession, Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('meanLoss', () => {
  test.each([
    // Errors 0.5, -2 and 0.
    ['meanSquaredError', (0.25 + 4) / 3],
    ['meanAbsoluteError', 2.5 / 3],
    // Huber with delta 1: 0.5 * 0.5^2 = 0.125 inside, 2 - 0.5 = 1.5 outside.
    ['huber', (0.125 + 1.5) / 3],
  ] as const)('%s is the mean over the batch', (name: LossName, expected) => {
    const value = tf.tidy(() =>
      meanLoss(name, tf.tensor2d([[1], [0], [3]]), tf.tensor2d([[1.5], [-2], [3]])).dataSync(),
    );
    expect(value[0]).toBeCloseTo(expected, 6);
  });
});

describe('losses in a training session', () => {
  test.each(LOSSES_FOR.regression)('a regression trains under %s', async (loss) => {
    const recorder = new Recorder();
    const created = createSession(
      testJob({ generator: 'sine', loss, epochs: 10, hidden: [16] }),
      recorder.emit,
    );
    if (!created.ok) throw created.error;
    const ended = recorder.next((e) => e.type === 'done' || e.type === 'error');
    created.value.start();
    await ended;
    await created.value.dispose();
    const losses = recorder.of('epochEnd').map((e) => e.train.loss);
    expect(losses.at(-1)).toBeLessThan(losses[0]! * 0.8);
  });

  test.each([
    ['huber', 'gaussian', /suit a classification dataset; use categoricalCrossentropy/],
    ['categoricalCrossentropy', 'sine', /use one of meanSquaredError, meanAbsoluteError, huber/],
  ] as const)('%s on %s data is refused at the loss field', (loss, generator, message) => {
    const created = createSession(testJob({ generator, loss }), () => {});
    expect(created.ok).toBe(false);
    if (!created.ok) {
      expect(created.error.code).toBe('invalid-config');
      expect(created.error.message).toMatch(message);
      expect('field' in created.error && created.error.field).toBe('loss');
    }
  });
});
