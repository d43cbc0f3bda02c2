import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLayer, LAYER_TYPES } from './layer-catalog';
import { kerasLayer, kerasModelBody, layerWeightsTable, weightShapes } from './keras-layers';
import type { PlainLayer } from './blocks';
import { layerName } from './layer-names';
import type { ModelSpec } from './spec';
import { validStackArb } from './test-arbitraries';

const TRAINING = { kernelRegularizer: 'regularizer', synchronizedBatchNorm: 'synchronized' };

/** Each type with its optional arguments set, so the snapshot shows how each is written. */
const FULL: Record<PlainLayer['type'], PlainLayer> = {
  dense: { type: 'dense', units: 5, activation: 'selu', useBias: false },
  conv2d: {
    type: 'conv2d',
    filters: 4,
    kernelSize: [3, 2],
    strides: 2,
    padding: 'same',
    activation: 'elu',
  },
  maxPooling2d: { type: 'maxPooling2d', poolSize: [2, 1], strides: 1, padding: 'same' },
  averagePooling2d: { type: 'averagePooling2d', poolSize: 3 },
  flatten: { type: 'flatten' },
  batchNormalization: { type: 'batchNormalization', momentum: 0.9, epsilon: 0.01 },
  reshape: { type: 'reshape', targetShape: [6, 6, 2] },
  activation: { type: 'activation', activation: 'softplus' },
  dropout: { type: 'dropout', rate: 0.3 },
  embedding: { type: 'embedding', inputDim: 30, outputDim: 8 },
  positionalEmbedding: { type: 'positionalEmbedding' },
  simpleRNN: { type: 'simpleRNN', units: 6, returnSequences: true },
  lstm: { type: 'lstm', units: 6, returnSequences: false },
  gru: { type: 'gru', units: 6, returnSequences: true },
  conv1d: {
    type: 'conv1d',
    filters: 4,
    kernelSize: 3,
    strides: 1,
    padding: 'causal',
    activation: 'relu',
    useBias: false,
  },
  globalAveragePooling1d: { type: 'globalAveragePooling1d' },
  layerNormalization: { type: 'layerNormalization', epsilon: 0.00001 },
  causalSelfAttention: { type: 'causalSelfAttention', heads: 2, keyDim: 4 },
};

