import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { conv2dFilterGradient, registerWasmConvGradient } from './wasm-conv-gradient';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('the filter gradient matches TF.js for any kernel, stride and padding', () => {
  fc.assert(
    fc.property(
      fc.record({
        batch: fc.integer({ min: 1, max: 3 }),
        size: fc.integer({ min: 3, max: 9 }),
        inChannels: fc.integer({ min: 1, max: 3 }),
        outChannels: fc.integer({ min: 1, max: 4 }),
        kernel: fc.integer({ min: 1, max: 3 }),
        stride: fc.integer({ min: 1, max: 2 }),
        pad: fc.constantFrom<'valid' | 'same'>('valid', 'same'),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
      ({ batch, size, inChannels, outChannels, kernel, stride, pad, seed }) => {
        tf.tidy(() => {
          const x = tf.randomNormal([batch, size, size, inChannels], 0, 1, 'float32', seed);
          const filterShape: [number, number, number, number] = [
            kernel,
            kernel,
            inChannels,
            outChannels,
          ];
          const filter = tf.randomNormal(filterShape, 0, 1, 'float32', seed + 1);
          const y = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, stride, pad);
          const dy = tf.randomNormal(y.shape, 0, 1, 'float32', seed + 2);
          const loss = (f: tf.Tensor) =>
            tf
              .conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad)
              .mul(dy)
              .sum();
          const expected = tf.grad(loss)(filter);
          const info = tf.backend_util.computeConv2DInfo(
            x.shape as [number, number, number, number],
            filterShape,
            stride,
            1,
            pad,
          );
          const actual = conv2dFilterGradient(x.dataSync(), dy.dataSync(), info);
          const want = expected.dataSync();
          expect(actual.length).toBe(want.length);
          actual.forEach((value, i) => expect(value).toBeCloseTo(want[i] as number, 3));
        });
      },
    ),
    { numRuns: 40 },
  );
});

test('with the kernel registered, a convolution trains on the wasm backend', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmConvGradient();
  await tf.setBackend('wasm');
  try {
    const x = tf.randomNormal([4, 6, 6, 1], 0, 1, 'float32', 3);
    const filter = tf.variable(tf.randomNormal([3, 3, 1, 2], 0, 1, 'float32', 4));
    const loss = () =>
      tf
        .conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid')
        .square()
        .mean() as tf.Scalar;
    const before = loss().dataSync()[0] as number;
    const optimizer = tf.train.sgd(0.05);
    for (let i = 0; i < 5; i++) optimizer.minimize(loss);
    expect(loss().dataSync()[0]).toBeLessThan(before);
  } finally {
    await tf.setBackend('cpu');
  }
});
