import { describe, expect, it } from 'vitest';
import { inferModel } from './inference';
import type { ModelSpec } from './spec';

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
});
