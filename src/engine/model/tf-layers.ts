/**
 * The TF.js layer for each LayerSpec but a residual block (build.ts wires those as a sub-graph),
 * with seeded initialisers so the seed fixes the weights.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../core/data/rng';
import type { LayerSpec, ResidualLayer } from '../../core/model/spec';
import { GradlabCausalSelfAttention, GradlabPositionalEmbedding } from './gradlab-layers';
import { seededOrthogonal } from './orthogonal';
// layerNormalization tiles its gamma and beta: TF.js's Tile gradient made that 70% of a step.
import './tile-gradient';

/** A layer that is one TF.js layer: everything but a residual block. */
export type SingleLayerSpec = Exclude<LayerSpec, ResidualLayer>;

export interface LayerNaming {
  name: string;
  inputShape?: number[];
}

/** `seed` seeds this layer's random initialisers; other weights start at fixed values. */
export function createLayer(
  layer: SingleLayerSpec,
  common: LayerNaming,
  seed: number,
): tf.layers.Layer {
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
    case 'embedding':
      return tf.layers.embedding({
        ...common,
        inputDim: layer.inputDim,
        outputDim: layer.outputDim,
        embeddingsInitializer: tf.initializers.randomUniform({
          minval: -0.05,
          maxval: 0.05,
          seed,
        }),
      });
    case 'positionalEmbedding':
      return new GradlabPositionalEmbedding({ ...common, seed });
    case 'simpleRNN':
    case 'lstm':
    case 'gru': {
      // tanh, and a recurrent sigmoid for the gated ones, with both kernels seeded.
      const args = {
        ...common,
        units: layer.units,
        returnSequences: layer.returnSequences,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        recurrentInitializer: seededOrthogonal(deriveSeed(seed, 1)),
        biasInitializer: 'zeros' as const,
        // TF.js's default is hardSigmoid (0.2x + 0.5, clipped), which Keras 3 has no layer for
        // (its hard_sigmoid is x/6 + 0.5): the exports map LSTM and GRU to Keras's sigmoid.
        recurrentActivation: 'sigmoid' as const,
      };
      if (layer.type === 'simpleRNN') return tf.layers.simpleRNN(args);
      return layer.type === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args);
    }
    case 'conv1d':
      return tf.layers.conv1d({
        ...common,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides ?? 1,
        // validate.ts refuses 'causal', which TF.js 4.22's Conv1D cannot run.
        padding: layer.padding === 'same' ? 'same' : 'valid',
        dataFormat: 'channelsLast',
        activation: layer.activation,
        useBias: layer.useBias !== false,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        biasInitializer: 'zeros',
      });
    case 'globalAveragePooling1d':
      return tf.layers.globalAveragePooling1d(common);
    case 'layerNormalization':
      return tf.layers.layerNormalization({
        ...common,
        axis: -1,
        epsilon: layer.epsilon ?? 0.001,
      });
    case 'causalSelfAttention':
      return new GradlabCausalSelfAttention({
        ...common,
        heads: layer.heads,
        keyDim: layer.keyDim,
        seed,
      });
  }
}
