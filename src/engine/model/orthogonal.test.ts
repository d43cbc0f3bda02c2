import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededOrthogonal } from './orthogonal';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('seededOrthogonal', () => {
  it.each([
    [6, 24],
    [12, 5],
    [7, 7],
  ])('equals TF.js orthogonal initialiser on [%i, %i], with the same config', (rows, cols) => {
    const ours = seededOrthogonal(42);
    const theirs = tf.initializers.orthogonal({ seed: 42 });
    const [a, b] = [ours, theirs].map((init) => init.apply([rows, cols]));
    const worst = tf.tidy(() => tf.max(tf.abs(tf.sub(a!, b!))).dataSync()[0]);
    expect(a!.shape).toEqual([rows, cols]);
    expect(worst).toBeLessThan(1e-5);
    expect(ours.getConfig()).toEqual(theirs.getConfig());
    expect(ours.getClassName()).toBe('Orthogonal');
    tf.dispose([a!, b!]);
  });

  // TF.js's own takes minutes for this shape on the cpu backend; this about 1.5 s on the loaded
  // 2-core machine (0.3 s of it drawing the normal matrix).
  it('gives an LSTM of 256 units a recurrent kernel with orthonormal rows', () => {
    const kernel = seededOrthogonal(1).apply([256, 1024]);
    const identity = tf.tidy(() => tf.matMul(kernel, kernel, false, true));
    const worst = tf.tidy(() => tf.max(tf.abs(tf.sub(identity, tf.eye(256)))).dataSync()[0]);
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([kernel, identity]);
  });
});
