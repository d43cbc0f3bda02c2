/**
 * The memory estimate (core/train/memory-estimate.ts) against what TF.js counts on the cpu backend
 * for real training runs: the peak of `tf.profile` over an epoch (its steps, the validation, the
 * boundary or insights) and `tf.memory().numBytes` once it is done (weights, the weight guard's
 * copies, the optimizer's slots, the data on the device).
 *
 * TF.js counts a reshape or a clone as many bytes as its source although they share the data, so
 * its figures run a little above what the memory holds; the estimate is meant to be within a factor
 * of 1.5 of the peak either way, and never far below it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ClassificationDataset } from '../../core/data/dataset';
import { predictionRows } from '../../core/experiment/job';
import { PLAYGROUND } from '../../core/experiment/experiment';
import { inferModel } from '../../core/model/inference';
import { lenetSpec } from '../../core/model/presets';
import type { ModelSpec } from '../../core/model/spec';
import type { TrainJob } from '../../core/protocol';
import { DEFAULT_CONFIG, type OptimizerName } from '../../core/train/config';
import { memoryJobOf } from '../../core/train/memory-budget';
import { estimateMemory } from '../../core/train/memory-estimate';
import { TrainingSession } from './session';
import { Recorder } from './test-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const softmax = { type: 'dense', units: 10, activation: 'softmax' } as const;

const MODELS: Record<string, { spec: ModelSpec; inputShape: number[] }> = {
  dense: {
    spec: { layers: [{ type: 'dense', units: 256, activation: 'relu' }, softmax] },
    inputShape: [784],
  },
  conv: {
    spec: {
      layers: [
        { type: 'conv2d', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
        { type: 'flatten' },
        softmax,
      ],
    },
    inputShape: [28, 28, 1],
  },
  batchNorm: {
    spec: {
      layers: [
        { type: 'dense', units: 512, activation: 'linear' },
        { type: 'batchNormalization' },
        { type: 'activation', activation: 'tanh' },
        { type: 'dropout', rate: 0.3 },
        softmax,
      ],
    },
    inputShape: [784],
  },
  lenet: { spec: lenetSpec(10), inputShape: [28, 28, 1] },
};

function randomData(n: number, inputShape: number[]): ClassificationDataset {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * size);
  for (let i = 0; i < x.length; i += 1) x[i] = Math.sin(i * 12.9898) * 0.5;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 10);
  return { task: 'classification', n, inputShape, x, labels, numClasses: 10 };
}

function jobFor(spec: ModelSpec, optimizer: OptimizerName, batchSize: number): TrainJob {
  return {
    experiment: {
      dataset: { kind: 'builtin', generator: 'gaussian', params: { size: 8, noise: 0 }, seed: 1 },
      model: spec,
      config: { ...DEFAULT_CONFIG, optimizer, batchSize, epochs: 1, validationSplit: 0.2 },
      views: ['curves'],
    },
    gridResolution: 0,
    place: PLAYGROUND,
  };
}

interface Measured {
  estimatedPeak: number;
  peak: number;
  estimatedKept: number;
  kept: number;
}

/** One epoch of a real session: TF.js's peak during it and what it keeps once done. */
async function measure(name: string, optimizer: OptimizerName, batchSize: number, n: number) {
  const model = MODELS[name];
  if (!model) throw new Error(`no model ${name}`);
  const data = randomData(n, model.inputShape);
  const job = jobFor(model.spec, optimizer, batchSize);
  const before = tf.memory().numBytes;
  const recorder = new Recorder();
  let session: TrainingSession | null = null;
  const profile = await tf.profile(async () => {
    const created = TrainingSession.create(job, data, recorder.emit);
    if (!created.ok) throw created.error;
    session = created.value;
    const done = recorder.status('done');
    created.value.start();
    await done;
    return [];
  });
  const kept = tf.memory().numBytes - before;
  await (session as TrainingSession | null)?.dispose();
  const summary = inferModel(model.spec, model.inputShape);
  if (!summary.ok) throw summary.error;
  const estimate = estimateMemory(
    memoryJobOf(
      model.spec,
      summary.value,
      { optimizer, batchSize },
      data,
      predictionRows(data, job.gridResolution),
    ),
  );
  const measured: Measured = {
    estimatedPeak: estimate.totalBytes,
    peak: profile.peakBytes - before,
    estimatedKept: estimate.weightBytes + estimate.dataBytes,
    kept,
  };
  return measured;
}

/** Model, optimizer, batch and examples (a fifth held out): two to four steps and a validation. */
const CASES: [string, OptimizerName, number, number][] = [
  ['dense', 'adam', 64, 320],
  ['dense', 'sgd', 128, 320],
  ['conv', 'adam', 32, 160],
  ['conv', 'momentum', 64, 160],
  ['batchNorm', 'rmsprop', 128, 320],
  ['batchNorm', 'adagrad', 32, 160],
  ['lenet', 'adam', 32, 160],
  ['lenet', 'sgd', 64, 160],
];

describe('the memory estimate against tf.memory() on the cpu backend', () => {
  test.each(CASES)('%s with %s at batch %i', { timeout: 120_000 }, async (...args) => {
    const m = await measure(...args);
    const peakRatio = m.estimatedPeak / m.peak;
    const keptRatio = m.estimatedKept / m.kept;
    expect(peakRatio).toBeGreaterThan(1 / 1.5);
    expect(peakRatio).toBeLessThan(1.5);
    expect(keptRatio).toBeGreaterThan(1 / 1.5);
    expect(keptRatio).toBeLessThan(1.5);
  });
});
