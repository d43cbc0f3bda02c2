import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferModel } from './inference';
import { lenetSpec } from './presets';
import type { ModelSpec } from './spec';
import { invalidStackArb } from './test-arbitraries';

const mlp: ModelSpec = {
  layers: [
    { type: 'dense', units: 16, activation: 'tanh' },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 3, activation: 'linear', useBias: false },
    { type: 'activation', activation: 'softmax' },
  ],
};

describe('inferModel', () => {
  it('gives shapes and parameter counts per layer', () => {
    expect(inferModel(mlp, [2])).toEqual({
      ok: true,
      value: {
        inputShape: [2],
        layers: [
          { index: 0, type: 'dense', outputShape: [16], params: 2 * 16 + 16 },
          { index: 1, type: 'dropout', outputShape: [16], params: 0 },
          { index: 2, type: 'dense', outputShape: [3], params: 16 * 3 },
          { index: 3, type: 'activation', outputShape: [3], params: 0 },
        ],
        outputShape: [3],
        totalParams: 48 + 48,
      },
    });
  });

  it('applies dense layers to the last axis only', () => {
    const result = inferModel(mlp, [5, 7]);
    expect(result.ok && result.value.outputShape).toEqual([5, 3]);
    expect(result.ok && result.value.totalParams).toBe(7 * 16 + 16 + 16 * 3);
  });

  it.each([[[]], [[0]], [[2, -1]], [[1.5]], [[NaN]], [[Infinity]]])(
    'refuses the input shape %j',
    (shape) => {
      const result = inferModel(mlp, shape);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid-spec');
      expect(result.error.layerIndex).toBeNull();
      expect(result.error.message).toMatch(/input shape/);
    },
  );

  it('refuses what validateSpec refuses', () => {
    const spec: ModelSpec = { layers: [{ type: 'dense', units: 0, activation: 'relu' }] };
    const result = inferModel(spec, [2]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.layerIndex).toBe(0);
  });

  it('follows convolutions, pooling and flatten through LeNet on 28x28 digits', () => {
    const result = inferModel(lenetSpec(10), [28, 28, 1]);
    expect(result.ok && result.value.layers.map((l) => [l.outputShape, l.params])).toEqual([
      [[28, 28, 6], 5 * 5 * 6 + 6],
      [[14, 14, 6], 0],
      [[10, 10, 16], 5 * 5 * 6 * 16 + 16],
      [[5, 5, 16], 0],
      [[400], 0],
      [[120], 400 * 120 + 120],
      [[84], 120 * 84 + 84],
      [[10], 84 * 10 + 10],
    ]);
    // Keras reports 61,706 parameters for this LeNet.
    expect(result.ok && result.value.totalParams).toBe(61_706);
  });

  it('counts gamma, beta, moving mean and moving variance for batch normalization', () => {
    const spec: ModelSpec = { layers: [{ type: 'batchNormalization' }] };
    const result = inferModel(spec, [4, 4, 3]);
    expect(result.ok && result.value.layers[0]).toEqual({
      index: 0,
      type: 'batchNormalization',
      outputShape: [4, 4, 3],
      params: 12,
    });
  });

  it('rounds strided windows as TF.js does: up with same padding, whole windows with valid', () => {
    const shapes = (padding: 'same' | 'valid') => {
      const spec: ModelSpec = {
        layers: [
          {
            type: 'conv2d',
            filters: 2,
            kernelSize: [3, 2],
            strides: [2, 3],
            padding,
            activation: 'relu',
          },
          { type: 'averagePooling2d', poolSize: 2, padding },
        ],
      };
      const result = inferModel(spec, [7, 8, 1]);
      return result.ok && result.value.layers.map((l) => l.outputShape);
    };
    expect(shapes('same')).toEqual([
      [4, 3, 2],
      [2, 2, 2],
    ]);
    expect(shapes('valid')).toEqual([
      [3, 3, 2],
      [1, 1, 2],
    ]);
  });

  it('lets a kernel larger than its input through with same padding, as Keras does', () => {
    const spec: ModelSpec = {
      layers: [{ type: 'conv2d', filters: 1, kernelSize: 5, padding: 'same', activation: 'relu' }],
    };
    const result = inferModel(spec, [2, 2, 1]);
    expect(result.ok && result.value.outputShape).toEqual([2, 2, 1]);
  });

  it('counts the weights of sequence layers as TF.js does, through residual blocks', () => {
    const spec: ModelSpec = {
      layers: [
        { type: 'embedding', inputDim: 30, outputDim: 64 },
        { type: 'positionalEmbedding' },
        {
          type: 'residual',
          layers: [
            { type: 'layerNormalization' },
            { type: 'causalSelfAttention', heads: 4, keyDim: 16 },
          ],
        },
        { type: 'simpleRNN', units: 8, returnSequences: true },
        { type: 'gru', units: 8, returnSequences: true },
        { type: 'conv1d', filters: 5, kernelSize: 3, strides: 2, activation: 'relu' },
        { type: 'lstm', units: 6, returnSequences: false },
      ],
    };
    const result = inferModel(spec, [16]);
    expect(result.ok && result.value.layers.map((l) => [l.outputShape, l.params])).toEqual([
      [[16, 64], 30 * 64],
      [[16, 64], 16 * 64],
      // gamma and beta, then query, key and value (kernel and bias) and the output projection.
      [[16, 64], 2 * 64 + 3 * (64 * 64 + 64) + 64 * 64 + 64],
      [[16, 8], 8 * (64 + 8 + 1)],
      [[16, 8], 3 * 8 * (8 + 8 + 1)],
      [[7, 5], 3 * 8 * 5 + 5],
      [[6], 4 * 6 * (5 + 6 + 1)],
    ]);
  });

  const conv = { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' } as const;
  it.each<[string, ModelSpec, number[], number, RegExp]>([
    [
      'conv after flatten',
      { layers: [{ type: 'flatten' }, conv] },
      [28, 28, 1],
      1,
      /^Layer 2 \(conv2d\): needs an input of shape \[height, width, channels\], got \[784\]; put a reshape/,
    ],
    [
      'conv on points',
      { layers: [conv] },
      [2],
      0,
      /^Layer 1 \(conv2d\): needs an input of shape .*got \[2\]/,
    ],
    [
      'pooling on a rank-4 input',
      { layers: [{ type: 'maxPooling2d', poolSize: 2 }] },
      [4, 4, 4, 4],
      0,
      /^Layer 1 \(maxPooling2d\): needs .*got \[4, 4, 4, 4\]; put a reshape or flatten/,
    ],
    [
      'a kernel larger than its input',
      { layers: [{ type: 'maxPooling2d', poolSize: 2 }, conv] },
      [5, 5, 1],
      1,
      /^Layer 2 \(conv2d\): its 3x3 kernel is larger than its 2x2 input; use a smaller kernel or 'same' padding\.$/,
    ],
    [
      'a pool window taller than its input',
      { layers: [{ type: 'averagePooling2d', poolSize: [4, 1] }] },
      [3, 9, 2],
      0,
      /^Layer 1 \(averagePooling2d\): its 4x1 pool window is larger than its 3x9 input/,
    ],
    [
      'flatten on flat rows',
      { layers: [{ type: 'flatten' }] },
      [4],
      0,
      /^Layer 1 \(flatten\): needs an input with at least 2 axes, got \[4\]/,
    ],
    [
      'a reshape that changes the count',
      {
        layers: [
          { type: 'dense', units: 10, activation: 'relu' },
          { type: 'reshape', targetShape: [3, 3] },
        ],
      },
      [4],
      1,
      /^Layer 2 \(reshape\): targetShape \[3, 3\] holds 9 values, but its input \[10\] holds 10/,
    ],
    [
      'an embedding of embedded tokens',
      {
        layers: [
          { type: 'embedding', inputDim: 5, outputDim: 4 },
          { type: 'embedding', inputDim: 5, outputDim: 4 },
        ],
      },
      [6],
      1,
      /^Layer 2 \(embedding\): needs a list of token ids of shape \[length\], got \[6, 4\]/,
    ],
    [
      'an RNN on flat rows',
      { layers: [{ type: 'lstm', units: 4, returnSequences: false }] },
      [6],
      0,
      /^Layer 1 \(lstm\): needs an input of shape \[length, features\], got \[6\]; put an embedding/,
    ],
    [
      'attention on images',
      { layers: [{ type: 'causalSelfAttention', heads: 2, keyDim: 4 }] },
      [4, 4, 1],
      0,
      /^Layer 1 \(causalSelfAttention\): needs an input of shape \[length, features\], got \[4, 4, 1\]; put a reshape/,
    ],
    [
      'a conv1d kernel longer than its input',
      { layers: [{ type: 'conv1d', filters: 2, kernelSize: 5, activation: 'relu' }] },
      [3, 2],
      0,
      /^Layer 1 \(conv1d\): its kernel of 5 steps is longer than its input of 3/,
    ],
    [
      'a block whose output is not its input shape',
      {
        layers: [
          { type: 'embedding', inputDim: 5, outputDim: 4 },
          {
            type: 'residual',
            layers: [
              { type: 'layerNormalization' },
              { type: 'dense', units: 8, activation: 'relu' },
            ],
          },
        ],
      },
      [6],
      1,
      /^Layer 2 \(residual\): its layer 2 \(dense\) gives \[6, 8\], but the block adds its output to its input \[6, 4\]; the shapes must match\.$/,
    ],
    [
      'a layer in a block that does not fit',
      {
        layers: [
          { type: 'dense', units: 4, activation: 'relu' },
          { type: 'residual', layers: [{ type: 'gru', units: 4, returnSequences: true }] },
        ],
      },
      [3],
      1,
      /^Layer 2 \(residual\): its layer 1 \(gru\): needs an input of shape \[length, features\], got \[4\]/,
    ],
    [
      'more than 50 million parameters',
      {
        layers: [
          { type: 'dense', units: 4096, activation: 'relu' },
          { type: 'dense', units: 4096, activation: 'relu' },
          { type: 'dense', units: 4096, activation: 'relu' },
          { type: 'dense', units: 4096, activation: 'relu' },
        ],
      },
      [4096],
      2,
      /^Layer 3 \(dense\): the model reaches 50,343,936 parameters here, more than the 50,000,000/,
    ],
    [
      'an output too large to hold',
      { layers: [{ ...conv, filters: 4096, padding: 'same' }] },
      [128, 128, 1],
      0,
      /^Layer 1 \(conv2d\): its output \[128, 128, 4096\] holds 67,108,864 values per example/,
    ],
  ])('refuses %s naming the layer', (_, spec, inputShape, layerIndex, message) => {
    const result = inferModel(spec, inputShape);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-spec');
    expect(result.error.layerIndex).toBe(layerIndex);
    expect(result.error.message).toMatch(message);
  });

  it('refuses an input too large to hold', () => {
    const result = inferModel(mlp, [5000, 5000, 1]);
    expect(!result.ok && result.error.message).toMatch(
      /^The input shape \[5000, 5000, 1\] holds more than 16,777,216/,
    );
  });

  it('refuses stacks with a layer that does not fit, naming that layer', () => {
    fc.assert(
      fc.property(invalidStackArb, ({ spec, inputShape, badIndex }) => {
        const result = inferModel(spec, inputShape);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.layerIndex).toBe(badIndex);
        const type = spec.layers[badIndex]?.type ?? '';
        expect(result.error.message.startsWith(`Layer ${badIndex + 1} (${type}): `)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
