import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../core/errors';
import { buildModel } from '../../engine/model/build';
import { exportLayersModel } from '../../engine/model/export-tfjs';
import { lenetSpec, mlpSpec } from '../../core/model/presets';
import type { ModelSpec } from '../../core/model/spec';
import { exportMatches } from './export-matches';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function exportOf(spec: ModelSpec, inputShape: number[]): Promise<string> {
  const model = buildModel(spec, inputShape, 1);
  const { modelJson } = await exportLayersModel(model);
  model.dispose();
  return modelJson;
}

describe('exportMatches', () => {
  it('accepts the export of the same spec and input shape', async () => {
    const spec = lenetSpec(10);
    expect(exportMatches(await exportOf(spec, [28, 28, 1]), spec, [28, 28, 1])).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('refuses an export of a spec edited since', async () => {
    const json = await exportOf(mlpSpec(3), [4]);
    const edits: ModelSpec[] = [
      mlpSpec(4),
      { layers: [{ type: 'dense', units: 32, activation: 'relu' }, ...mlpSpec(3).layers.slice(1)] },
      {
        layers: [
          ...mlpSpec(3).layers.slice(0, 2),
          { type: 'dropout', rate: 0.1 },
          ...mlpSpec(3).layers.slice(2),
        ],
      },
    ];
    for (const spec of edits) {
      const result = exportMatches(json, spec, [4]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBeInstanceOf(InvalidStateError);
    }
    // A dropout added at the end changes no weight, only the layers.
    const withDropout: ModelSpec = {
      layers: [...mlpSpec(3).layers, { type: 'dropout', rate: 0.5 }],
    };
    expect(exportMatches(json, withDropout, [4]).ok).toBe(false);
  });

  it('refuses an export for another input shape', async () => {
    const spec: ModelSpec = {
      layers: [{ type: 'flatten' }, { type: 'dense', units: 2, activation: 'softmax' }],
    };
    const json = await exportOf(spec, [2, 3, 1]);
    expect(exportMatches(json, spec, [3, 2, 1]).ok).toBe(false);
    expect(exportMatches(json, spec, [2, 3, 1]).ok).toBe(true);
  });

  it('checks a functional model (residual blocks) by its layers, blocks opened, and its input', async () => {
    const block = (units: number): ModelSpec['layers'][number] => ({
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'dense', units, activation: 'relu' },
        { type: 'dense', units: 8, activation: 'linear' },
      ],
    });
    const spec = (units: number, extra: ModelSpec['layers'] = []): ModelSpec => ({
      layers: [
        { type: 'embedding', inputDim: 7, outputDim: 8 },
        block(units),
        ...extra,
        { type: 'dense', units: 7, activation: 'softmax' },
      ],
    });
    const json = await exportOf(spec(16), [5]);
    expect(exportMatches(json, spec(16), [5]).ok).toBe(true);
    expect(exportMatches(json, spec(16), [6]).ok).toBe(false);
    expect(exportMatches(json, spec(12), [5]).ok).toBe(false);
    // A block with no weights of its own still changes the layers.
    const noWeights: ModelSpec['layers'][number] = {
      type: 'residual',
      layers: [{ type: 'dropout', rate: 0.1 }],
    };
    expect(exportMatches(json, spec(16, [noWeights]), [5]).ok).toBe(false);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const result = exportMatches(text, mlpSpec(2), [2]);
        expect(result.ok).toBe(false);
      }),
    );
  });
});
