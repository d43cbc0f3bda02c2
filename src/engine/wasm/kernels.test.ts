import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRng } from '../../core/data/rng';
import { ADAM_STEP } from '../adam-update';
import { Adam } from '../train/adam';
import { registerWasmKernels } from './register';
import { simdKernelsOf } from './simd/instance';

const REPLACED = [
  'BatchMatMul',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'GatherV2',
  'Identity',
  'Tile',
  'Add',
  'Sum',
] as const;
const original = new Map<string, tf.KernelFunc | undefined>();

beforeAll(async () => {
  for (const name of REPLACED) original.set(name, tf.getKernel(name, 'wasm')?.kernelFunc);
  registerWasmKernels();
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

type Shape = number[];
const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

function values(shape: Shape, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size(shape) }, () => rng.next() * 2 - 1);
}

/** What `compute` gives on a backend, from the same numbers. */
async function on(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const results = tf.tidy(compute);
  const read = results.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(results);
  return read;
}

/** The wasm kernels against TF.js's reference (cpu) backend, within float32 rounding. */
async function expectSameAsReference(compute: () => tf.Tensor[]): Promise<void> {
  const expected = await on('cpu', compute);
  const actual = await on('wasm', compute);
  expect(actual.length).toBe(expected.length);
  actual.forEach((got, k) => {
    const want = expected[k] as Float32Array;
    expect(got.length).toBe(want.length);
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    got.forEach((value, i) => {
      if (Math.abs(value - (want[i] as number)) > 1e-5 * scale) {
        expect.fail(`output ${k}[${i}] is ${value}, the reference gives ${want[i]}`);
      }
    });
  });
}

const padding = fc.constantFrom<'valid' | 'same'>('valid', 'same');

describe('registered in place of TF.js kernels', () => {
  test('the filter gradient, which TF.js lacks on wasm, and the slow ones', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    for (const name of REPLACED) {
      expect(tf.getKernel(name, 'wasm')?.kernelFunc).not.toBe(original.get(name));
    }
  });

  test('registering twice changes nothing', () => {
    const before = tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc;
    registerWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(before);
  });
});

test('convolution gradients (filter and input) on any shape, stride and padding', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        batch: fc.integer({ min: 1, max: 3 }),
        height: fc.integer({ min: 3, max: 11 }),
        width: fc.integer({ min: 3, max: 11 }),
        inChannels: fc.integer({ min: 1, max: 5 }),
        outChannels: fc.integer({ min: 1, max: 7 }),
        kernelHeight: fc.integer({ min: 1, max: 3 }),
        kernelWidth: fc.integer({ min: 1, max: 3 }),
        stride: fc.integer({ min: 1, max: 3 }),
        pad: padding,
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async (c) => {
        const xShape = [c.batch, c.height, c.width, c.inChannels];
        const wShape = [c.kernelHeight, c.kernelWidth, c.inChannels, c.outChannels];
        const xs = values(xShape, c.seed);
        const ws = values(wShape, c.seed + 1);
        await expectSameAsReference(() => {
          const x = tf.tensor4d(xs, xShape as [number, number, number, number]);
          const w = tf.tensor4d(ws, wShape as [number, number, number, number]);
          // Only the gradients: TF.js's own forward Conv2D on wasm gives zeros for some strided
          // 'same' shapes (a 1x2 filter, stride 2, on 6x3), which is not what is tested here.
          const yShape = tf.conv2d(x, w, c.stride, c.pad).shape;
          const dy = tf.tensor(values(yShape, c.seed + 2), yShape);
          const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf
              .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
              .mul(dy)
              .sum(),
          )([x, w]);
          return [dx as tf.Tensor, dw as tf.Tensor];
        });
      },
    ),
    { numRuns: 60 },
  );
});

