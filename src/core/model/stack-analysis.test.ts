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
    expect(analyseStack(layers, null)).toEqual({ rows: [null], totalParams: null, error: null });
    const once = analyseStack(layers, points);
    expect(analyseStack(layers, { ...points, inputShape: [2] })).toBe(once);
    expect(analyseStack([], points)).not.toBe(once);
  });
});
