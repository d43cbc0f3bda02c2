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

describe('adamw', () => {
  /** Steps `sum((w - 3)^2)` from w = [1, -2]; returns w after each step. */
  function steps(optimizer: TunableOptimizer, count: number): number[][] {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const seen: number[][] = [];
    for (let i = 0; i < count; i++) {
      tf.tidy(() => {
        optimizer.minimize(() => w.sub(3).square().sum() as tf.Scalar, false, [w]);
      });
      seen.push(Array.from(w.dataSync()));
    }
    w.dispose();
    optimizer.dispose();
    return seen;
  }

  test('its first step decays the weights, then takes Adam’s step from the gradient at the old ones', () => {
    // lr 0.1, decay 0.5: w <- w - 0.1 * 0.5 * w = [0.95, -1.9]. The gradient 2(w - 3) at the old
    // w is [-4, -10]; Adam's first step is lr * m^ / (sqrt(v^) + eps) = lr * g / (|g| + 1e-7),
    // +0.1 on each: [1.05, -1.8].
    const [first] = steps(createOptimizer('adamw', 0.1, 0.5), 1);
    expect(first?.[0]).toBeCloseTo(1.05, 5);
    expect(first?.[1]).toBeCloseTo(-1.8, 5);
  });

  test('later steps follow w -= lr * decay * w, then Adam (beta1 0.9, beta2 0.999)', () => {
    const [lr, decay, beta1, beta2, epsilon] = [0.05, 0.2, 0.9, 0.999, 1e-7];
    let w = [1, -2];
    let m = [0, 0];
    let v = [0, 0];
    const expected: number[][] = [];
    for (let t = 1; t <= 4; t++) {
      const g = w.map((x) => 2 * (x - 3));
      w = w.map((x) => x - lr * decay * x);
      m = m.map((mi, i) => beta1 * mi + (1 - beta1) * (g[i] ?? 0));
      v = v.map((vi, i) => beta2 * vi + (1 - beta2) * (g[i] ?? 0) ** 2);
      w = w.map((x, i) => {
        const mHat = (m[i] ?? 0) / (1 - beta1 ** t);
        const vHat = (v[i] ?? 0) / (1 - beta2 ** t);
        return x - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
      });
      expected.push(w);
    }
    const actual = steps(createOptimizer('adamw', lr, decay), 4);
    actual.forEach((row, t) =>
      row.forEach((x, i) => expect(x).toBeCloseTo(expected[t]?.[i] ?? NaN, 5)),
    );
  });

  test('without weight decay it steps exactly as adam', () => {
    expect(steps(createOptimizer('adamw', 0.1, 0), 3)).toEqual(
      steps(createOptimizer('adam', 0.1), 3),
    );
  });

  test('the decay follows the learning rate the schedule sets', () => {
    const decayed = steps(createOptimizer('adamw', 0.1, 0.5), 1)[0];
    const optimizer = createOptimizer('adamw', 0.5, 0.5);
    optimizer.setLearningRate(0.1);
    expect(steps(optimizer, 1)[0]).toEqual(decayed);
  });
});

describe.each(OPTIMIZERS)('the %s optimizer', (name: OptimizerName) => {
  test('has its TF.js class, which checkpoints name', () => {
    const expected = {
      sgd: 'SGD',
      momentum: 'Momentum',
      adam: 'Adam',
      adamw: 'AdamW',
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
