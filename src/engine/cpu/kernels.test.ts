import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { createRng } from '../../core/data/rng';
import { registerCpuKernels } from './register';

const tfjsKernel = tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerCpuKernels();
});

/** TF.js's own cpu kernel, called directly (ours is registered in its place). */
function reference(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): Float32Array {
  if (!tfjsKernel) throw new Error('TF.js has no cpu UnsortedSegmentSum');
  const backend = tf.backend();
  const out = tfjsKernel({ inputs: { x, segmentIds }, backend, attrs: { numSegments } });
  if (Array.isArray(out)) throw new Error('several outputs');
  const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  backend.disposeData(out.dataId);
  return values;
}

test('ours is registered in place of TF.js kernel, once', () => {
  const ours = tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc;
  expect(ours).not.toBe(tfjsKernel);
  registerCpuKernels();
  expect(tf.getKernel('UnsortedSegmentSum', 'cpu')?.kernelFunc).toBe(ours);
});

test('segment sums equal TF.js own on any rows, ids and segments, ids out of range dropped', () => {
  fc.assert(
    fc.property(
      fc.record({
        rows: fc.integer({ min: 1, max: 30 }),
        width: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 2 }),
        numSegments: fc.integer({ min: 1, max: 12 }),
        dtype: fc.constantFrom<'float32' | 'int32'>('float32', 'int32'),
        seed: fc.integer({ min: 0, max: 10_000 }),
      }),
      ({ rows, width, numSegments, dtype, seed }) => {
        const rng = createRng(seed);
        const shape = [rows, ...width];
        const size = shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: size }, () =>
          dtype === 'int32' ? Math.round(rng.next() * 200 - 100) : rng.next() * 2 - 1,
        );
        // Now and then an id past the last segment, which both drop.
        const ids = Array.from({ length: rows }, () => Math.floor(rng.next() * (numSegments + 1)));
        tf.tidy(() => {
          const x = tf.tensor(values, shape, dtype);
          const segmentIds = tf.tensor1d(ids, 'int32');
          const got = tf.unsortedSegmentSum(x, segmentIds, numSegments);
          expect(got.shape).toEqual([numSegments, ...width]);
          const want = reference(x, segmentIds, numSegments);
          Array.from(got.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? NaN, 4));
        });
      },
    ),
    { numRuns: 60 },
  );
});