test('the gradients of LeNet-sized convolutions', async () => {
  for (const [xShape, wShape, pad] of [
    [[8, 28, 28, 1], [5, 5, 1, 6], 'same'],
    [[8, 14, 14, 6], [5, 5, 6, 16], 'valid'],
  ] as const) {
    const xs = values([...xShape], 1);
    const ws = values([...wShape], 2);
    await expectSameAsReference(() => {
      const x = tf.tensor4d(xs, [...xShape]);
      const w = tf.tensor4d(ws, [...wShape]);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad)
          .square()
          .sum(),
      )([x, w]);
    });
  }
});

test('products with either operand transposed, as matrices and in batches', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        batch: fc.constantFrom(0, 1, 3),
        m: fc.integer({ min: 1, max: 40 }),
        k: fc.integer({ min: 1, max: 40 }),
        n: fc.integer({ min: 1, max: 40 }),
        transposeA: fc.boolean(),
        transposeB: fc.boolean(),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async ({ batch, m, k, n, transposeA, transposeB, seed }) => {
        const lead = batch === 0 ? [] : [batch];
        const aShape = [...lead, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [...lead, ...(transposeB ? [n, k] : [k, n])];
        const as = values(aShape, seed);
        const bs = values(bShape, seed + 1);
        await expectSameAsReference(() => [
          tf.matMul(tf.tensor(as, aShape), tf.tensor(bs, bShape), transposeA, transposeB),
        ]);
      },
    ),
    { numRuns: 60 },
  );
});

test('max-pool gradients on any window, stride and padding, ties included', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        batch: fc.integer({ min: 1, max: 3 }),
        // At least the window: TF.js's own wasm MaxPool writes out of bounds when a 'valid'
        // window is wider than its input (an empty output).
        height: fc.integer({ min: 3, max: 10 }),
        width: fc.integer({ min: 3, max: 10 }),
        channels: fc.integer({ min: 1, max: 6 }),
        window: fc.integer({ min: 1, max: 3 }),
        stride: fc.integer({ min: 1, max: 3 }),
        pad: padding,
        // Rounded inputs tie often, as relu's zeros do before a pool.
        levels: fc.constantFrom(0, 3),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async (c) => {
        const shape = [c.batch, c.height, c.width, c.channels];
        const raw = values(shape, c.seed);
        const xs = c.levels ? raw.map((v) => Math.round(v * c.levels)) : raw;
        await expectSameAsReference(() => {
          const x = tf.tensor4d(xs, shape as [number, number, number, number]);
          const y = tf.maxPool(x, c.window, c.stride, c.pad);
          const dy = tf.tensor(values(y.shape, c.seed + 1), y.shape);
          return [
            tf.grad((a: tf.Tensor) =>
              tf
                .maxPool(a as tf.Tensor4D, c.window, c.stride, c.pad)
                .mul(dy)
                .sum(),
            )(x),
          ];
        });
      },
    ),
    { numRuns: 60 },
  );
});

test('gathers along any axis, of floats and integers, repeats included', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        axisPick: fc.nat(),
        picks: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        dtype: fc.constantFrom<'float32' | 'int32'>('float32', 'int32'),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async ({ shape, axisPick, picks, dtype, seed }) => {
        const axis = axisPick % shape.length;
        const rows = shape[axis] as number;
        const indices = picks.map((p) => p % rows);
        const xs = values(shape, seed).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
        await expectSameAsReference(() => [
          tf.gather(tf.tensor(xs, shape, dtype), tf.tensor1d(indices, 'int32'), axis),
        ]);
      },
    ),
    { numRuns: 60 },
  );
});

test('tiles of any rank and repeats, floats, integers and booleans', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .array(
          fc.record({ size: fc.integer({ min: 1, max: 5 }), reps: fc.integer({ min: 1, max: 4 }) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        )
        .map((axes) => ({ shape: axes.map((a) => a.size), reps: axes.map((a) => a.reps) })),
      fc.constantFrom<'float32' | 'int32' | 'bool'>('float32', 'int32', 'bool'),
      fc.integer({ min: 0, max: 10_000 }),
      async ({ shape, reps }, dtype, seed) => {
        const xs = values(shape, seed).map((v) =>
          dtype === 'float32' ? v : dtype === 'int32' ? Math.round(v * 100) : v > 0 ? 1 : 0,
        );
        await expectSameAsReference(() => [tf.tile(tf.tensor(xs, shape, dtype), reps)]);
      },
    ),
    { numRuns: 80 },
  );
});

