import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { OPTIMIZERS, type OptimizerName } from '../../core/train/config';
import { createOptimizer, type TunableOptimizer } from './optimizers';
import { createSession, Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Steps `sum((w - 3)^2)` once per rate, setting the rate before each step; returns w. */
function stepWithRates(optimizer: TunableOptimizer, rates: number[]): number[] {
  const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
  for (const rate of rates) {
    optimizer.setLearningRate(rate);
    tf.tidy(() => {
      optimizer.minimize(() => w.sub(3).square().sum() as tf.Scalar, false, [w]);
    });
  }
  const values = Array.from(w.dataSync());
  w.dispose();
  optimizer.dispose();
  return values;
}

describe.each(OPTIMIZERS)('the %s optimizer', (name: OptimizerName) => {
  test('has its TF.js class, which checkpoints name', () => {
    const expected = {
      sgd: 'SGD',
      momentum: 'Momentum',
      adam: 'Adam',
      rmsprop: 'RMSProp',
      adagrad: 'Adagrad',
    }[name];
    const optimizer = createOptimizer(name, 0.1);
    expect(optimizer.getClassName()).toBe(expected);
    optimizer.dispose();
  });

  test('a rate set after creation is the one the next step uses', () => {
    const created = stepWithRates(createOptimizer(name, 0.05), [0.05, 0.05]);
    const changed = stepWithRates(createOptimizer(name, 0.5), [0.05, 0.05]);
    const other = stepWithRates(createOptimizer(name, 0.5), [0.5, 0.5]);
    expect(changed).toEqual(created);
    expect(other).not.toEqual(created);
  });

  test('a rate of 0 freezes the weights from the next step on', () => {
    const moved = stepWithRates(createOptimizer(name, 0.1), [0.1, 0.1]);
    const frozen = stepWithRates(createOptimizer(name, 0.1), [0.1, 0.1, 0, 0]);
    expect(frozen).toEqual(moved);
    expect(moved).not.toEqual([1, -2, 0.5]);
  });

  test('trains a tiny problem: the loss goes down', async () => {
    const recorder = new Recorder();
    const learningRate = name === 'sgd' || name === 'momentum' ? 0.1 : 0.02;
    const created = createSession(
      testJob({ optimizer: name, learningRate, epochs: 8 }),
      recorder.emit,
    );
    if (!created.ok) throw created.error;
    const ended = recorder.next((e) => e.type === 'done' || e.type === 'error');
    created.value.start();
    await ended;
    await created.value.dispose();
    expect(recorder.of('error')).toEqual([]);
    const losses = recorder.of('epochEnd').map((e) => e.train.loss);
    expect(losses).toHaveLength(8);
    expect(losses.at(-1)).toBeLessThan(losses[0]! * 0.7);
  });
});
