import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../core/protocol';
import { buildModel } from './build';
import { answerExport, exportLayersModel } from './export-tfjs';
import { PRESETS } from '../../core/model/presets';
import type { ModelSpec } from '../../core/model/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every layer type the presets leave out, with non-default options. */
const otherLayers: ModelSpec = {
  layers: [
    { type: 'reshape', targetShape: [6, 6, 2] },
    {
      type: 'conv2d',
      filters: 4,
      kernelSize: [3, 2],
      strides: 2,
      padding: 'same',
      activation: 'elu',
    },
    { type: 'batchNormalization', momentum: 0.9, epsilon: 0.01 },
    { type: 'dropout', rate: 0.3 },
    { type: 'averagePooling2d', poolSize: 2, strides: 1, padding: 'same' },
    { type: 'activation', activation: 'tanh' },
    { type: 'flatten' },
    { type: 'dense', units: 5, activation: 'selu', useBias: false },
    { type: 'batchNormalization' },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

interface Case {
  name: string;
  spec: ModelSpec;
  inputShape: number[];
}

const cases: Case[] = [
  ...PRESETS.flatMap((preset) =>
    preset.needsImages
      ? [{ name: preset.id, spec: preset.spec(10, 3), inputShape: [28, 28, 1] }]
      : [
          { name: `${preset.id} on rows`, spec: preset.spec(3, 1), inputShape: [4] },
          { name: `${preset.id} on images`, spec: preset.spec(4, 3), inputShape: [8, 8, 1] },
        ],
  ),
  {
    name: 'reshape, conv, batch norm, dropout, pooling, activation',
    spec: otherLayers,
    inputShape: [72],
  },
];

/** Random weights everywhere, so biases and batch-norm statistics matter to the outputs. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) =>
    w.originalName.endsWith('moving_variance')
      ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed + i)
      : tf.randomUniform(w.shape as number[], -0.2, 0.2, 'float32', seed + i),
  );
  model.setWeights(values);
  tf.dispose(values);
}

async function loadExported(modelJson: string, weights: ArrayBuffer): Promise<tf.LayersModel> {
  const json = JSON.parse(modelJson) as tf.io.ModelJSON;
  const [group] = json.weightsManifest;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: group!.weights,
      weightData: weights,
    }),
  );
}

describe('exportLayersModel', () => {
  it.each(cases)('writes the TF.js layers format: $name', async ({ spec, inputShape }) => {
    const model = buildModel(spec, inputShape, 7);
    const { modelJson, weights } = await exportLayersModel(model);
    const json = JSON.parse(modelJson) as Record<string, unknown> & tf.io.ModelJSON;

    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toBe(`TensorFlow.js tfjs-layers v${tf.version_layers}`);
    expect(json.convertedBy).toBeNull();
    expect(json.modelTopology).toMatchObject({ class_name: 'Sequential' });
    expect(json.weightsManifest).toHaveLength(1);
    const [group] = json.weightsManifest;
    expect(group!.paths).toEqual(['weights.bin']);
    expect(group!.weights.map((w) => w.name)).toEqual(model.weights.map((w) => w.originalName));
    const floats = group!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(weights.byteLength).toBe(floats * 4);
    model.dispose();
  });

  it.each(cases)('loads back with the same predictions: $name', async ({ spec, inputShape }) => {
    const model = buildModel(spec, inputShape, 11);
    randomizeWeights(model, 3);
    const { modelJson, weights } = await exportLayersModel(model);
    const loaded = await loadExported(modelJson, weights);

    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    const inputs = tf.randomNormal([10, ...inputShape], 0, 1, 'float32', 5);
    const [expected, actual] = [model, loaded].map((m) => m.predict(inputs) as tf.Tensor);
    const diff = tf.max(tf.abs(tf.sub(expected!, actual!)));
    expect(diff.dataSync()[0]).toBeLessThan(1e-5);
    // Not vacuous: the outputs vary from example to example.
    expect(tf.moments(expected!, 0).variance.max().dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([inputs, expected!, actual!, diff]);
    model.dispose();
    loaded.dispose();
  });

  it('leaves the optimizer state out of a trained model', async () => {
    const spec = PRESETS.find((p) => p.id === 'mlp')!.spec(3, 1);
    const model = buildModel(spec, [4], 1);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const xs = tf.randomNormal([8, 4], 0, 1, 'float32', 2);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
    await model.fit(xs, ys, { epochs: 1, verbose: 0 });

    const { modelJson, weights } = await exportLayersModel(model);
    const json = JSON.parse(modelJson) as tf.io.ModelJSON;
    expect(json.weightsManifest[0]!.weights.map((w) => w.name)).toEqual(
      model.weights.map((w) => w.originalName),
    );
    const loaded = await loadExported(modelJson, weights);
    const trained = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(trained);
    tf.dispose([xs, ys]);
    model.dispose();
    loaded.dispose();
  });
});

describe('answerExport', () => {
  it('answers with an exported event the protocol accepts', async () => {
    const model = buildModel(PRESETS[0]!.spec(2, 1), [2], 1);
    const event = await answerExport(model, 42);
    const parsed = parseEvent(event);
    expect(parsed.ok).toBe(true);
    expect(event).toMatchObject({ type: 'exported', requestId: 42 });
    expect(event.weights.byteLength).toBe((2 * 2 + 2) * 4);
    model.dispose();
  });
});
