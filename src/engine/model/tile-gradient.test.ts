import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import './tile-gradient';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Row-major strides of `shape`. */
const strides = (shape: readonly number[]) =>
  shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

/**
 * d/dx of sum(tile(x, reps) * w), counted out: each element of x gets the weights of every
 * place it was copied to.
 */
function expectedGradient(xShape: number[], reps: number[], w: Float32Array): number[] {
  const tiledShape = xShape.map((d, i) => d * (reps[i] ?? 1));
  const tiledStrides = strides(tiledShape);
  const xStrides = strides(xShape);
  const out = new Array<number>(xShape.reduce((a, b) => a * b, 1)).fill(0);
  for (let flat = 0; flat < w.length; flat++) {
    let xIndex = 0;
    for (let axis = 0; axis < tiledShape.length; axis++) {
      const at = Math.floor(flat / (tiledStrides[axis] ?? 1)) % (tiledShape[axis] ?? 1);
      xIndex += (at % (xShape[axis] ?? 1)) * (xStrides[axis] ?? 1);
    }
    out[xIndex] = (out[xIndex] ?? 0) + (w[flat] ?? 0);
  }
  return out;
}

describe('the Tile gradient', () => {
  const cases: [number[], number[]][] = [
    [[3], [4]],
    [
      [2, 3],
      [1, 5],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [
      [1, 1, 7],
      [5, 3, 1],
    ],
    [
      [2, 1, 3],
      [2, 4, 3],
    ],
    [
      [1, 2, 1, 3],
      [3, 1, 2, 2],
    ],
    [
      [2, 2],
      [1, 1],
    ],
  ];
  it.each(cases)('of x %j tiled %j equals the copies counted out', (xShape, reps) => {
    const tiledShape = xShape.map((d, i) => d * (reps[i] ?? 1));
    const x = tf.randomNormal(xShape, 0, 1, 'float32', 1);
    const w = tf.randomNormal(tiledShape, 0, 1, 'float32', 2);
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.tile(input, reps), w)))(x);
    expect(gradient.shape).toEqual(xShape);
    const got = Array.from(gradient.dataSync());
    const want = expectedGradient(xShape, reps, w.dataSync() as Float32Array);
    got.forEach((value, i) => expect(value).toBeCloseTo(want[i] ?? NaN, 4));
    tf.dispose([x, w, gradient]);
  });

  it('leaves no tensor behind', () => {
    const x = tf.ones([1, 1, 4]);
    const take = () =>
      tf
        .grad((input: tf.Tensor) => tf.sum(tf.tile(input, [8, 16, 1])))(x)
        .dispose();
    // The first gradient may keep constants of TF.js's for good.
    take();
    const before = tf.memory().numTensors;
    take();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('takes a few kernels, not a slice and an add per copy', async () => {
    const x = tf.ones([1, 1, 64]);
    const profile = await tf.profile(() =>
      tf
        .grad((input: tf.Tensor) => tf.sum(tf.tile(input, [64, 16, 1])))(x)
        .dispose(),
    );
    // TF.js's own gradient ran 1,024 slices and 1,024 adds here.
    expect(profile.kernels.filter((k) => k.name === 'Slice')).toHaveLength(0);
    expect(profile.kernels.length).toBeLessThan(20);
    x.dispose();
  });
});
