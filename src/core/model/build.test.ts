import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSpecError } from '../errors';
import { buildModel } from './build';
import { inferModel } from './inference';
import type { ModelSpec } from './spec';
import { specArb } from './test-arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const initialWeights = (spec: ModelSpec, inputShape: number[], seed: number): number[][] => {
  const model = buildModel(spec, inputShape, seed);
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return weights;
};

const twoDense: ModelSpec = {
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dense', units: 8, activation: 'linear' },
  ],
};

describe('buildModel', () => {
  it('matches inferModel shapes and parameter counts', () => {
    const before = tf.memory().numTensors;
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 20 }), fc.integer(), (spec, inputs, seed) => {
        const summary = inferModel(spec, [inputs]);
        if (!summary.ok) throw summary.error;
        const model = buildModel(spec, [inputs], seed);
        try {
          expect(model.countParams()).toBe(summary.value.totalParams);
          expect(model.layers).toHaveLength(spec.layers.length);
          model.layers.forEach((layer, i) => {
            const tfShape = (layer.outputShape as (number | null)[]).slice(1);
            expect(tfShape).toEqual(summary.value.layers[i]?.outputShape);
            expect(layer.countParams()).toBe(summary.value.layers[i]?.params);
          });
        } finally {
          model.dispose();
        }
      }),
      { numRuns: 100 },
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives identical initial weights for the same seed and different ones otherwise', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        fc.pre(a !== b);
        const first = initialWeights(twoDense, [3], a);
        expect(initialWeights(twoDense, [3], a)).toEqual(first);
        expect(initialWeights(twoDense, [3], b)).not.toEqual(first);
      }),
      { numRuns: 20 },
    );
  });

  it('seeds each layer differently and starts biases at zero', () => {
    const sameShapes: ModelSpec = {
      layers: [...twoDense.layers, { type: 'dense', units: 8, activation: 'linear' }],
    };
    const [, bias0, kernel1, bias1, kernel2] = initialWeights(sameShapes, [8], 1);
    expect(kernel1).not.toEqual(kernel2);
    expect(bias0).toEqual(Array(8).fill(0));
    expect(bias1).toEqual(Array(8).fill(0));
  });

  it('names layers by type and position, even when built twice', () => {
    const models = [buildModel(twoDense, [2], 1), buildModel(twoDense, [2], 1)];
    for (const model of models) {
      expect(model.layers.map((l) => l.name)).toEqual(['dense_0', 'dense_1']);
    }
    for (const model of models) model.dispose();
  });

  it('throws InvalidSpecError on a spec that inferModel refuses', () => {
    expect(() => buildModel({ layers: [] }, [2], 1)).toThrow(InvalidSpecError);
    expect(() => buildModel(twoDense, [0], 1)).toThrow(InvalidSpecError);
  });
});
