import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/train/config';
import { lenetSpec } from '../../core/model/presets';
import { measureActiveBackend, type MeasuredJob } from './measure-backend';
import { registerCpuAs, unregisterFake } from './test-backends';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(async () => {
  await tf.setBackend('cpu');
});

const mlp: MeasuredJob = {
  spec: {
    layers: [
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
  },
  inputShape: [2],
  config: { ...DEFAULT_CONFIG, optimizer: 'adam', batchSize: 32, l2: 0.001 },
  numClasses: 2,
};

/** Room for the first steps on a busy 2-core machine, where a step of 1 can take 100 ms. */
const options = {
  budgetMs: 600,
  warmUpMs: 150,
  inThread: true,
  bestSoFar: 0,
  superseded: () => false,
};

describe('measureActiveBackend', () => {
  test('times real steps after a warm-up and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const started = performance.now();
    const outcome = await measureActiveBackend(mlp, options);
    const took = performance.now() - started;
    expect(outcome?.result.outcome).toBe('measured');
    expect(outcome?.result.samplesPerSec).toBeGreaterThan(0);
    // About its budget: a step that would not fit before the deadline is not run, and on a busy
    // machine a step here can take 150 ms instead of a millisecond.
    expect(took).toBeGreaterThan(400);
    expect(took).toBeLessThan(600 + 500);
    await outcome?.leftover;
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a regression target measures too', async () => {
    const regression = {
      ...mlp,
      numClasses: null,
      config: { ...mlp.config, loss: 'huber' as const },
    };
    regression.spec = {
      layers: [
        { type: 'dense', units: 8, activation: 'relu' },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
    };
    const outcome = await measureActiveBackend(regression, options);
    expect(outcome?.result.outcome).toBe('measured');
  });

  test('a sequence job measures on token ids, with a target per position', async () => {
    // An embedding refuses ids outside its vocabulary, and the next-token loss needs [B, T] ids:
    // random normal inputs or a column of targets would fail the step.
    const sequence: MeasuredJob = {
      spec: {
        layers: [
          { type: 'embedding', inputDim: 12, outputDim: 8 },
          { type: 'simpleRNN', units: 8, returnSequences: true },
          { type: 'dense', units: 12, activation: 'softmax' },
        ],
      },
      inputShape: [6],
      config: { ...DEFAULT_CONFIG, optimizer: 'adamw', loss: 'sparseCategoricalCrossentropy' },
      numClasses: 12,
      tokens: 12,
      sequence: true,
    };
    const before = tf.memory().numTensors;
    const outcome = await measureActiveBackend(sequence, options);
    expect(outcome?.result.outcome).not.toBe('failed');
    expect(outcome?.result.samplesPerSec).toBeGreaterThan(0);
    await outcome?.leftover;
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a step that cannot fit the budget in this thread is not run: the batch grows while it fits', async () => {
    const lenet: MeasuredJob = {
      spec: lenetSpec(10),
      inputShape: [28, 28, 1],
      config: { ...DEFAULT_CONFIG, optimizer: 'adam', batchSize: 1024 },
      numClasses: 10,
    };
    const before = tf.memory().numTensors;
    const started = performance.now();
    const outcome = await measureActiveBackend(lenet, { ...options, budgetMs: 150 });
    const took = performance.now() - started;
    expect(outcome?.result.outcome).toBe('slow');
    expect(outcome?.result.note).toMatch(/a step of 1024 would take about .* s; timed with \d+/);
    expect(outcome?.result.samplesPerSec).toBeGreaterThan(0);
    // One LeNet step of 1024 takes seconds here; the probe never ran one.
    const timedWith = Number(/timed with (\d+)/.exec(outcome?.result.note ?? '')?.[1]);
    expect(timedWith).toBeLessThan(1024);
    expect(took).toBeLessThan(3000);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a queued step that is not back by the deadline is called slow and not waited for', async () => {
    registerCpuAs('webgpu', { readDelayMs: 1500 });
    await tf.setBackend('webgpu');
    const before = tf.memory().numTensors;
    const started = performance.now();
    const outcome = await measureActiveBackend(mlp, { ...options, inThread: false });
    const took = performance.now() - started;
    expect(outcome?.result.outcome).toBe('slow');
    // The budget, and a late timer on a busy machine: "0.6 s", "0.64 s".
    expect(outcome?.result.note).toMatch(/^no step finished within 0\.[6-9]\d? s$/);
    expect(took).toBeLessThan(1400);
    // The late read still answers; then nothing is left.
    await outcome?.leftover;
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    unregisterFake('webgpu');
  });

  test("a hardware GPU's first step, which compiles its shaders, has its own allowance outside the budget", async () => {
    registerCpuAs('webgpu', { firstReadDelayMs: 1500 });
    await tf.setBackend('webgpu');
    const outcome = await measureActiveBackend(mlp, {
      ...options,
      inThread: false,
      firstStepMs: 5000,
    });
    expect(outcome?.result.outcome).toBe('measured');
    expect(outcome?.result.samplesPerSec).toBeGreaterThan(0);
    await outcome?.leftover;
    await tf.setBackend('cpu');
    unregisterFake('webgpu');
  });

  test('without that allowance (an emulated GPU), the same first step is called slow', async () => {
    registerCpuAs('webgpu', { firstReadDelayMs: 1500 });
    await tf.setBackend('webgpu');
    const outcome = await measureActiveBackend(mlp, { ...options, inThread: false });
    expect(outcome?.result.outcome).toBe('slow');
    await outcome?.leftover;
    await tf.setBackend('cpu');
    unregisterFake('webgpu');
  });

  test('a backend that fails is reported with its error, and leaves nothing behind', async () => {
    registerCpuAs('webgl', { noKernels: true });
    await tf.setBackend('webgl');
    const before = tf.memory().numTensors;
    const outcome = await measureActiveBackend(mlp, { ...options, inThread: false });
    expect(outcome?.result).toMatchObject({ outcome: 'failed', samplesPerSec: null });
    expect(outcome?.result.note).toMatch(/not registered for backend 'webgl'/);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    unregisterFake('webgl');
  });

  test('a far slower backend stops early', async () => {
    const outcome = await measureActiveBackend(mlp, { ...options, budgetMs: 2000, bestSoFar: 1e9 });
    expect(outcome?.result.outcome).toBe('measured');
    // Not its whole budget: it was far under half the best after its first 100 ms.
    const again = performance.now();
    await measureActiveBackend(mlp, { ...options, budgetMs: 2000, bestSoFar: 1e9 });
    expect(performance.now() - again).toBeLessThan(1000);
  });

  test('a superseded measurement ends with no result', async () => {
    const before = tf.memory().numTensors;
    let polls = 0;
    const outcome = await measureActiveBackend(mlp, {
      ...options,
      budgetMs: 2000,
      superseded: () => ++polls > 2,
    });
    expect(outcome).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});