test("a layer normalization's tiles (as tf.layers runs them) and their gradients", async () => {
  await expectSameAsReference(() => {
    const shape: [number, number, number] = [8, 16, 12];
    const x = tf.tensor3d(values(shape, 3), shape);
    const dy = tf.tensor3d(values(shape, 4), shape);
    const gamma = tf.tensor3d(values([1, 1, 12], 5), [1, 1, 12]);
    const beta = tf.tensor3d(values([1, 1, 12], 6), [1, 1, 12]);
    const normalized = (g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      const across = [1, 1, 12];
      const along = [8, 16, 1];
      return tf.batchNorm(
        x,
        tf.tile(mean, across),
        tf.tile(variance, across),
        tf.tile(b, along),
        tf.tile(g, along),
        0.001,
      );
    };
    const grads = tf.grads((g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(normalized(g, b), dy)));
    return [normalized(gamma, beta), ...grads([gamma, beta])];
  });
});

test('sums rows into segments as TF.js does, and an embedding gets its gradient', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        inner: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
        ids: fc.array(fc.integer({ min: -1, max: 7 }), { minLength: 1, maxLength: 12 }),
        segments: fc.integer({ min: 1, max: 7 }),
        dtype: fc.constantFrom<'float32' | 'int32'>('float32', 'int32'),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async ({ inner, ids, segments, dtype, seed }) => {
        const shape = [ids.length, ...inner];
        const xs = values(shape, seed).map((v) => (dtype === 'int32' ? Math.round(v * 100) : v));
        await expectSameAsReference(() => [
          tf.unsortedSegmentSum(tf.tensor(xs, shape, dtype), tf.tensor1d(ids, 'int32'), segments),
        ]);
      },
    ),
    { numRuns: 60 },
  );
  // The gradient of an embedding's lookup, repeated tokens included, which TF.js computes with it.
  await expectSameAsReference(() => {
    const table = tf.tensor2d(values([6, 3], 5), [6, 3]);
    const tokens = tf.tensor2d(
      [
        [2, 3, 3],
        [5, 0, 2],
      ],
      [2, 3],
      'int32',
    );
    const dy = tf.tensor3d(values([2, 3, 3], 6), [2, 3, 3]);
    return [tf.grad((t: tf.Tensor) => tf.gather(t, tokens).mul(dy).sum())(table)];
  });
});

test('a gather of a row that does not exist is refused', async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const indices = tf.tensor1d([0, 2], 'int32');
  expect(() => tf.gather(x, indices)).toThrow(/index value 2 is not in \[0, 1\]/);
  tf.dispose([x, indices]);
});

test('a clone shares its data until the last holder lets go', async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor1d([1, 2, 3]);
  const copy = tf.clone(x);
  expect(copy.dataId).toBe(x.dataId);
  x.dispose();
  expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
  copy.dispose();
});

test('Adam steps each weight with one SIMD kernel on the heap, to the bit TF.js’s fourteen', async () => {
  expect(tf.getKernel(ADAM_STEP, 'wasm')).toBeDefined();
  const shapes = [[5, 3], [1], [2, 3, 4, 5], [7], [64]];
  const rates = [0.01, 0.2, 0.2, 0.001, 0.05];
  const trainOn = async (backend: 'cpu' | 'wasm') => {
    await tf.setBackend(backend);
    if (backend === 'wasm') expect(simdKernelsOf(tf.backend())).not.toBeNull();
    const optimizer = backend === 'wasm' ? new Adam(0.01) : new tf.AdamOptimizer(0.01, 0.9, 0.999);
    const weights = shapes.map((shape, i) => tf.variable(tf.tensor(values(shape, i), shape)));
    rates.forEach((rate, step) => {
      // Both read the field at each step (TF.js's has no setter).
      Object.assign(optimizer, { learningRate: rate });
      const gradients = tf.tidy(() =>
        weights.map((w, i) => ({
          name: w.name,
          tensor: tf.tensor(values(w.shape, 100 * step + i), w.shape).mul(step === 3 ? 1e-4 : 1),
        })),
      );
      optimizer.applyGradients(gradients);
      tf.dispose(gradients.map((g) => g.tensor));
    });
    const trained = weights.map((w) => Array.from(w.dataSync()));
    optimizer.dispose();
    tf.dispose(weights);
    return trained;
  };
  const reference = await trainOn('cpu');
  expect(await trainOn('wasm')).toEqual(reference);
});

