import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSpecError } from '../../core/errors';
import { dropoutLayers } from '../train/dropout-seeds';
import { assembleModel, buildModel } from './build';
import { inferModel } from '../../core/model/inference';
import type { ModelSpec } from '../../core/model/spec';
import { invalidStackArb, validStackArb } from '../../core/model/test-arbitraries';

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
          const inner = spec.layers.map((layer) => (layer.type === 'residual' ? layer.layers : []));
          // A functional model (residual blocks) adds its input layer and one sum per block.
          const functional = inner.some((layers) => layers.length > 0);
          const blocks = inner.filter((layers) => layers.length > 0).length;
          expect(model.layers).toHaveLength(
            spec.layers.length + inner.flat().length + (functional ? 1 : 0),
          );
          expect(blocks === 0).toBe(!functional);
          spec.layers.forEach((layer, i) => {
            const row = summary.value.layers[i];
            const outer =
              layer.type === 'residual'
                ? model.getLayer(`residual_${i}_add`)
                : model.getLayer(`${layer.type}_${i}`);
            const tfShape = (outer.outputShape as (number | null)[]).slice(1);
            expect(tfShape).toEqual(row?.outputShape);
            const params =
              layer.type === 'residual'
                ? layer.layers.reduce(
                    (sum, l, j) =>
                      sum + model.getLayer(`residual_${i}_${j}_${l.type}`).countParams(),
                    0,
                  )
                : outer.countParams();
            expect(params).toBe(row?.params);
          });
          // The static shapes above are TF.js's own bookkeeping; running the model proves them.
          // Token ids of 0, which every vocabulary holds; ones elsewhere.
          const fill = spec.layers[0]?.type === 'embedding' ? tf.zeros : tf.ones;
          const output = tf.tidy(() => model.predict(fill([2, ...inputShape])) as tf.Tensor);
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
          const model = assembleModel({ layers }, inputShape, 1);
          try {
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

  it('builds residual blocks as a sum of the input and the block, named by block and place', () => {
    const spec: ModelSpec = {
      layers: [
        { type: 'dense', units: 4, activation: 'relu' },
        {
          type: 'residual',
          layers: [
            { type: 'dropout', rate: 0.5 },
            { type: 'dense', units: 4, activation: 'linear' },
          ],
        },
      ],
    };
    const model = buildModel(spec, [3], 5);
    expect(model.layers.map((l) => l.name)).toEqual([
      'input',
      'dense_0',
      'residual_1_0_dropout',
      'residual_1_1_dense',
      'residual_1_add',
    ]);
    // The training loop reseeds dropout through model.layers: it reaches the one in the block.
    expect(dropoutLayers(model).map((l) => l.name)).toEqual(['residual_1_0_dropout']);
    const x = tf.tensor2d([[1, -2, 3]]);
    const [hidden, output] = tf.tidy(() => {
      const first = model.getLayer('dense_0').apply(x) as tf.Tensor;
      const block = model.getLayer('residual_1_1_dense').apply(first) as tf.Tensor;
      return [tf.add(first, block), model.predict(x) as tf.Tensor];
    });
    expect(Array.from(output!.dataSync())).toEqual(Array.from(hidden!.dataSync()));
    tf.dispose([x, hidden!, output!]);
    model.dispose();
  });

  it('throws InvalidSpecError on a spec that inferModel refuses', () => {
    expect(() => buildModel({ layers: [] }, [2], 1)).toThrow(InvalidSpecError);
    expect(() => buildModel(twoDense, [0], 1)).toThrow(InvalidSpecError);
  });
});
