import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../core/errors';
import { buildModel } from '../model/build';
import type { ModelSpec } from '../../core/model/spec';
import {
  confusionMatrix,
  featureMaps,
  predictOne,
  regressionInsights,
  validationInsights,
  weightHistograms,
} from './insights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cnn: ModelSpec = {
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 3, activation: 'relu' },
    { type: 'maxPooling2d', poolSize: 2 },
    { type: 'conv2d', filters: 2, kernelSize: 2, padding: 'same', activation: 'relu' },
    { type: 'averagePooling2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 4, activation: 'softmax' },
  ],
};
const IMAGE = [8, 8, 1];

const mlp: ModelSpec = {
  layers: [
    { type: 'dense', units: 5, activation: 'tanh' },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

const ramp = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => (i % 7) / 7);

describe('confusionMatrix', () => {
  it('counts each pair at row actual, column predicted, and sums to the number of pairs', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((k) =>
            fc.tuple(
              fc.constant(k),
              fc.array(fc.tuple(fc.nat(k - 1), fc.nat(k - 1)), { maxLength: 60 }),
            ),
          ),
        ([k, pairs]) => {
          const actual = Int32Array.from(pairs.map(([a]) => a));
          const predicted = Int32Array.from(pairs.map(([, p]) => p));
          const counts = confusionMatrix(actual, predicted, k);
          expect(counts).toHaveLength(k * k);
          expect(counts.reduce((s, c) => s + c, 0)).toBe(pairs.length);
          for (let a = 0; a < k; a++) {
            for (let p = 0; p < k; p++) {
              const expected = pairs.filter(([x, y]) => x === a && y === p).length;
              expect(counts[a * k + p]).toBe(expected);
            }
          }
        },
      ),
    );
  });

  it('puts actual on rows and predicted on columns', () => {
    const counts = confusionMatrix(Int32Array.of(0, 0, 1), Int32Array.of(1, 1, 1), 2);
    expect(Array.from(counts)).toEqual([0, 2, 0, 1]);
  });

  it('leaves out classes outside the range and ignores the longer array’s extra entries', () => {
    const counts = confusionMatrix(Int32Array.of(0, 5, -1, 1, 1), Int32Array.of(0, 0, 0, 2), 2);
    expect(Array.from(counts)).toEqual([1, 0, 0, 0]);
  });
});

describe('weightHistograms', () => {
  it('gives one histogram per dense and conv2d kernel, with its range and all its values', async () => {
    const model = buildModel(cnn, IMAGE, 1);
    const before = tf.memory().numTensors;
    const histograms = await weightHistograms(model, 10);
    expect(tf.memory().numTensors).toBe(before);
    expect(histograms.map((h) => h.layer)).toEqual(['conv2d_0', 'conv2d_2', 'dense_5']);
    const kernels = [0, 2, 5].map((i) => Array.from(model.layers[i]!.getWeights()[0]!.dataSync()));
    histograms.forEach((h, i) => {
      const kernel = kernels[i]!;
      expect(h.counts).toBeInstanceOf(Int32Array);
      expect(h.counts).toHaveLength(10);
      expect(h.counts.reduce((s, c) => s + c, 0)).toBe(kernel.length);
      expect(h.min).toBeCloseTo(Math.min(...kernel), 6);
      expect(h.max).toBeCloseTo(Math.max(...kernel), 6);
      // Each value lands in the bin its position in [min, max] names.
      const expected = new Array<number>(10).fill(0);
      for (const w of kernel) {
        const bin = Math.min(9, Math.floor(((w - h.min) / (h.max - h.min)) * 10));
        expected[bin]! += 1;
      }
      expect(Array.from(h.counts)).toEqual(expected);
    });
    model.dispose();
  });

  it('puts a constant kernel in the first bin and leaves out a kernel that is not finite', async () => {
    const model = buildModel(mlp, [2], 1);
    const [first, , last] = model.layers;
    first!.setWeights([tf.fill([2, 5], 0.25), tf.zeros([5])]);
    last!.setWeights([tf.fill([5, 3], NaN), tf.zeros([3])]);
    const histograms = await weightHistograms(model, 4);
    expect(histograms).toHaveLength(1);
    expect(histograms[0]).toMatchObject({ layer: 'dense_0', min: 0.25, max: 0.25 });
    expect(Array.from(histograms[0]!.counts)).toEqual([10, 0, 0, 0]);
    model.dispose();
  });

  it('counts a kernel larger than one chunk of the device-side counting', async () => {
    const model = buildModel(
      { layers: [{ type: 'dense', units: 300, activation: 'relu' }] },
      [300],
      4,
    );
    const kernel = Array.from(model.layers[0]!.getWeights()[0]!.dataSync());
    const before = tf.memory().numTensors;
    const [histogram] = await weightHistograms(model, 7);
    expect(tf.memory().numTensors).toBe(before);
    expect(kernel.length).toBeGreaterThan(1 << 16);
    const expected = new Array<number>(7).fill(0);
    for (const w of kernel) {
      expected[
        Math.min(6, Math.floor(((w - histogram!.min) / (histogram!.max - histogram!.min)) * 7))
      ]! += 1;
    }
    expect(Array.from(histogram!.counts)).toEqual(expected);
    model.dispose();
  });

  it('gives nothing for a model without kernels', async () => {
    const model = buildModel({ layers: [{ type: 'flatten' }] }, [2, 2], 1);
    expect(await weightHistograms(model)).toEqual([]);
    model.dispose();
  });
});

