import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDARY_ID, PAD_ID, type SequenceDataset } from '../../core/data/dataset';
import type { LayerSpec, ModelSpec } from '../../core/model/spec';
import type { WorkerCommand, WorkerEvent } from '../../core/protocol';
import { buildModel } from '../model/build';
import { answerSequenceQuestion, lookInside, tokenInsights } from './sequence-insights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const T = 8;
const V = 9;
const HEADS = 2;

const output: LayerSpec = { type: 'dense', units: V, activation: 'softmax' };
const transformer: ModelSpec = {
  layers: [
    { type: 'embedding', inputDim: V, outputDim: 16 },
    { type: 'positionalEmbedding' },
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'causalSelfAttention', heads: HEADS, keyDim: 8 },
      ],
    },
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'causalSelfAttention', heads: 1, keyDim: 4 },
      ],
    },
    output,
  ],
};
const lstm = (returnSequences: boolean): ModelSpec => ({
  layers: [
    { type: 'embedding', inputDim: V, outputDim: 6 },
    { type: 'lstm', units: 5, returnSequences },
    output,
  ],
});

const models: tf.LayersModel[] = [];
function build(spec: ModelSpec, seed = 4): tf.LayersModel {
  const model = buildModel(spec, [T], seed);
  models.push(model);
  return model;
}
afterAll(() => models.forEach((m) => m.dispose()));

type Question = Extract<WorkerCommand, { type: 'lookInside' | 'nextToken' | 'samples' }>;
async function ask<Q extends Question>(
  question: Q,
  model: tf.LayersModel | null,
  data: SequenceDataset | null = null,
): Promise<Extract<WorkerEvent, { type: Q['type'] }>> {
  const answer = await answerSequenceQuestion(question, model, data);
  expect(answer.type).toBe(question.type);
  return answer as Extract<WorkerEvent, { type: Q['type'] }>;
}

const sampling = { type: 'samples', requestId: 1, count: 5, maxLength: 20, topK: 0 } as const;

/** A reversal example: prompt 3 4 5, boundary, answer 5 4 3, padded to T + 1 tokens. */
const example = [3, 4, 5, BOUNDARY_ID, 5, 4, 3, PAD_ID, PAD_ID];
const data: SequenceDataset = {
  task: 'sequence',
  n: 1,
  inputShape: [T],
  x: Float32Array.from(example.slice(0, T)),
  targets: Int32Array.from([PAD_ID, PAD_ID, PAD_ID, 5, 4, 3, PAD_ID, PAD_ID]),
  numClasses: V,
  tokenizer: { kind: 'char', vocab: ['', '', '', 'a', 'b', 'c', 'd', 'e', 'f'] },
};

describe('lookInside on a transformer', () => {
  it('gives each head a causal map whose rows sum to 1, for a dataset example', async () => {
    const model = build(transformer);
    const before = tf.memory().numTensors;
    const inside = await ask(
      { type: 'lookInside', requestId: 1, source: { kind: 'example', row: 0 } },
      model,
      data,
    );
    expect(tf.memory().numTensors).toBe(before);
    // The example without its padding.
    expect(Array.from(inside.tokens)).toEqual([3, 4, 5, BOUNDARY_ID, 5, 4, 3]);
    const L = inside.tokens.length;
    expect(inside.hidden).toEqual([]);
    expect(inside.attention.map((a) => [a.layer, a.heads])).toEqual([
      ['residual_2_1_causalSelfAttention', HEADS],
      ['residual_3_1_causalSelfAttention', 1],
    ]);
    for (const { heads, weights } of inside.attention) {
      expect(weights).toHaveLength(heads * L * L);
      for (let h = 0; h < heads; h++) {
        for (let i = 0; i < L; i++) {
          const row = weights.subarray((h * L + i) * L, (h * L + i + 1) * L);
          expect(row.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
          // No position attends to a later one.
          for (let j = i + 1; j < L; j++) expect(row[j]).toBe(0);
        }
      }
    }
    // Position 0 can only look at itself.
    expect(inside.attention[0]?.weights[0]).toBeCloseTo(1, 6);
  });

  it('is what the layer itself gives on its input, and does not depend on the padding', async () => {
    const model = build(transformer);
    const tokens = Int32Array.of(BOUNDARY_ID, 3, 4);
    const inside = await lookInside(model, tokens);
    const layer = model.getLayer('residual_2_1_causalSelfAttention');
    const normed = tf.model({
      inputs: model.inputs,
      outputs: layer.input as tf.SymbolicTensor,
    });
    // The same prefix followed by other tokens instead of padding.
    const other = tf.tensor2d([[BOUNDARY_ID, 3, 4, 8, 7, 6, 5, 8]], [1, T]);
    const reference = tf.tidy(() => {
      const x = normed.predict(other) as tf.Tensor3D;
      const weights = (
        layer as unknown as { attentionWeights(x: tf.Tensor3D): tf.Tensor4D }
      ).attentionWeights(x);
      return weights.slice([0, 0, 0, 0], [1, HEADS, 3, 3]);
    });
    const expected = await reference.data();
    tf.dispose([other, reference]);
    const got = inside.attention[0]?.weights ?? new Float32Array(0);
    expect(got).toHaveLength(expected.length);
    got.forEach((w, i) => expect(w).toBeCloseTo(expected[i] as number, 5));
  });

  it('answers nothing for an example the dataset does not have, or without a model', async () => {
    const model = build(transformer);
    await expect(
      ask({ type: 'lookInside', requestId: 1, source: { kind: 'example', row: 5 } }, model, data),
    ).rejects.toThrow(/example 5/);
    const none = await ask(
      { type: 'lookInside', requestId: 2, source: { kind: 'example', row: 0 } },
      null,
      data,
    );
    expect(none.attention).toEqual([]);
  });
});

describe('hidden states of an LSTM', () => {
  it('are the layer output per position, the same whether it returns sequences or not', async () => {
    const sequences = build(lstm(true));
    const last = build(lstm(false));
    last.setWeights(sequences.getWeights());
    const tokens = Int32Array.of(BOUNDARY_ID, 3, 6, 4, 8);
    const before = tf.memory().numTensors;
    const a = await lookInside(sequences, tokens);
    const b = await lookInside(last, tokens);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.attention).toEqual([]);
    expect(a.hidden.map((h) => [h.layer, h.units, h.values.length])).toEqual([
      ['lstm_1', 5, 5 * tokens.length],
    ]);
    const values = b.hidden[0]?.values ?? new Float32Array(0);
    a.hidden[0]?.values.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
    // The state changes along the sequence, and stays within tanh's range.
    expect(values.some((v) => v !== values[0])).toBe(true);
    expect(values.every((v) => Math.abs(v) < 1)).toBe(true);
  });
});

