import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSpecError } from '../../core/errors';
import { buildModel } from './build';
import { inferModel } from '../../core/model/inference';
import type { ModelSpec } from '../../core/model/spec';
import { invalidStackArb, validStackArb } from '../../core/model/test-arbitraries';
import { createLayer } from './tf-layers';

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
  it('matches TF.js output shapes and countParams() per layer for every layer type', () => {
    const before = tf.memory().numTensors;
    fc.assert(
      fc.property(validStackArb, fc.integer(), ({ spec, inputShape }, seed) => {
        const summary = inferModel(spec, inputShape);
        if (!summary.ok) throw summary.error;
        const model = buildModel(spec, inputShape, seed);
        try {
          expect(model.countParams()).toBe(summary.value.totalParams);
          expect(model.layers).toHaveLength(spec.layers.length);
          model.layers.forEach((layer, i) => {
            const tfShape = (layer.outputShape as (number | null)[]).slice(1);
            expect(tfShape).toEqual(summary.value.layers[i]?.outputShape);
            expect(layer.countParams()).toBe(summary.value.layers[i]?.params);
          });
          // The static shapes above are TF.js's own bookkeeping; running the model proves them.
          const output = tf.tidy(() => model.predict(tf.ones([2, ...inputShape])) as tf.Tensor);
          expect(output.shape).toEqual([2, ...summary.value.outputShape]);
          output.dispose();
        } finally {
          model.dispose();
        }
      }),
      { numRuns: 300 },
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses only stacks that TF.js cannot run either', () => {
    fc.assert(
      fc.property(invalidStackArb, ({ spec, inputShape, badIndex }) => {
        const layers = spec.layers.slice(0, badIndex + 1);
        const runInTfjs = () => {
          const model = tf.sequential();
          try {
            layers.forEach((layer, i) => {
              const common = i === 0 ? { name: `l${i}`, inputShape } : { name: `l${i}` };
              model.add(createLayer(layer, common, 1));
            });
            return tf.tidy(() => (model.predict(tf.ones([1, ...inputShape])) as tf.Tensor).shape);
          } finally {
            model.dispose();
          }
        };
        // A window larger than its input gives TF.js an empty or negative size, not an error.
        let shape: number[];
        try {
          shape = runInTfjs();
        } catch {
          shape = [0];
        }
        expect(shape.some((dim) => dim <= 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
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

  it('gives identical initial weights for the same seed with every layer type', () => {
    fc.assert(
      fc.property(validStackArb, fc.integer(), ({ spec, inputShape }, seed) => {
        expect(initialWeights(spec, inputShape, seed)).toEqual(
          initialWeights(spec, inputShape, seed),
        );
      }),
      { numRuns: 50 },
    );
    const conv: ModelSpec = {
      layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' }],
    };
    expect(initialWeights(conv, [5, 5, 2], 1)[0]).not.toEqual(
      initialWeights(conv, [5, 5, 2], 2)[0],
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
