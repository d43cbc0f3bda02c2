import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../../core/model/spec';
import { buildModel } from '../build';
import { GradlabCausalSelfAttention } from './causal-self-attention';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Nested = number[][][];

/** The attention of the contract written out with loops: no tensor op of the layer's own. */
function referenceAttention(
  x: Nested,
  weights: number[][],
  heads: number,
  keyDim: number,
): { output: Nested; probabilities: number[][][][] } {
  const [qk, qb, kk, kb, vk, vb, ok, ob] = weights as number[][];
  const width = (x[0] as number[][])[0]?.length ?? 0;
  // kernel [width, heads, keyDim] flattened row-major; bias [heads, keyDim].
  const project = (row: number[], kernel: number[], bias: number[], h: number, k: number) =>
    row.reduce(
      (sum, value, d) => sum + value * (kernel[(d * heads + h) * keyDim + k] as number),
      bias[h * keyDim + k] as number,
    );
  const output: Nested = [];
  const probabilities: number[][][][] = [];
  for (const sequence of x) {
    const length = sequence.length;
    const perHead = Array.from({ length: heads }, (_, h) => {
      const q = sequence.map((row) =>
        Array.from({ length: keyDim }, (_, k) => project(row, qk!, qb!, h, k)),
      );
      const key = sequence.map((row) =>
        Array.from({ length: keyDim }, (_, k) => project(row, kk!, kb!, h, k)),
      );
      const value = sequence.map((row) =>
        Array.from({ length: keyDim }, (_, k) => project(row, vk!, vb!, h, k)),
      );
      const probs = q.map((qi, i) => {
        const scores = key.map((kj, j) =>
          j <= i
            ? qi.reduce((s, v, k) => s + v * (kj[k] as number), 0) / Math.sqrt(keyDim)
            : -Infinity,
        );
        const top = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - top));
        const total = exps.reduce((a, b) => a + b, 0);
        return exps.map((e) => e / total);
      });
      const mixed = probs.map((row) =>
        Array.from({ length: keyDim }, (_, k) =>
          row.reduce((s, p, j) => s + p * ((value[j] as number[])[k] as number), 0),
        ),
      );
      return { probs, mixed };
    });
    probabilities.push(perHead.map((head) => head.probs));
    output.push(
      Array.from({ length }, (_, i) =>
        Array.from({ length: width }, (_, d) => {
          let sum = ob![d] as number;
          for (let h = 0; h < heads; h++) {
            for (let k = 0; k < keyDim; k++) {
              const mixed = (perHead[h]!.mixed[i] as number[])[k] as number;
              sum += mixed * (ok![(h * keyDim + k) * width + d] as number);
            }
          }
          return sum;
        }),
      ),
    );
  }
  return { output, probabilities };
}

const flat = (nested: unknown): number[] => (nested as number[]).flat(Infinity as 1) as number[];

const expectClose = (actual: number[], expected: number[], tolerance: number) => {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => Math.abs(a - (expected[i] as number))));
  expect(worst).toBeLessThan(tolerance);
};

/** A layer built on [length, width] with non-zero biases, so every weight takes part. */
function builtLayer(heads: number, keyDim: number, width: number, seed: number) {
  const layer = new GradlabCausalSelfAttention({ heads, keyDim, seed });
  // Applied to a symbolic input, as in a model: builds it within its name scope.
  layer.apply(tf.input({ shape: [4, width] }));
  // getWeights gives the variables themselves: the sums are new tensors, disposed once copied.
  const shifted = layer
    .getWeights()
    .map((w, i) =>
      tf.tidy(() => tf.add(w, tf.randomUniform(w.shape, -0.3, 0.3, 'float32', seed + i))),
    );
  layer.setWeights(shifted);
  tf.dispose(shifted);
  return layer;
}