describe('validationInsights', () => {
  it('predicts like model.predict for every row, in batches, and counts the confusion', async () => {
    const model = buildModel(mlp, [2], 3);
    const n = 2500;
    const x = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 0.37) * 3);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const rows = Int32Array.from({ length: n }, (_, i) => 10_000 + i);
    const xs = tf.tensor2d(x, [n, 2]);
    const before = tf.memory().numTensors;
    const { confusion, examples } = await validationInsights(model, xs, labels, rows, 3);
    expect(tf.memory().numTensors).toBe(before);

    const probabilities = model.predict(xs) as tf.Tensor;
    const expectedClass = Array.from(probabilities.argMax(-1).dataSync());
    const expectedConfidence = Array.from(probabilities.max(-1).dataSync());
    probabilities.dispose();
    xs.dispose();

    expect(Array.from(examples.predicted)).toEqual(expectedClass);
    examples.confidence.forEach((c, i) => expect(c).toBeCloseTo(expectedConfidence[i]!, 5));
    expect(examples.actual).toEqual(labels);
    expect(examples.rows).toEqual(rows);
    expect(confusion.numClasses).toBe(3);
    expect(confusion.counts).toEqual(confusionMatrix(labels, examples.predicted, 3));
    model.dispose();
  });

  it('returns copies, so transferring them leaves the caller’s arrays whole', async () => {
    const model = buildModel(mlp, [2], 3);
    const xs = tf.tensor2d([0, 1, 1, 0], [2, 2]);
    const labels = Int32Array.of(0, 1);
    const rows = Int32Array.of(4, 9);
    const { examples } = await validationInsights(model, xs, labels, rows, 3);
    expect(examples.rows.buffer).not.toBe(rows.buffer);
    expect(examples.actual.buffer).not.toBe(labels.buffer);
    xs.dispose();
    model.dispose();
  });

  it('gives an empty matrix and no examples for an empty validation set', async () => {
    const model = buildModel(mlp, [2], 3);
    const xs = tf.zeros([0, 2]);
    const { confusion, examples } = await validationInsights(
      model,
      xs,
      new Int32Array(0),
      new Int32Array(0),
      3,
    );
    expect(Array.from(confusion.counts)).toEqual(new Array(9).fill(0));
    expect(examples.rows).toHaveLength(0);
    xs.dispose();
    model.dispose();
  });
});

