import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { generate } from '../../core/data/generators';
import type { BuiltinDatasetRef } from '../../core/data/dataset';
import { buildModel } from '../model/build';
import type { ModelSpec } from '../../core/model/spec';
import type { TrainJob } from '../../core/protocol';
import { toDevice } from './device-data';
import { meanLoss } from './losses';
import { createOptimizer } from './optimizers';
import { prepareJob } from '../../core/train/prepare';
import { kernelPenalty, kernelsOf, minimizeWithPenalty, type Penalties } from './regularization';
import { createSession, Recorder, testJob } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cnn: ModelSpec = {
  layers: [
    { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
    { type: 'batchNormalization' },
    { type: 'flatten' },
    { type: 'dense', units: 4, activation: 'relu' },
    { type: 'dense', units: 2, activation: 'softmax', useBias: false },
  ],
};

describe('kernelsOf', () => {
  test('takes the kernels of conv2d and dense layers, not biases or batch-norm weights', () => {
    const model = buildModel(cnn, [6, 6, 1], 1);
    const kernels = kernelsOf(model);
    expect(kernels.map((k) => k.shape)).toEqual([
      [3, 3, 1, 2],
      [32, 4],
      [4, 2],
    ]);
    model.dispose();
  });
});

describe('kernelPenalty', () => {
  test('is l1 * sum|w| + l2 * sum(w^2) over all kernels', () => {
    const a = tf.tensor2d([
      [1, -2],
      [0, 3],
    ]);
    const b = tf.tensor1d([-1, 0.5]);
    const penalty = kernelPenalty([a, b], { l1: 0.1, l2: 0.01 });
    // sum|w| = 6 + 1.5, sum(w^2) = 14 + 1.25
    expect(penalty?.dataSync()[0]).toBeCloseTo(0.1 * 7.5 + 0.01 * 15.25, 6);
    expect(kernelPenalty([a, b], { l1: 0, l2: 0.5 })?.dataSync()[0]).toBeCloseTo(7.625, 6);
    tf.dispose([a, b]);
    penalty?.dispose();
  });

  test('is null, computing nothing, when both penalties are 0', () => {
    const a = tf.ones([2, 2]);
    const before = tf.memory().numTensors;
    expect(kernelPenalty([a], { l1: 0, l2: 0 })).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});

/** Trains a fresh seeded MLP on the spiral for a number of full-batch steps. */
function trainMlp(penalties: Penalties, steps: number) {
  const data = generate({
    kind: 'builtin',
    generator: 'spiral',
    params: { size: 100, noise: 0.1 },
    seed: 2,
  } as BuiltinDatasetRef);
  if (!data.ok) throw data.error;
  const spec: ModelSpec = {
    layers: [
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
  };
  const model = buildModel(spec, data.value.inputShape, 5);
  const device = toDevice(data.value);
  const optimizer = createOptimizer('sgd', 0.3);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = kernelsOf(model);
  const before = tf.memory().numTensors;
  const reported: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = tf.tidy(
      () =>
        minimizeWithPenalty(optimizer, variables, kernels, penalties, () =>
          meanLoss('categoricalCrossentropy', device.ys, model.apply(device.xs) as tf.Tensor),
        ).dataSync()[0],
    );
    reported.push(loss ?? NaN);
  }
  const leaked = tf.memory().numTensors - before;
  const norm = tf.tidy(
    () =>
      tf
        .addN(kernels.map((k) => k.square().sum()))
        .sqrt()
        .dataSync()[0],
  );
  const dataLoss = tf.tidy(
    () =>
      meanLoss(
        'categoricalCrossentropy',
        device.ys,
        model.apply(device.xs) as tf.Tensor,
      ).dataSync()[0],
  );
  const penalty = tf.tidy(() => kernelPenalty(kernels, penalties)?.dataSync()[0] ?? 0);
  tf.dispose([device.xs, device.ys]);
  optimizer.dispose();
  model.dispose();
  return { norm: norm ?? NaN, reported, dataLoss: dataLoss ?? NaN, penalty, leaked };
}

describe('minimizeWithPenalty', () => {
  test('l2 > 0 ends with smaller kernels than l2 = 0 after the same steps', () => {
    const plain = trainMlp({ l1: 0, l2: 0 }, 40);
    const l2 = trainMlp({ l1: 0, l2: 0.05 }, 40);
    expect(l2.norm).toBeLessThan(plain.norm * 0.8);
  });

  test('l1 > 0 also shrinks the kernels', () => {
    const plain = trainMlp({ l1: 0, l2: 0 }, 40);
    const l1 = trainMlp({ l1: 0.01, l2: 0 }, 40);
    expect(l1.norm).toBeLessThan(plain.norm);
  });

  test('returns the data loss, not the penalised one, and leaks no tensor', () => {
    const run = trainMlp({ l1: 0, l2: 0.5 }, 1);
    const again = trainMlp({ l1: 0, l2: 0 }, 1);
    // Both steps start from the same weights, so their data losses are the same.
    expect(run.reported[0]).toBeCloseTo(again.reported[0]!, 6);
    expect(run.penalty).toBeGreaterThan(0.01);
    expect(run.leaked).toBe(0);
    expect(again.leaked).toBe(0);
  });
});

describe('a training session with penalties', () => {
  async function run(job: TrainJob) {
    const recorder = new Recorder();
    const created = createSession(job, recorder.emit);
    if (!created.ok) throw created.error;
    const ended = recorder.next((e) => e.type === 'done' || e.type === 'error');
    created.value.start();
    await ended;
    await created.value.dispose();
    expect(recorder.of('error')).toEqual([]);
    return recorder.of('epochEnd');
  }

  test('reports the data loss: one full batch reports the initial weights data loss', async () => {
    const job = testJob({ l2: 1, epochs: 1, batchSize: 1000, validationSplit: 0 });
    const data = generate(job.experiment.dataset as BuiltinDatasetRef);
    if (!data.ok) throw data.error;
    const prepared = prepareJob(job, data.value);
    if (!prepared.ok) throw prepared.error;
    const { spec, config, train } = prepared.value;
    const model = buildModel(spec, train.inputShape, config.seed);
    const device = toDevice(train);
    const initial = tf.tidy(() => {
      const prediction = model.apply(device.xs) as tf.Tensor;
      const loss = meanLoss(config.loss, device.ys, prediction).dataSync()[0];
      const penalty = kernelPenalty(kernelsOf(model), {
        l1: config.l1 ?? 0,
        l2: config.l2 ?? 0,
      })?.dataSync()[0];
      return { loss: loss ?? NaN, penalty: penalty ?? NaN };
    });
    tf.dispose([device.xs, device.ys]);
    model.dispose();

    const [epoch] = await run(job);
    expect(initial.penalty).toBeGreaterThan(0.1);
    expect(epoch?.train.loss).toBeCloseTo(initial.loss, 5);
  });

  test('a strong l2 keeps the model from fitting, with a steady tensor count', async () => {
    const plain = await run(testJob({ epochs: 10 }));
    const strong = await run(testJob({ epochs: 10, l1: 0.01, l2: 0.5 }));
    expect(plain.at(-1)!.train.loss).toBeLessThan(0.3);
    expect(strong.at(-1)!.train.loss).toBeGreaterThan(0.6);
    expect(new Set(strong.map((e) => e.numTensors)).size).toBe(1);
  });
});
