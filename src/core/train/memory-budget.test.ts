import { describe, expect, test } from 'vitest';
import { inferModel } from '../model/inference';
import { logisticRegressionSpec } from '../model/presets';
import type { ModelSpec } from '../model/spec';
import type { OptimizerName } from './config';
import {
  formatMemory,
  GIB,
  jobMemoryRefusal,
  largestFittingBatch,
  memoryBudget,
  memoryJobOf,
} from './memory-budget';
import { estimateMemory, inferenceRows, MAX_INFERENCE_ROWS } from './memory-estimate';

const MNIST = {
  n: 10_000,
  task: 'classification' as const,
  numClasses: 10,
  inputShape: [28, 28, 1],
};

/** The reported case: 4096 'same' filters on MNIST, about 32 M parameters. */
const conv = (filters: number): ModelSpec => ({
  layers: [
    { type: 'conv2d', filters, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
});

function jobOf(spec: ModelSpec, batchSize: number, optimizer: OptimizerName = 'adam') {
  const summary = inferModel(spec, MNIST.inputShape);
  if (!summary.ok) throw summary.error;
  return memoryJobOf(spec, summary.value, { optimizer, batchSize }, MNIST, 0);
}

const WASM = memoryBudget('wasm');

describe('memoryBudget', () => {
  test('wasm and cpu get 2 GB, GPUs 4 GB, never more than half the machine', () => {
    expect(memoryBudget('wasm')).toEqual({ totalBytes: 2 * GIB, tensorBytes: 2 * GIB });
    expect(memoryBudget('cpu').totalBytes).toBe(2 * GIB);
    expect(memoryBudget('webgl').totalBytes).toBe(4 * GIB);
    expect(memoryBudget('webgpu', { deviceMemoryGiB: 8 }).totalBytes).toBe(4 * GIB);
    expect(memoryBudget('webgpu', { deviceMemoryGiB: 2 }).totalBytes).toBe(1 * GIB);
    expect(memoryBudget('wasm', { deviceMemoryGiB: 0.5 }).totalBytes).toBe(GIB / 4);
  });

  test("one tensor is held to the backend's largest buffer", () => {
    const budget = memoryBudget('webgpu', { tensorBytes: 128 * 2 ** 20 });
    expect(budget.tensorBytes).toBe(128 * 2 ** 20);
    expect(memoryBudget('webgl', { tensorBytes: 16 * GIB }).tensorBytes).toBe(4 * GIB);
  });
});

describe('the estimate', () => {
  test('counts the optimizer slots per trainable weight', () => {
    const spec = logisticRegressionSpec(10, 3);
    const weights = (optimizer: OptimizerName) =>
      estimateMemory(jobOf(spec, 32, optimizer)).weightBytes;
    // 7,850 weights: four copies (the model and the weight guard's), then 4 bytes per slot.
    expect(weights('sgd')).toBe(4 * 4 * 7850);
    expect(weights('momentum') - weights('sgd')).toBe(4 * 7850);
    expect(weights('adagrad') - weights('sgd')).toBe(4 * 7850);
    expect(weights('adam') - weights('sgd')).toBe(2 * 4 * 7850);
    expect(weights('rmsprop') - weights('sgd')).toBe(2 * 4 * 7850);
  });

  test("batch normalization's moving mean and variance get no optimizer slots", () => {
    const spec: ModelSpec = {
      layers: [{ type: 'batchNormalization' }, ...logisticRegressionSpec(10, 3).layers],
    };
    const adam = estimateMemory(jobOf(spec, 32, 'adam')).weightBytes;
    const sgd = estimateMemory(jobOf(spec, 32, 'sgd')).weightBytes;
    // Gamma and beta (2 of its 4 weights per channel) and the dense layer's 7,850 are trained.
    expect(adam - sgd).toBe(2 * 4 * (2 + 7850));
  });

  test('counts the dataset on the device: inputs, labels and the shuffled order', () => {
    const estimate = estimateMemory(jobOf(logisticRegressionSpec(10, 3), 32));
    expect(estimate.dataBytes).toBe(4 * 10_000 * (784 + 10 + 1));
  });

  test("a step's activations grow with the batch; the weights do not", () => {
    const small = estimateMemory(jobOf(conv(32), 100));
    const large = estimateMemory(jobOf(conv(32), 200));
    expect(large.weightBytes).toBe(small.weightBytes);
    const perExample = (large.stepBytes - small.stepBytes) / 100;
    // Each example's 28 x 28 x 32 conv output is kept, with its bias, activation and gradients.
    expect(perExample).toBeGreaterThan(4 * 28 * 28 * 32 * 4);
    expect(large.stepBytes - small.stepBytes).toBeCloseTo(
      small.stepBytes - estimateMemory(jobOf(conv(32), 0)).stepBytes,
    );
  });

  test('inference chunks cost no more than a step and stay small for wide layers', () => {
    const wide = jobOf(conv(4096), 10);
    expect(inferenceRows(wide)).toBeLessThanOrEqual(10);
    const small = jobOf(logisticRegressionSpec(10, 3), 32);
    expect(inferenceRows(small)).toBeLessThanOrEqual(MAX_INFERENCE_ROWS);
    const estimate = estimateMemory(small);
    // Or a weight histogram's: six copies of the largest kernel and 30 bins per weight.
    expect(estimate.inferenceBytes).toBeLessThanOrEqual(
      Math.max(estimate.stepBytes, 4 * (6 + 30) * 7850),
    );
  });
});

describe('refusing a job', () => {
  test('the reported case: 4096 filters at batch 10,000 does not fit even one example', () => {
    const refusal = jobMemoryRefusal(
      conv(4096),
      { optimizer: 'adam', batchSize: 10_000 },
      MNIST,
      0,
      WASM,
      'wasm',
    );
    expect(refusal).toMatch(
      /^This model needs about [\d,.]+ GB for a batch of 10,000 on WebAssembly, more than the 2 GB it can use, and even a batch of 1 needs about [\d.]+ GB: make the model smaller; its largest layer is layer 3 \(dense, 32,112,650 parameters, output \[10\]\)/,
    );
  });

  test('a model that fits a smaller batch is told the largest that fits', () => {
    const job = jobOf(conv(32), 10_000);
    const batch = largestFittingBatch(job, WASM);
    expect(batch).toBeGreaterThan(100);
    expect(batch).toBeLessThan(10_000);
    expect(estimateMemory({ ...job, batchSize: batch }).totalBytes).toBeLessThanOrEqual(2 * GIB);
    expect(estimateMemory({ ...job, batchSize: batch + 1 }).totalBytes).toBeGreaterThan(2 * GIB);
    const refusal = jobMemoryRefusal(
      conv(32),
      { optimizer: 'adam', batchSize: 10_000 },
      MNIST,
      0,
      WASM,
      'wasm',
    );
    expect(refusal).toBe(
      `This model needs about ${formatMemory(estimateMemory(job).totalBytes)} for a batch of ` +
        `10,000 on WebAssembly, more than the 2 GB it can use: lower the batch size to ` +
        `${batch.toLocaleString('en-US')}.`,
    );
  });

  test('the 7,850-parameter model at batch 10,000 fits', () => {
    const config = { optimizer: 'adam' as const, batchSize: 10_000 };
    const spec = logisticRegressionSpec(10, 3);
    expect(jobMemoryRefusal(spec, config, MNIST, 0, WASM, 'wasm')).toBeNull();
  });

  test("a tensor larger than the GPU's largest buffer is refused for that", () => {
    const budget = memoryBudget('webgpu', { tensorBytes: 64 * 2 ** 20 });
    const refusal = jobMemoryRefusal(
      conv(64),
      { optimizer: 'sgd', batchSize: 1000 },
      MNIST,
      0,
      budget,
      'webgpu',
    );
    expect(refusal).toMatch(
      /^This model needs one tensor of about [\d.]+ MB for a batch of 1,000 on WebGPU, more than the 64 MB its largest buffer holds: lower the batch size to \d+\.$/,
    );
  });

  test('data that cannot fit is said to be the problem', () => {
    const huge = { ...MNIST, n: 1_000_000 };
    const refusal = jobMemoryRefusal(
      logisticRegressionSpec(10, 3),
      { optimizer: 'sgd', batchSize: 32 },
      huge,
      0,
      memoryBudget('wasm', { deviceMemoryGiB: 4 }),
      'wasm',
    );
    expect(refusal).toMatch(/its data alone takes [\d.]+ GB: train on fewer examples/);
  });

  test('an invalid model is left to the check that names its broken layer', () => {
    const broken: ModelSpec = {
      layers: [
        { type: 'dense', units: 10, activation: 'softmax' },
        { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
      ],
    };
    expect(
      jobMemoryRefusal(broken, { optimizer: 'sgd', batchSize: 32 }, MNIST, 0, WASM, 'wasm'),
    ).toBeNull();
  });
});

describe('a sequence job', () => {
  // Token ids [16] through a dense layer per position to 30 tokens: output [16, 30].
  const spec: ModelSpec = {
    layers: [
      { type: 'reshape', targetShape: [16, 1] },
      { type: 'dense', units: 30, activation: 'softmax' },
    ],
  };
  const names = { n: 30_000, task: 'sequence' as const, numClasses: 30, inputShape: [16] };

  test('keeps a target id per position on the device, not a one-hot row', () => {
    const summary = inferModel(spec, names.inputShape);
    if (!summary.ok) throw summary.error;
    const job = memoryJobOf(spec, summary.value, { optimizer: 'adamw', batchSize: 32 }, names, 0);
    expect(job.labelWidth).toBe(16);
    expect(job.optimizer).toBe('adamw');
  });

  test('is checked against the budget like the others', () => {
    const budget = { totalBytes: 64 * 1024, tensorBytes: 64 * 1024 };
    const refusal = jobMemoryRefusal(
      spec,
      { optimizer: 'adam', batchSize: 32 },
      names,
      0,
      budget,
      'webgl',
    );
    expect(refusal).toMatch(/its data alone takes/);
    const roomy = { totalBytes: GIB, tensorBytes: GIB };
    expect(
      jobMemoryRefusal(spec, { optimizer: 'adam', batchSize: 32 }, names, 0, roomy, 'webgl'),
    ).toBeNull();
  });
});

describe('formatMemory', () => {
  test('binary units, one decimal below 100 GB', () => {
    expect(formatMemory(1.94 * GIB)).toBe('1.9 GB');
    expect(formatMemory(2 * GIB)).toBe('2 GB');
    expect(formatMemory(1234.4 * GIB)).toBe('1,234 GB');
    expect(formatMemory(640 * 2 ** 20)).toBe('640 MB');
    expect(formatMemory(3000)).toBe('3 KB');
  });
});
