import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSpecError } from '../../core/errors';
import { buildModel } from './build';
import { exportLayersModel } from './export-tfjs';
import { inferModel } from '../../core/model/inference';
import { kerasScript, weightNames, weightShapes } from '../../core/model/keras-script';
import { PRESETS } from '../../core/model/presets';
import type { ModelSpec } from '../../core/model/spec';
import { validStackArb } from '../../core/model/test-arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FILES = { weightsFile: 'weights.bin', modelJsonFile: 'model.json' } as const;

const everyLayer: ModelSpec = {
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
    { type: 'conv2d', filters: 2, kernelSize: 1, activation: 'linear', useBias: false },
    { type: 'maxPooling2d', poolSize: [2, 1] },
    { type: 'activation', activation: 'tanh' },
    { type: 'flatten' },
    { type: 'dense', units: 5, activation: 'selu', useBias: false },
    { type: 'batchNormalization' },
    { type: 'reshape', targetShape: [5] },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

/** Every sequence layer, in residual blocks as the transformer preset holds them. */
const sequenceLayers: ModelSpec = {
  layers: [
    { type: 'embedding', inputDim: 9, outputDim: 8 },
    { type: 'positionalEmbedding' },
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'causalSelfAttention', heads: 2, keyDim: 4 },
      ],
    },
    { type: 'conv1d', filters: 8, kernelSize: 2, activation: 'relu' },
    { type: 'lstm', units: 4, returnSequences: true },
    { type: 'gru', units: 4, returnSequences: true },
    { type: 'simpleRNN', units: 4, returnSequences: true },
    { type: 'globalAveragePooling1d' },
    { type: 'dense', units: 3, activation: 'softmax' },
  ],
};

/** The script's LAYER_WEIGHTS table as full TF.js weight names, in the order it lists them. */
function scriptWeightNames(script: string): string[] {
  const table = /^LAYER_WEIGHTS = \{\n([\s\S]*?)^\}/m.exec(script)?.[1];
  if (table === undefined) throw new Error('no LAYER_WEIGHTS in the script');
  return table
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const [, layer, names] = /^ {4}"([^"]+)": (\[.*\]),$/.exec(line) ?? [];
      if (!layer || !names) throw new Error(`unexpected LAYER_WEIGHTS line: ${line}`);
      return (JSON.parse(names) as string[]).map((name) => `${layer}/${name}`);
    });
}

/** The layers the script builds, in order: Sequential entries or functional `x = ...(x)` lines. */
const scriptLayerNames = (script: string): string[] =>
  [
    ...script.matchAll(
      /^(?: {12}| {4}x = )(?:keras\.layers\.)?[A-Z]\w*\(.*?name="([^"]+)"\)(?:,|\(.*\))/gm,
    ),
  ].map((m) => m[1]!);

/** The TF.js model's layers as the script names them (a functional model's input layer aside). */
const modelLayerNames = (model: tf.LayersModel): string[] =>
  model.layers.filter((layer) => layer.getClassName() !== 'InputLayer').map((layer) => layer.name);