test('bias adds (a vector along the last axis) of any width, and the adds that are not', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        leading: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
        width: fc.integer({ min: 1, max: 21 }),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async ({ leading, width, seed }) => {
        const shape = [...leading, width];
        await expectSameAsReference(() => {
          const a = tf.tensor(values(shape, seed), shape);
          const bias = tf.tensor1d(values([width], seed + 1));
          return [a.add(bias), a.add(a), bias.add(bias), a.add(tf.scalar(2))];
        });
      },
    ),
    { numRuns: 40 },
  );
});

test('sums over every axis but the last (bias gradients), with or without kept axes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        leading: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
        width: fc.integer({ min: 1, max: 21 }),
        keepDims: fc.boolean(),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      async ({ leading, width, keepDims, seed }) => {
        const shape = [...leading, width];
        const axes = leading.map((_, i) => i);
        await expectSameAsReference(() => {
          const x = tf.tensor(values(shape, seed), shape);
          const sums = x.sum(axes, keepDims);
          expect(sums.shape).toEqual(keepDims ? [...axes.map(() => 1), width] : [width]);
          // A sum over the last axis is not a bias gradient: TF.js's kernel sums it.
          return [sums, x.sum(-1), x.sum([...axes].reverse())];
        });
      },
    ),
    { numRuns: 40 },
  );
});

test('the sum of a vector is one number, whatever its length (not a bias gradient)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({ length: fc.integer({ min: 1, max: 70 }), seed: fc.integer({ min: 0, max: 99 }) }),
      async ({ length, seed }) => {
        await expectSameAsReference(() => {
          const x = tf.tensor1d(values([length], seed));
          const sums = [x.sum(), x.sum(0), x.sum(0, true)];
          expect(sums.map((s) => s.shape)).toEqual([[], [], [1]]);
          return sums;
        });
      },
    ),
    { numRuns: 40 },
  );
});

test('a small CNN trains on wasm with these kernels, and its steps leave no tensor behind', async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor4d(values([4, 28, 28, 1], 5), [4, 28, 28, 1]);
  const w1 = tf.variable(tf.tensor4d(values([5, 5, 1, 6], 6), [5, 5, 1, 6]));
  const w2 = tf.variable(tf.tensor2d(values([14 * 14 * 6, 10], 7), [14 * 14 * 6, 10]));
  // Small: the loss starts near 1,400 on these unscaled weights, and a larger rate diverges.
  const optimizer = tf.train.sgd(1e-5);
  const loss = () =>
    tf
      .matMul(tf.maxPool(tf.relu(tf.conv2d(x, w1, 1, 'same')), 2, 2, 'valid').reshape([4, -1]), w2)
      .square()
      .mean() as tf.Scalar;
  const lossNow = () => tf.tidy(() => loss().dataSync()[0] as number);
  expect(tf.tidy(() => loss().shape)).toEqual([]);
  const first = lossNow();
  optimizer.minimize(loss);
  const before = tf.memory().numTensors;
  optimizer.minimize(loss);
  optimizer.minimize(loss);
  expect(tf.memory().numTensors).toBe(before);
  expect(lossNow()).toBeLessThan(first);
  tf.dispose([x, w1, w2]);
  optimizer.dispose();
});
