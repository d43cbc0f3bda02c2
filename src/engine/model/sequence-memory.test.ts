/**
 * The memory estimate's factors for the sequence layers (core/train/memory-estimate.ts) against
 * TF.js's own count: the peak of `tf.profile` over one training step on the cpu backend, within a
 * factor of 1.5 either way, as the session-level check in engine/train does for the other layers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { inferModel } from '../../core/model/inference';
import type { LayerSpec, ModelSpec } from '../../core/model/spec';
import { estimateMemory } from '../../core/train/memory-estimate';
import { buildModel } from './build';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const VOCABULARY = 32;
const LENGTH = 32;
const BATCH = 16;

const next = { type: 'dense', units: VOCABULARY, activation: 'softmax' } as const;
const embed = (width: number) =>
  ({ type: 'embedding', inputDim: VOCABULARY, outputDim: width }) as const;

const MODELS: Record<string, LayerSpec[]> = {
  attention: [
    embed(64),
    { type: 'positionalEmbedding' },
    { type: 'causalSelfAttention', heads: 4, keyDim: 16 },
    next,
  ],
  lstm: [embed(32), { type: 'lstm', units: 64, returnSequences: true }, next],
  gru: [embed(32), { type: 'gru', units: 48, returnSequences: true }, next],
  block: [
    embed(64),
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'dense', units: 256, activation: 'relu' },
        { type: 'dense', units: 64, activation: 'linear' },
      ],
    },
    { type: 'conv1d', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
    next,
  ],
};

describe('the memory estimate of sequence layers against tf.profile', () => {
  test.each(Object.keys(MODELS))('%s', async (name) => {
    const spec: ModelSpec = { layers: MODELS[name] ?? [] };
    const summary = inferModel(spec, [LENGTH]);
    if (!summary.ok) throw summary.error;
    const model = buildModel(spec, [LENGTH], 1);
    const optimizer = tf.train.sgd(0.01);
    const width = summary.value.outputShape[1] ?? 0;
    const x = tf.tidy(() => tf.randomUniform([BATCH, LENGTH], 0, VOCABULARY, 'int32').toFloat());
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([BATCH, LENGTH], 0, width, 'int32'), width));
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      optimizer.minimize(() =>
        tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor),
      );
      return [];
    });
    const estimate = estimateMemory({
      spec,
      summary: summary.value,
      optimizer: 'sgd',
      batchSize: BATCH,
      examples: 0,
      labelWidth: LENGTH * width,
      predictionRows: 0,
    });
    const ratio = estimate.stepBytes / (profile.peakBytes - before);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });
});