describe('GradlabCausalSelfAttention', () => {
  it('has the weights of Keras MultiHeadAttention, in its order and shapes', () => {
    const layer = new GradlabCausalSelfAttention({ heads: 3, keyDim: 5, name: 'attention' });
    layer.apply(tf.input({ shape: [7, 8] }));
    expect(layer.weights.map((w) => [w.originalName, w.shape])).toEqual([
      ['attention/query/kernel', [8, 3, 5]],
      ['attention/query/bias', [3, 5]],
      ['attention/key/kernel', [8, 3, 5]],
      ['attention/key/bias', [3, 5]],
      ['attention/value/kernel', [8, 3, 5]],
      ['attention/value/bias', [3, 5]],
      ['attention/attention_output/kernel', [3, 5, 8]],
      ['attention/attention_output/bias', [8]],
    ]);
    expect(layer.countParams()).toBe(3 * (8 * 15 + 15) + 15 * 8 + 8);
    layer.dispose();
  });

  it('equals a plain reference computation, and its attention weights too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (heads, keyDim, width, length, seed) => {
          const layer = builtLayer(heads, keyDim, width, seed);
          const x = tf.randomNormal([2, length, width], 0, 1, 'float32', seed) as tf.Tensor3D;
          const weights = layer.getWeights().map((w) => Array.from(w.dataSync()));
          const expected = referenceAttention(x.arraySync(), weights, heads, keyDim);
          const output = layer.apply(x) as tf.Tensor;
          const probabilities = layer.attentionWeights(x);
          expect(output.shape).toEqual([2, length, width]);
          expect(probabilities.shape).toEqual([2, heads, length, length]);
          expectClose(Array.from(output.dataSync()), flat(expected.output), 1e-5);
          expectClose(Array.from(probabilities.dataSync()), flat(expected.probabilities), 1e-5);
          tf.dispose([x, output, probabilities]);
          layer.dispose();
        },
      ),
      { numRuns: 40 },
    );
  });

  const transformer = (vocabulary: number): ModelSpec => ({
    layers: [
      { type: 'embedding', inputDim: vocabulary, outputDim: 8 },
      { type: 'positionalEmbedding' },
      {
        type: 'residual',
        layers: [
          { type: 'layerNormalization' },
          { type: 'causalSelfAttention', heads: 2, keyDim: 4 },
        ],
      },
      { type: 'causalSelfAttention', heads: 1, keyDim: 3 },
      { type: 'dense', units: vocabulary, activation: 'softmax' },
    ],
  });

  it('lets no position see a later one: changing token t leaves every output before t alone', () => {
    const vocabulary = 7;
    const length = 6;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: vocabulary - 1 }), {
          minLength: length,
          maxLength: length,
        }),
        fc.integer({ min: 0, max: length - 1 }),
        fc.integer({ min: 1, max: vocabulary - 1 }),
        fc.integer(),
        (tokens, t, shift, seed) => {
          const model = buildModel(transformer(vocabulary), [length], seed);
          const changed = tokens.map((token, i) =>
            i === t ? (token + shift) % vocabulary : token,
          );
          const [before, after] = [tokens, changed].map((ids) =>
            tf.tidy(() => (model.predict(tf.tensor2d([ids])) as tf.Tensor).arraySync()),
          ) as [number[][][], number[][][]];
          model.dispose();
          const rows = (output: number[][][]) => output[0] as number[][];
          expect(rows(after).slice(0, t)).toEqual(rows(before).slice(0, t));
          // The changed token itself does reach its own position.
          expect(rows(after)[t]).not.toEqual(rows(before)[t]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('trains: every weight gets a gradient', () => {
    const layer = builtLayer(2, 3, 4, 9);
    const x = tf.randomNormal([3, 4, 4], 0, 1, 'float32', 1);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.square(layer.apply(x) as tf.Tensor)),
      layer.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    const norms = Object.values(grads).map((g) => tf.sum(tf.abs(g)).dataSync()[0] ?? 0);
    expect(norms).toHaveLength(8);
    for (const norm of norms) expect(norm).toBeGreaterThan(0);
    tf.dispose([x, value, ...Object.values(grads)]);
    layer.dispose();
  });

  it('keeps the tensor count steady across calls, attention maps and training steps', () => {
    const model = buildModel(transformer(5), [4], 3);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
    const x = tf.tensor2d([
      [0, 1, 2, 3],
      [4, 3, 2, 1],
    ]);
    const y = tf.tensor3d([
      [[1], [2], [3], [4]],
      [[3], [2], [1], [0]],
    ]);
    const attention = model.getLayer('causalSelfAttention_3') as GradlabCausalSelfAttention;
    const round = async () => {
      tf.dispose(model.predict(x) as tf.Tensor);
      const hidden = tf.tidy(() => tf.randomNormal([2, 4, 8]) as tf.Tensor3D);
      tf.dispose([attention.attentionWeights(hidden), hidden]);
      await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    };
    return (async () => {
      await round(); // the optimizer makes its slots on the first step
      const steady = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await round();
      expect(tf.memory().numTensors).toBe(steady);
      tf.dispose([x, y]);
      model.dispose();
    })();
  });

  const plain: ModelSpec = {
    layers: transformer(9).layers.filter((layer) => layer.type !== 'residual'),
  };
  it.each([
    ['functional (with a residual block)', transformer(9)],
    ['sequential', plain],
  ])('round-trips a %s model through tf.io with tf.loadLayersModel', async (_, spec) => {
    const model = buildModel(spec, [5], 11);
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (saved === null) throw new Error('nothing was saved');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const x = tf.tensor2d([
      [1, 2, 3, 4, 5],
      [8, 0, 8, 0, 8],
    ]);
    const [a, b] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    const classes = loaded.layers.map((layer) => layer.getClassName());
    expect(classes).toContain('GradlabCausalSelfAttention');
    expect(classes).toContain('GradlabPositionalEmbedding');
    expect(Array.from(b!.dataSync())).toEqual(Array.from(a!.dataSync()));
    tf.dispose([x, a!, b!]);
    model.dispose();
    loaded.dispose();
  });
});