describe('kerasScript', () => {
  const script = kerasScript(everyLayer, [72], FILES);

  it('rebuilds every layer type with its arguments', () => {
    const expected = [
      'keras.Input(shape=INPUT_SHAPE)',
      'keras.layers.Reshape(target_shape=(6, 6, 2), name="reshape_0")',
      'keras.layers.Conv2D(filters=4, kernel_size=(3, 2), strides=(2, 2), padding="same", activation="elu", use_bias=True, name="conv2d_1")',
      'keras.layers.BatchNormalization(axis=-1, momentum=0.9, epsilon=0.01, name="batchNormalization_2")',
      'keras.layers.Dropout(rate=0.3, name="dropout_3")',
      'keras.layers.AveragePooling2D(pool_size=(2, 2), strides=(1, 1), padding="same", name="averagePooling2d_4")',
      'keras.layers.Conv2D(filters=2, kernel_size=(1, 1), strides=(1, 1), padding="valid", activation="linear", use_bias=False, name="conv2d_5")',
      'keras.layers.MaxPooling2D(pool_size=(2, 1), strides=(2, 1), padding="valid", name="maxPooling2d_6")',
      'keras.layers.Activation("tanh", name="activation_7")',
      'keras.layers.Flatten(name="flatten_8")',
      'keras.layers.Dense(units=5, activation="selu", use_bias=False, name="dense_9")',
      'keras.layers.BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, name="batchNormalization_10")',
      'keras.layers.Reshape(target_shape=(5,), name="reshape_11")',
      'keras.layers.Dense(units=3, activation="softmax", use_bias=True, name="dense_12")',
    ];
    for (const call of expected) expect(script).toContain(call);
  });

  it('names the layers as the TF.js model does', () => {
    const model = buildModel(everyLayer, [72], 1);
    expect(scriptLayerNames(script)).toEqual(modelLayerNames(model));
    model.dispose();
    const functional = buildModel(sequenceLayers, [6], 1);
    const sequenceScript = kerasScript(sequenceLayers, [6], FILES);
    expect(sequenceScript).toContain('return keras.Model(inputs, x, name="gradlab_model")');
    expect(sequenceScript).toContain('class PositionalEmbedding(keras.layers.Layer):');
    expect(scriptLayerNames(sequenceScript)).toEqual(modelLayerNames(functional));
    functional.dispose();
  });

  it('states the input shape, the parameter count and the files it reads', () => {
    const summary = inferModel(everyLayer, [72]);
    if (!summary.ok) throw summary.error;
    expect(script).toContain('INPUT_SHAPE = (72,)\n');
    expect(script).toContain(`TOTAL_PARAMS = ${summary.value.totalParams}\n`);
    expect(script).toContain('MODEL_JSON = os.path.join(HERE, "model.json")');
    expect(script).toMatch(/^#!\/usr\/bin\/env python3\n/);
    expect(kerasScript(PRESETS[3]!.spec(10, 3), [28, 28, 1], FILES)).toContain(
      'INPUT_SHAPE = (28, 28, 1)\n',
    );
  });

  it("lists each layer's weights in the order set_weights takes them", () => {
    expect(script).toContain('    "conv2d_1": ["kernel", "bias"],\n');
    expect(script).toContain(
      '    "batchNormalization_2": ["gamma", "beta", "moving_mean", "moving_variance"],\n',
    );
    expect(script).toContain('    "conv2d_5": ["kernel"],\n');
    expect(script).not.toContain('"dropout_3": [');
  });

  it('reads back weights and predicts only when asked', () => {
    expect(script).toContain('model.get_layer(layer).set_weights(');
    expect(script).toContain('np.frombuffer(data, dtype=dtype, count=count, offset=offset)');
    expect(script).toContain('parser.add_argument("--check"');
    expect(script).toContain('model.predict(read_inputs(inputs_path), verbose=0)');
  });

  it('refuses a spec that cannot be built, as buildModel does', () => {
    const bad: ModelSpec = {
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' }],
    };
    expect(() => kerasScript(bad, [4], FILES)).toThrow(InvalidSpecError);
  });
});

describe("the script's weight map", () => {
  const specs = [
    ...PRESETS.map((preset) =>
      preset.needsImages
        ? { spec: preset.spec(10, 3), inputShape: [28, 28, 1] }
        : { spec: preset.spec(3, 1), inputShape: [4] },
    ),
    { spec: everyLayer, inputShape: [72] },
    { spec: sequenceLayers, inputShape: [6] },
  ];

  it.each(specs)('matches the exported manifest (%#)', async ({ spec, inputShape }) => {
    const model = buildModel(spec, inputShape, 3);
    const { modelJson } = await exportLayersModel(model);
    const manifest = (JSON.parse(modelJson) as tf.io.ModelJSON).weightsManifest[0]!.weights;
    const names = manifest.map((w) => w.name);
    expect(names.length).toBeGreaterThan(0);
    expect(weightNames(spec, inputShape)).toEqual(names);
    // The script looks weights up by name, so only the set must match.
    expect(scriptWeightNames(kerasScript(spec, inputShape, FILES)).sort()).toEqual(names.sort());
    model.dispose();
  });

  it("matches TF.js's weight names for random valid stacks of every layer type", () => {
    fc.assert(
      fc.property(validStackArb, ({ spec, inputShape }) => {
        const model = buildModel(spec, inputShape, 1);
        try {
          const tfNames = model.weights.map((w) => w.originalName);
          expect(weightNames(spec, inputShape)).toEqual(tfNames);
          expect(weightShapes(spec, inputShape)).toEqual(
            model.weights.map((w) => ({ name: w.originalName, shape: w.shape })),
          );
          const script = kerasScript(spec, inputShape, FILES);
          expect(scriptWeightNames(script).sort()).toEqual([...tfNames].sort());
          expect(scriptLayerNames(script)).toEqual(modelLayerNames(model));
        } finally {
          model.dispose();
        }
      }),
      { numRuns: 100 },
    );
  });
});
