import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { clipByGlobalNorm, globalNorm } from './clipping';
import { minimizeWithPenalty } from './regularization';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (map: tf.NamedTensorMap) =>
  Object.fromEntries(Object.entries(map).map(([name, t]) => [name, Array.from(t.dataSync())]));

describe('clipByGlobalNorm', () => {
  // Global norm sqrt(3^2 + 4^2 + 12^2) = 13.
  const gradients = () => ({ a: tf.tensor1d([3, 4]), b: tf.tensor2d([[12]]) });

  test('scales gradients above the norm down to it, keeping their direction', () => {
    const input = gradients();
    const clipped = clipByGlobalNorm(input, 6.5);
    const norm = globalNorm(Object.values(clipped));
    expect(norm.dataSync()[0]).toBeCloseTo(6.5, 5);
    expect(norm.dataSync()[0]).toBeLessThanOrEqual(6.5 + 1e-5);
    // Every entry halved: the same direction, half the length.
    const out = values(clipped);
    expect(out.a?.[0]).toBeCloseTo(1.5, 6);
    expect(out.a?.[1]).toBeCloseTo(2, 6);
    expect(out.b?.[0]).toBeCloseTo(6, 6);
    expect(clipped.b?.shape).toEqual([1, 1]);
    tf.dispose([input, clipped, norm]);
  });

  test('leaves gradients within the norm as they are', () => {
    const input = gradients();
    const clipped = clipByGlobalNorm(input, 20);
    expect(values(clipped)).toEqual(values(input));
    tf.dispose([input, clipped]);
  });

  test('frees what it computes on the way', () => {
    const input = gradients();
    const before = tf.memory().numTensors;
    const clipped = clipByGlobalNorm(input, 1);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([input, clipped]);
  });
});

describe('a step with clipping', () => {
  test('SGD moves by the learning rate times the clipped gradient', () => {
    // Loss sum((w - [3, 4])^2) at w = 0: gradient [-6, -8], norm 10; clipped to 1: [-0.6, -0.8].
    const w = tf.variable(tf.tensor1d([0, 0]));
    const optimizer = new tf.SGDOptimizer(0.5);
    tf.tidy(() => {
      minimizeWithPenalty(
        optimizer,
        [w],
        [],
        { l1: 0, l2: 0 },
        () =>
          w
            .sub(tf.tensor1d([3, 4]))
            .square()
            .sum() as tf.Scalar,
        1,
      );
    });
    const [a, b] = Array.from(w.dataSync());
    expect(a).toBeCloseTo(0.3, 6);
    expect(b).toBeCloseTo(0.4, 6);
    w.dispose();
    optimizer.dispose();
  });
});
