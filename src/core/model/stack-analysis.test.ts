import { describe, expect, it } from 'vitest';
import type { LayerSpec } from './spec';
import { analyseStack, outputLayerFor, specFor } from './stack-analysis';

const points = { task: 'classification' as const, numClasses: 3, inputShape: [2] };
const digits = { task: 'classification' as const, numClasses: 10, inputShape: [28, 28, 1] };
const sine = { task: 'regression' as const, numClasses: 0, inputShape: [1] };

describe('stack analysis', () => {
  it('appends the output the dataset dictates', () => {
    expect(outputLayerFor(points)).toEqual({ type: 'dense', units: 3, activation: 'softmax' });
    expect(outputLayerFor(sine)).toEqual({ type: 'dense', units: 1, activation: 'linear' });
    expect(specFor([], sine).layers).toHaveLength(1);
  });

  it('gives every row its shape and parameters and the total', () => {
    const layers: LayerSpec[] = [{ type: 'dense', units: 4, activation: 'relu' }];
    const analysis = analyseStack(layers, points);
    expect(analysis.rows.map((r) => r?.outputShape)).toEqual([[4], [3]]);
    expect(analysis.rows.map((r) => r?.params)).toEqual([12, 15]);
    expect(analysis.totalParams).toBe(27);
    expect(analysis.error).toBeNull();
  });

  it('marks the layer that breaks the stack and keeps the shapes before it', () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
      { type: 'conv2d', filters: 2, kernelSize: 40, activation: 'relu' },
      { type: 'flatten' },
    ];
    const analysis = analyseStack(layers, digits);
    expect(analysis.error?.layerIndex).toBe(1);
    expect(analysis.error?.message).toMatch(/^Layer 2 \(conv2d\): .*larger than/);
    expect(analysis.rows[0]?.outputShape).toEqual([26, 26, 2]);
    expect(analysis.rows[1]).toBeNull();
    expect(analysis.totalParams).toBeNull();
  });

  it('marks the output when the stack leaves it more than one axis', () => {
    const analysis = analyseStack([{ type: 'dense', units: 4, activation: 'relu' }], digits);
    expect(analysis.error?.layerIndex).toBe(1);
    expect(analysis.error?.message).toMatch(/flatten/);
  });

  it('has nothing to say without a dataset, and memoises on the stack', () => {
    const layers: LayerSpec[] = [];
    expect(analyseStack(layers, null)).toEqual({
      rows: [null],
      inner: [],
      totalParams: null,
      error: null,
    });
    const once = analyseStack(layers, points);
    expect(analyseStack(layers, { ...points, inputShape: [2] })).toBe(once);
    expect(analyseStack([], points)).not.toBe(once);
  });
});

const vocab = (size: number) => Array.from({ length: size }, (_, i) => String.fromCharCode(97 + i));
/** Names as next-token prediction: 16 positions, 28 tokens. */
const names = {
  task: 'sequence' as const,
  numClasses: 28,
  inputShape: [16],
  tokenizer: { kind: 'char' as const, vocab: vocab(28) },
};
/** Mail as text classification: 40 token ids per mail, 2 classes. */
const mail = {
  task: 'classification' as const,
  numClasses: 2,
  inputShape: [40],
  tokenizer: { kind: 'word' as const, vocab: vocab(26) },
};

const embedding = (outputDim: number): LayerSpec => ({
  type: 'embedding',
  inputDim: 28,
  outputDim,
});
const norm: LayerSpec = { type: 'layerNormalization' };
const attention: LayerSpec = { type: 'causalSelfAttention', heads: 2, keyDim: 8 };
const block = (...layers: LayerSpec[]): LayerSpec => ({ type: 'residual', layers });