describe('kerasLayer', () => {
  it('writes every layer type for the training script (kernel penalty, synchronised BN)', () => {
    const lines = Object.values(FULL).map((layer, i) => kerasLayer(layer, i, TRAINING));
    expect(lines).toMatchInlineSnapshot(`
      [
        "keras.layers.Dense(units=5, activation="selu", use_bias=False, kernel_regularizer=regularizer, name="dense_0")",
        "keras.layers.Conv2D(filters=4, kernel_size=(3, 2), strides=(2, 2), padding="same", activation="elu", use_bias=True, kernel_regularizer=regularizer, name="conv2d_1")",
        "keras.layers.MaxPooling2D(pool_size=(2, 1), strides=(1, 1), padding="same", name="maxPooling2d_2")",
        "keras.layers.AveragePooling2D(pool_size=(3, 3), strides=(3, 3), padding="valid", name="averagePooling2d_3")",
        "keras.layers.Flatten(name="flatten_4")",
        "keras.layers.BatchNormalization(axis=-1, momentum=0.9, epsilon=0.01, synchronized=synchronized, name="batchNormalization_5")",
        "keras.layers.Reshape(target_shape=(6, 6, 2), name="reshape_6")",
        "keras.layers.Activation("softplus", name="activation_7")",
        "keras.layers.Dropout(rate=0.3, name="dropout_8")",
        "keras.layers.Embedding(input_dim=30, output_dim=8, name="embedding_9")",
        "PositionalEmbedding(name="positionalEmbedding_10")",
        "keras.layers.SimpleRNN(units=6, activation="tanh", return_sequences=True, name="simpleRNN_11")",
        "keras.layers.LSTM(units=6, activation="tanh", recurrent_activation="sigmoid", return_sequences=False, name="lstm_12")",
        "keras.layers.GRU(units=6, activation="tanh", recurrent_activation="sigmoid", reset_after=False, return_sequences=True, name="gru_13")",
        "keras.layers.Conv1D(filters=4, kernel_size=3, strides=1, padding="causal", activation="relu", use_bias=False, name="conv1d_14")",
        "keras.layers.GlobalAveragePooling1D(name="globalAveragePooling1d_15")",
        "keras.layers.LayerNormalization(axis=-1, epsilon=0.00001, name="layerNormalization_16")",
        "keras.layers.MultiHeadAttention(num_heads=2, key_dim=4, name="causalSelfAttention_17")",
      ]
    `);
  });

  it('writes every layer type for the rebuild script with no extra arguments', () => {
    const lines = Object.values(FULL).map((layer, i) => kerasLayer(layer, i));
    expect(lines).toMatchInlineSnapshot(`
      [
        "keras.layers.Dense(units=5, activation="selu", use_bias=False, name="dense_0")",
        "keras.layers.Conv2D(filters=4, kernel_size=(3, 2), strides=(2, 2), padding="same", activation="elu", use_bias=True, name="conv2d_1")",
        "keras.layers.MaxPooling2D(pool_size=(2, 1), strides=(1, 1), padding="same", name="maxPooling2d_2")",
        "keras.layers.AveragePooling2D(pool_size=(3, 3), strides=(3, 3), padding="valid", name="averagePooling2d_3")",
        "keras.layers.Flatten(name="flatten_4")",
        "keras.layers.BatchNormalization(axis=-1, momentum=0.9, epsilon=0.01, name="batchNormalization_5")",
        "keras.layers.Reshape(target_shape=(6, 6, 2), name="reshape_6")",
        "keras.layers.Activation("softplus", name="activation_7")",
        "keras.layers.Dropout(rate=0.3, name="dropout_8")",
        "keras.layers.Embedding(input_dim=30, output_dim=8, name="embedding_9")",
        "PositionalEmbedding(name="positionalEmbedding_10")",
        "keras.layers.SimpleRNN(units=6, activation="tanh", return_sequences=True, name="simpleRNN_11")",
        "keras.layers.LSTM(units=6, activation="tanh", recurrent_activation="sigmoid", return_sequences=False, name="lstm_12")",
        "keras.layers.GRU(units=6, activation="tanh", recurrent_activation="sigmoid", reset_after=False, return_sequences=True, name="gru_13")",
        "keras.layers.Conv1D(filters=4, kernel_size=3, strides=1, padding="causal", activation="relu", use_bias=False, name="conv1d_14")",
        "keras.layers.GlobalAveragePooling1D(name="globalAveragePooling1d_15")",
        "keras.layers.LayerNormalization(axis=-1, epsilon=0.00001, name="layerNormalization_16")",
        "keras.layers.MultiHeadAttention(num_heads=2, key_dim=4, name="causalSelfAttention_17")",
      ]
    `);
  });

  it('has a Keras mapping for every layer type the editor offers', () => {
    // LAYER_TYPES is what the editor's menu lists: a new type without a mapping fails here.
    for (const type of LAYER_TYPES) {
      const layer = defaultLayer(type);
      if (layer.type === 'residual') continue;
      for (const extras of [{}, TRAINING]) {
        const call = kerasLayer(layer, 3, extras);
        expect(call, type).toMatch(/^(keras\.layers\.)?[A-Z]\w*\(.*name="[^"]+"\)$/);
        expect(call, type).toContain(`name="${type}_3"`);
      }
      expect(Object.keys(FULL)).toContain(type);
    }
  });

  it('maps every layer of any valid stack, named as buildModel names it', () => {
    fc.assert(
      fc.property(validStackArb, ({ spec }) => {
        spec.layers.forEach((layer, index) => {
          if (layer.type === 'residual') return;
          const call = kerasLayer(layer, index, TRAINING);
          expect(call).toMatch(/^(keras\.layers\.)?[A-Z]\w*\(/);
          expect(call.endsWith(`name="${layerName(layer, index)}")`)).toBe(true);
          expect(call.includes('kernel_regularizer=')).toBe(
            layer.type === 'dense' || layer.type === 'conv2d',
          );
        });
      }),
    );
  });
});

/** A small transformer on 6 tokens of a 9-symbol vocabulary, with every sequence layer. */
const SEQUENCE: ModelSpec = {
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
    { type: 'conv1d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'lstm', units: 5, returnSequences: true },
    { type: 'gru', units: 4, returnSequences: true },
    { type: 'simpleRNN', units: 3, returnSequences: false },
    { type: 'dense', units: 9, activation: 'softmax' },
  ],
};

describe('sequence models', () => {
  it('lists every weight with its Keras shape, blocks opened, in TF.js order', () => {
    const shapes = weightShapes(SEQUENCE, [6]).map((w) => `${w.name} ${w.shape.join('x')}`);
    expect(shapes).toEqual([
      'embedding_0/embeddings 9x8',
      'positionalEmbedding_1/embeddings 6x8',
      'residual_2_0_layerNormalization/gamma 8',
      'residual_2_0_layerNormalization/beta 8',
      'residual_2_1_causalSelfAttention/query/kernel 8x2x4',
      'residual_2_1_causalSelfAttention/query/bias 2x4',
      'residual_2_1_causalSelfAttention/key/kernel 8x2x4',
      'residual_2_1_causalSelfAttention/key/bias 2x4',
      'residual_2_1_causalSelfAttention/value/kernel 8x2x4',
      'residual_2_1_causalSelfAttention/value/bias 2x4',
      'residual_2_1_causalSelfAttention/attention_output/kernel 2x4x8',
      'residual_2_1_causalSelfAttention/attention_output/bias 8',
      'conv1d_3/kernel 3x8x8',
      'conv1d_3/bias 8',
      'lstm_4/kernel 8x20',
      'lstm_4/recurrent_kernel 5x20',
      'lstm_4/bias 20',
      'gru_5/kernel 5x12',
      'gru_5/recurrent_kernel 4x12',
      'gru_5/bias 12',
      'simpleRNN_6/kernel 4x3',
      'simpleRNN_6/recurrent_kernel 3x3',
      'simpleRNN_6/bias 3',
      'dense_7/kernel 3x9',
      'dense_7/bias 9',
    ]);
    expect(layerWeightsTable(SEQUENCE, [6]).split('\n')).toHaveLength(9);
  });

  it('writes a functional model: blocks added to their input, attention causal', () => {
    expect(kerasModelBody(SEQUENCE, [6])).toMatchInlineSnapshot(`
      "    inputs = keras.Input(shape=INPUT_SHAPE)
          x = inputs
          x = keras.layers.Embedding(input_dim=9, output_dim=8, name="embedding_0")(x)
          x = PositionalEmbedding(name="positionalEmbedding_1")(x)
          block = x
          x = keras.layers.LayerNormalization(axis=-1, epsilon=0.001, name="residual_2_0_layerNormalization")(x)
          x = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4, name="residual_2_1_causalSelfAttention")(x, x, use_causal_mask=True)
          x = keras.layers.Add(name="residual_2_add")([block, x])
          x = keras.layers.Conv1D(filters=8, kernel_size=3, strides=1, padding="same", activation="relu", use_bias=True, name="conv1d_3")(x)
          x = keras.layers.LSTM(units=5, activation="tanh", recurrent_activation="sigmoid", return_sequences=True, name="lstm_4")(x)
          x = keras.layers.GRU(units=4, activation="tanh", recurrent_activation="sigmoid", reset_after=False, return_sequences=True, name="gru_5")(x)
          x = keras.layers.SimpleRNN(units=3, activation="tanh", return_sequences=False, name="simpleRNN_6")(x)
          x = keras.layers.Dense(units=9, activation="softmax", use_bias=True, name="dense_7")(x)
          return keras.Model(inputs, x, name="gradlab_model")"
    `);
  });

  it('keeps a Sequential for a stack of one-input layers', () => {
    const body = kerasModelBody({ layers: [FULL.embedding, FULL.lstm] }, [5]);
    expect(body).toContain('keras.Sequential(');
    expect(body).not.toContain('keras.Model(');
  });
});
