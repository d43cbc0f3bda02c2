import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from './build';
import { inferModel } from '../../core/model/inference';
import {
  lenetSpec,
  logisticRegressionSpec,
  mlpSpec,
  PRESETS,
  smallCnnSpec,
  TEXT_PRESETS,
} from '../../core/model/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const digits = [28, 28, 1];

describe('presets', () => {
  it('builds LeNet as described: two convolutions, two pools, three dense layers', () => {
    expect(lenetSpec(10).layers).toEqual([
      { type: 'conv2d', filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 120, activation: 'relu' },
      { type: 'dense', units: 84, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
  });

  it('keeps the small CNN small: one 3x3 convolution, a pool and the output', () => {
    const summary = inferModel(smallCnnSpec(10), digits);
    expect(summary.ok && summary.value.layers.map((l) => l.outputShape)).toEqual([
      [26, 26, 8],
      [13, 13, 8],
      [1352],
      [10],
    ]);
    expect(summary.ok && summary.value.totalParams).toBe(80 + 13_530);
  });

  it('flattens images before dense-only presets, and leaves flat rows alone', () => {
    expect(logisticRegressionSpec(3).layers).toEqual([
      { type: 'dense', units: 3, activation: 'softmax' },
    ]);
    expect(logisticRegressionSpec(10, 3).layers[0]).toEqual({ type: 'flatten' });
    expect(mlpSpec(3).layers.map((l) => l.type)).toEqual(['dense', 'dense', 'dense']);
    expect(mlpSpec(10, 3).layers.map((l) => l.type)).toEqual([
      'flatten',
      'dense',
      'dense',
      'dense',
    ]);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s ends in one softmax unit per class and matches TF.js where it applies',
    (_, preset) => {
      const inputs = preset.needsImages ? [digits] : [[2], [7], digits];
      for (const inputShape of inputs) {
        const spec = preset.spec(4, inputShape.length);
        expect(spec.layers.at(-1)).toEqual({ type: 'dense', units: 4, activation: 'softmax' });
        const summary = inferModel(spec, inputShape);
        if (!summary.ok) throw summary.error;
        expect(summary.value.outputShape).toEqual([4]);
        const model = buildModel(spec, inputShape, 1);
        expect(model.countParams()).toBe(summary.value.totalParams);
        model.dispose();
      }
    },
  );

  it('marks the CNNs as needing images, and they refuse flat rows naming the first layer', () => {
    const cnns = PRESETS.filter((p) => p.needsImages).map((p) => p.id);
    expect(cnns).toEqual(['small-cnn', 'lenet']);
    for (const preset of PRESETS.filter((p) => p.needsImages)) {
      const result = inferModel(preset.spec(2, 1), [2]);
      expect(!result.ok && result.error.layerIndex).toBe(0);
    }
  });

  it('has unique ids and labels', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.label)).size).toBe(PRESETS.length);
  });

  it.each(TEXT_PRESETS.map((p) => [p.id, p] as const))(
    '%s takes token ids, ends in a softmax over its outputs and matches TF.js',
    (_, preset) => {
      // Names: 16 positions, 30 tokens; text classification: 40 ids of 300 words, 2 classes.
      const [length, vocabulary, outputs] =
        preset.task === 'sequence' ? [16, 30, 30] : [40, 300, 2];
      const spec = preset.spec(outputs, vocabulary);
      expect(spec.layers[0]).toMatchObject({ type: 'embedding', inputDim: vocabulary });
      expect(spec.layers.at(-1)).toEqual({ type: 'dense', units: outputs, activation: 'softmax' });
      const summary = inferModel(spec, [length]);
      if (!summary.ok) throw summary.error;
      expect(summary.value.outputShape).toEqual(
        preset.task === 'sequence' ? [length, outputs] : [outputs],
      );
      const model = buildModel(spec, [length], 1);
      expect(model.countParams()).toBe(summary.value.totalParams);
      expect(model.outputs[0]?.shape).toEqual([null, ...summary.value.outputShape]);
      model.dispose();
    },
  );
});
