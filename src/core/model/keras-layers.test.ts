import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLayer, LAYER_TYPES } from './layer-catalog';
import { kerasLayer, layerName } from './keras-layers';
import type { LayerSpec, LayerType } from './spec';
import { validStackArb } from './test-arbitraries';

const TRAINING = { kernelRegularizer: 'regularizer', synchronizedBatchNorm: 'synchronized' };

/** Each type with its optional arguments set, so the snapshot shows how each is written. */
const FULL: Record<LayerType, LayerSpec> = {
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
      ]
    `);
  });

  it('has a Keras mapping for every layer type the editor offers', () => {
    // LAYER_TYPES is what the editor's menu lists: a new type without a mapping fails here.
    for (const type of LAYER_TYPES) {
      for (const extras of [{}, TRAINING]) {
        const call = kerasLayer(defaultLayer(type), 3, extras);
        expect(call, type).toMatch(/^keras\.layers\.[A-Z]\w*\(.*name="[^"]+"\)$/);
        expect(call, type).toContain(`name="${type}_3"`);
      }
    }
    expect(Object.keys(FULL).sort()).toEqual([...LAYER_TYPES].sort());
  });

  it('maps every layer of any valid stack, named as buildModel names it', () => {
    fc.assert(
      fc.property(validStackArb, ({ spec }) => {
        spec.layers.forEach((layer, index) => {
          const call = kerasLayer(layer, index, TRAINING);
          expect(call).toMatch(/^keras\.layers\.\w+\(/);
          expect(call.endsWith(`name="${layerName(layer, index)}")`)).toBe(true);
          expect(call.includes('kernel_regularizer=')).toBe(
            layer.type === 'dense' || layer.type === 'conv2d',
          );
        });
      }),
    );
  });
});