describe('nextToken', () => {
  it("is the model's distribution at the prefix's last position", async () => {
    for (const spec of [transformer, lstm(true)]) {
      const model = build(spec);
      const prefix = [BOUNDARY_ID, 5, 3];
      const answer = await ask(
        { type: 'nextToken', requestId: 1, tokens: Int32Array.from(prefix) },
        model,
      );
      expect(answer.probabilities).toHaveLength(V);
      expect(answer.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      const full = tf.tensor2d([[...prefix, 7, 7, 7, 7, 7]], [1, T]);
      const out = model.predict(full) as tf.Tensor;
      const expected = (await out.array()) as number[][][];
      tf.dispose([full, out]);
      answer.probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[0]?.[2]?.[i] ?? -1, 5));
    }
  });
});

describe('samples', () => {
  it('are the same for the same seed, differ for another, and stay within the context', async () => {
    const model = build(transformer);
    const before = tf.memory().numTensors;
    const first = await ask({ ...sampling, temperature: 1.5, seed: 9 }, model);
    const again = await ask({ ...sampling, temperature: 1.5, seed: 9 }, model);
    const other = await ask({ ...sampling, temperature: 1.5, seed: 10 }, model);
    expect(tf.memory().numTensors).toBe(before);
    expect(again).toEqual(first);
    expect(other.tokens).not.toEqual(first.tokens);
    expect(first.lengths).toHaveLength(5);
    expect(first.tokens).toHaveLength(first.lengths.reduce((s, n) => s + n, 0));
    for (const length of first.lengths) expect(length).toBeLessThanOrEqual(T);
    for (const token of first.tokens) {
      expect([PAD_ID, BOUNDARY_ID]).not.toContain(token);
      expect(token).toBeLessThan(V);
    }
  });

  it('of an LSTM are deterministic too, and empty without a model', async () => {
    const model = build(lstm(true));
    const first = await ask({ ...sampling, temperature: 1, seed: 3 }, model);
    expect(await ask({ ...sampling, temperature: 1, seed: 3 }, model)).toEqual(first);
    const none = await ask({ ...sampling, temperature: 1, seed: 3 }, null);
    expect(none.lengths).toHaveLength(0);
  });
});

describe('tokenInsights', () => {
  it("counts the model's answers on answer positions only", async () => {
    const model = build(transformer);
    const n = 3;
    const xs = tf.tensor2d(
      Array.from({ length: n }, () => example.slice(0, T)),
      [n, T],
    );
    const targets = new Int32Array(n * T);
    for (let i = 0; i < n; i++) targets.set(data.targets, i * T);
    const before = tf.memory().numTensors;
    const insights = await tokenInsights(model, xs, targets, 2);
    expect(tf.memory().numTensors).toBe(before);
    const out = model.predict(xs) as tf.Tensor;
    const predicted = (await out.argMax(-1).array()) as number[][];
    tf.dispose([xs, out]);
    expect(insights).not.toBeNull();
    if (!insights) return;
    expect(Array.from(insights.positionCount)).toEqual([0, 0, 0, 3, 3, 3, 0, 0]);
    const right = [3, 4, 5].map((t) => (predicted[0]?.[t] === data.targets[t] ? 3 : 0));
    expect(Array.from(insights.positionCorrect)).toEqual([0, 0, 0, ...right, 0, 0]);
    expect(insights.confusion.reduce((s, c) => s + c, 0)).toBe(9);
    expect(insights.vocabSize).toBe(V);
  });
});
