/** The TF.js layer for each LayerSpec, with seeded initialisers so the seed fixes the weights. */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../core/model/spec';

export interface LayerNaming {
  name: string;
  inputShape?: number[];
}

/** `seed` seeds this layer's random initialisers; other weights start at fixed values. */
export function createLayer(layer: LayerSpec, common: LayerNaming, seed: number): tf.layers.Layer {
  switch (layer.type) {
    case 'dense':
      return tf.layers.dense({
        ...common,
        units: layer.units,
        activation: layer.activation,
        useBias: layer.useBias !== false,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        biasInitializer: 'zeros',
      });
    case 'conv2d':
      return tf.layers.conv2d({
        ...common,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1,
        padding: layer.padding ?? 'valid',
        dataFormat: 'channelsLast',
        activation: layer.activation,
        useBias: layer.useBias !== false,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        biasInitializer: 'zeros',
      });
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const args = {
        ...common,
        poolSize: layer.poolSize,
        strides: layer.strides ?? layer.poolSize,
        padding: layer.padding ?? 'valid',
        dataFormat: 'channelsLast' as const,
      };
      return layer.type === 'maxPooling2d'
        ? tf.layers.maxPooling2d(args)
        : tf.layers.averagePooling2d(args);
    }
    case 'flatten':
      return tf.layers.flatten(common);
    case 'batchNormalization':
      return tf.layers.batchNormalization({
        ...common,
        axis: -1,
        momentum: layer.momentum ?? 0.99,
        epsilon: layer.epsilon ?? 0.001,
      });
    case 'reshape':
      return tf.layers.reshape({ ...common, targetShape: [...layer.targetShape] });
    case 'activation':
      return tf.layers.activation({ ...common, activation: layer.activation });
    case 'dropout':
      // Seeded per step by the training loop (core/train/dropout-seeds): a seed fixed here would
      // drop the same units on every batch.
      return tf.layers.dropout({ ...common, rate: layer.rate });
  }
}