describe('regressionInsights', () => {
  const regressor: ModelSpec = {
    layers: [
      { type: 'dense', units: 4, activation: 'tanh' },
      { type: 'dense', units: 1, activation: 'linear' },
    ],
  };

  it('predicts like model.predict for every row, in batches, beside copies of the targets', async () => {
    const model = buildModel(regressor, [3], 2);
    const n = 2100;
    const xs = tf.tensor2d(
      Float32Array.from({ length: n * 3 }, (_, i) => Math.cos(i * 0.11)),
      [n, 3],
    );
    const targets = Float32Array.from({ length: n }, (_, i) => 100 + i);
    const before = tf.memory().numTensors;
    const { actual, predicted } = await regressionInsights(model, xs, targets);
    expect(tf.memory().numTensors).toBe(before);
    const expected = model.predict(xs) as tf.Tensor;
    const values = Array.from(expected.dataSync());
    expected.dispose();
    xs.dispose();
    expect(predicted).toHaveLength(n);
    predicted.forEach((p, i) => expect(p).toBeCloseTo(values[i]!, 5));
    expect(actual).toEqual(targets);
    expect(actual.buffer).not.toBe(targets.buffer);
    model.dispose();
  });

  it('gives empty arrays for an empty validation set', async () => {
    const model = buildModel(regressor, [3], 2);
    const xs = tf.zeros([0, 3]);
    const before = tf.memory().numTensors;
    const { actual, predicted } = await regressionInsights(model, xs, new Float32Array(0));
    expect(tf.memory().numTensors).toBe(before);
    expect([actual.length, predicted.length]).toEqual([0, 0]);
    xs.dispose();
    model.dispose();
  });
});

describe('featureMaps', () => {
  it('gives each conv and pooling layer’s output for one input, as the layers compute it', async () => {
    const model = buildModel(cnn, IMAGE, 5);
    const input = ramp(64);
    const before = tf.memory().numTensors;
    const maps = await featureMaps(model, input, IMAGE);
    expect(tf.memory().numTensors).toBe(before);
    expect(maps.map((m) => [m.layer, m.shape])).toEqual([
      ['conv2d_0', [6, 6, 3]],
      ['maxPooling2d_1', [3, 3, 3]],
      ['conv2d_2', [3, 3, 2]],
      ['averagePooling2d_3', [1, 1, 2]],
    ]);
    const expected = tf.tidy(() => {
      let x: tf.Tensor = tf.tensor(input, [1, ...IMAGE]);
      return model.layers.slice(0, 4).map((layer) => {
        x = layer.apply(x) as tf.Tensor;
        return Array.from(x.dataSync());
      });
    });
    maps.forEach((map, i) => {
      expect(map.values).toHaveLength(expected[i]!.length);
      map.values.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5));
    });
    model.dispose();
  });

  it('leaves the model whole: it still predicts and disposes all its weights', async () => {
    const model = buildModel(cnn, IMAGE, 5);
    const before = tf.memory().numTensors;
    const input = ramp(64);
    const output = await predictOne(model, input, IMAGE);
    await featureMaps(model, input, IMAGE);
    await featureMaps(model, input, IMAGE);
    expect(Array.from(await predictOne(model, input, IMAGE))).toEqual(Array.from(output));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - model.weights.length);
  });

  it('gives nothing for a model without conv or pooling layers', async () => {
    const model = buildModel(mlp, [2], 1);
    expect(await featureMaps(model, Float32Array.of(1, 2), [2])).toEqual([]);
    model.dispose();
  });

  it('refuses an input of the wrong size without leaking tensors', async () => {
    const model = buildModel(cnn, IMAGE, 5);
    const before = tf.memory().numTensors;
    await expect(featureMaps(model, ramp(63), IMAGE)).rejects.toBeInstanceOf(ProtocolError);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('predictOne', () => {
  it('gives the model’s output for one input, without leaking tensors', async () => {
    const model = buildModel(mlp, [2], 2);
    const before = tf.memory().numTensors;
    const output = await predictOne(model, Float32Array.of(0.5, -1), [2]);
    expect(tf.memory().numTensors).toBe(before);
    const expected = tf.tidy(() =>
      Array.from((model.predict(tf.tensor2d([[0.5, -1]])) as tf.Tensor).dataSync()),
    );
    expect(output).toBeInstanceOf(Float32Array);
    expect(Array.from(output)).toEqual(expected);
    expect(output.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('refuses an input of the wrong size', async () => {
    const model = buildModel(mlp, [2], 2);
    await expect(predictOne(model, Float32Array.of(1), [2])).rejects.toThrow(
      /1 values where the model takes 2/,
    );
    model.dispose();
  });
});
