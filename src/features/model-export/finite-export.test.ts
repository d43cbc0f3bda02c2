import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../core/model/spec';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { exportableWeights } from './finite-export';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SPEC: ModelSpec = {
  layers: [
    { type: 'dense', units: 8, activation: 'linear' },
    { type: 'dense', units: 1, activation: 'linear' },
  ],
};

/**
 * The model after a few plain `fit` steps with a learning rate far too large, outside the app's
 * guarded loop (which would stop and restore): its weights overflow to infinity, then NaN.
 */
async function divergedExport() {
  const model = buildModel(SPEC, [2], 3);
  model.compile({ optimizer: tf.train.sgd(1e30), loss: 'meanSquaredError' });
  const x = tf.tensor2d([1, 2, -3, 4, 5, -6, 7, 8], [4, 2]);
  const y = tf.tensor2d([10, -20, 30, -40], [4, 1]);
  await model.fit(x, y, { epochs: 4, batchSize: 4, verbose: 0 });
  tf.dispose([x, y]);
  const exported = await exportLayersModel(model);
  model.dispose();
  return exported;
}

describe('exportableWeights', () => {
  it('refuses a diverged model, naming the first damaged layer and the count', async () => {
    const { modelJson, weights } = await divergedExport();
    const checked = exportableWeights({ modelJson, data: weights });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe('weights-not-finite');
    expect(checked.error.found.total).toBe(2 * 8 + 8 + 8 + 1);
    expect(checked.error.message).toMatch(
      /^The weights of layer dense_0 \(kernel\) hold \d+ values? that (is|are) not (a number|numbers) \(NaN or infinite\)/,
    );
    expect(checked.error.message).toMatch(
      /: a model with such weights predicts nothing, so it is not exported\. Reset it and train again/,
    );
  });

  it('lets a freshly built model through', async () => {
    const model = buildModel(SPEC, [2], 3);
    const { modelJson, weights } = await exportLayersModel(model);
    model.dispose();
    expect(exportableWeights({ modelJson, data: weights })).toEqual({ ok: true, value: undefined });
  });
});