describe('stack analysis of residual blocks', () => {
  it('gives each layer inside a block its shape and parameters, summing to the block', () => {
    const layers = [embedding(16), block(norm, attention), block(norm)];
    const analysis = analyseStack(layers, names);
    expect(analysis.error).toBeNull();
    const inner = analysis.inner[1] ?? [];
    expect(inner.map((row) => row?.outputShape)).toEqual([
      [16, 16],
      [16, 16],
    ]);
    // Layer norm: gamma and beta per feature; attention: query, key and value [16, 2, 8] with
    // biases [2, 8], the output [2, 8, 16] with its bias [16].
    expect(inner.map((row) => row?.params)).toEqual([32, 3 * (16 * 16 + 16) + 16 * 16 + 16]);
    expect(analysis.rows[1]?.params).toBe(inner.reduce((sum, row) => sum + (row?.params ?? 0), 0));
    expect(analysis.inner[0]).toBeNull();
    expect(analysis.inner[2]?.map((row) => row?.params)).toEqual([32]);
    expect(analysis.rows.at(-1)?.outputShape).toEqual([16, 28]);
    const total = analysis.rows.reduce((sum, row) => sum + (row?.params ?? 0), 0);
    expect(analysis.totalParams).toBe(total);
  });

  it('marks the inner layer whose output cannot be added to the block’s input', () => {
    const dense = (units: number): LayerSpec => ({ type: 'dense', units, activation: 'relu' });
    const analysis = analyseStack([embedding(16), block(norm, dense(64), dense(32))], names);
    expect(analysis.error).toMatchObject({ layerIndex: 1, innerIndex: 2 });
    expect(analysis.error?.message).toMatch(/^Layer 2 \(residual\)/);
    expect(analysis.inner[1]?.map((row) => row?.outputShape)).toEqual([
      [16, 16],
      [16, 64],
      [16, 32],
    ]);
    expect(analysis.totalParams).toBeNull();
    const fixed = analyseStack([embedding(16), block(norm, dense(64), dense(16))], names);
    expect(fixed.error).toBeNull();
  });

  it('marks the inner layer that cannot take its input and keeps the shapes before it', () => {
    const conv: LayerSpec = { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' };
    const analysis = analyseStack([embedding(16), block(norm, conv)], names);
    expect(analysis.error).toMatchObject({ layerIndex: 1, innerIndex: 1 });
    expect(analysis.error?.message).toMatch(/conv2d/);
    expect(analysis.inner[1]?.[0]?.outputShape).toEqual([16, 16]);
    expect(analysis.inner[1]?.[1]).toBeNull();
    expect(analysis.rows[0]?.outputShape).toEqual([16, 16]);
  });
});

describe('stack analysis of sequence and text outputs', () => {
  const lstm = (returnSequences: boolean): LayerSpec => ({
    type: 'lstm',
    units: 8,
    returnSequences,
  });

  it('predicts the vocabulary at every position for next-token prediction', () => {
    const analysis = analyseStack([embedding(8), lstm(true)], names);
    expect(analysis.error).toBeNull();
    expect(analysis.rows.map((row) => row?.outputShape)).toEqual([
      [16, 8],
      [16, 8],
      [16, 28],
    ]);
  });

  it('names the layer that reduces the sequence before a next-token output', () => {
    const rnn = analyseStack([embedding(8), lstm(false)], names);
    expect(rnn.error?.layerIndex).toBe(1);
    expect(rnn.error?.message).toMatch(
      /^Layer 2 \(lstm\) turns the sequence into one vector \[8\]/,
    );
    expect(rnn.error?.message).toMatch(/\[16, 28\].*turn on Return sequences/);
    expect(rnn.totalParams).toBeNull();
    const pooled = analyseStack([embedding(8), { type: 'globalAveragePooling1d' }], names);
    expect(pooled.error?.layerIndex).toBe(1);
    expect(pooled.error?.message).toMatch(/remove it/);
  });

  it('asks a text classifier to reduce [length, width] to one vector, suggesting how', () => {
    const analysis = analyseStack([embedding(8), lstm(true)], mail);
    expect(analysis.error?.layerIndex).toBe(2);
    expect(analysis.error?.message).toMatch(
      /\[40, 2\] per example.*global average pooling 1D, an RNN without Return sequences, or a flatten/,
    );
    expect(analyseStack([embedding(8), lstm(false)], mail).error).toBeNull();
    expect(analyseStack([embedding(8), { type: 'globalAveragePooling1d' }], mail).error).toBeNull();
  });

  it('asks for an embedding first on text', () => {
    const dense: LayerSpec = { type: 'dense', units: 4, activation: 'relu' };
    const analysis = analyseStack([dense], mail);
    expect(analysis.error?.layerIndex).toBe(0);
    expect(analysis.error?.message).toMatch(
      /^Layer 1 \(dense\): this dataset is text.*vocabulary of 26; start the model with an embedding/,
    );
    expect(analyseStack([], names).error?.message).toMatch(/^The output: .*embedding/);
    expect(analyseStack([dense], points).error).toBeNull();
  });
});
