import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOSSES_FOR, type LossName } from '../../core/train/config';
import { correctOf, lossWeight, meanLoss } from './losses';
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

describe('the next-token loss', () => {
  // Two sequences of 3 positions over a vocabulary of 4; target 0 (PAD_ID) is never counted.
  const probabilities = [
    [
      [0.1, 0.2, 0.6, 0.1],
      [0.7, 0.1, 0.1, 0.1],
      [0.25, 0.25, 0.25, 0.25],
    ],
    [
      [0.05, 0.05, 0.1, 0.8],
      [0.4, 0.3, 0.2, 0.1],
      [0.9, 0.05, 0.03, 0.02],
    ],
  ];
  const targets = [
    [2, 0, 1],
    [3, 1, 0],
  ];
  const figures = (name: LossName) =>
    tf.tidy(() => {
      const y = tf.tensor2d(targets, [2, 3], 'int32');
      const p = tf.tensor3d(probabilities);
      return [meanLoss(name, y, p), lossWeight(name, y), correctOf(name, y, p)].map(
        (t) => t.dataSync()[0],
      );
    });

  test('is the sum of -ln p(target) over the positions that are not padding, over their count', () => {
    const [loss, weight] = figures('sparseCategoricalCrossentropy');
    // Counted: p = 0.6 (row 0, pos 0), 0.25 (row 0, pos 2), 0.8 (row 1, pos 0), 0.3 (row 1, pos 1).
    const expected = -(Math.log(0.6) + Math.log(0.25) + Math.log(0.8) + Math.log(0.3)) / 4;
    expect(loss).toBeCloseTo(expected, 6);
    expect(weight).toBe(4);
  });

  test('token accuracy counts the counted positions whose most probable token is the target', () => {
    // Argmax per position: 2 (right), 0 (padding: not counted however right), 0 (wrong, target
    // 1); 3 (right), 0 (wrong, target 1), 0 (padding).
    const [, weight, correct] = figures('sparseCategoricalCrossentropy');
    expect([correct, weight]).toEqual([2, 4]);
  });

  test('a batch of padding alone has loss 0 and weight 0, not NaN', () => {
    const [loss, weight] = tf.tidy(() => {
      const y = tf.zeros([1, 3], 'int32');
      const p = tf.fill([1, 3, 4], 0.25);
      return [
        meanLoss('sparseCategoricalCrossentropy', y, p),
        lossWeight('sparseCategoricalCrossentropy', y),
      ].map((t) => t.dataSync()[0]);
    });
    expect([loss, weight]).toEqual([0, 0]);
  });

  test('the other losses weigh a batch by its rows', () => {
    const weight = tf.tidy(() => lossWeight('meanSquaredError', tf.zeros([5, 1])).dataSync()[0]);
    expect(weight).toBe(5);
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
