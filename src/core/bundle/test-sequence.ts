/**
 * Experiments of issue 16's kinds, as JSON for the readers' tests: a toy task trained by a
 * 2-layer transformer (residual blocks), names and the State of the Union by a char-RNN, spam by
 * an RNN and LSTM classifier, with the new config fields set to values other than their defaults.
 */
import { DEFAULT_CONFIG } from '../train/config';

const block = () => [
  {
    type: 'residual',
    layers: [{ type: 'layerNormalization' }, { type: 'causalSelfAttention', heads: 4, keyDim: 16 }],
  },
  {
    type: 'residual',
    layers: [
      { type: 'layerNormalization', epsilon: 0.00001 },
      { type: 'dense', units: 256, activation: 'relu' },
      { type: 'dense', units: 64, activation: 'linear' },
    ],
  },
];

const SEQUENCE_CONFIG = {
  ...DEFAULT_CONFIG,
  optimizer: 'adamw',
  loss: 'sparseCategoricalCrossentropy',
  clipNorm: 1,
  weightDecay: 0.01,
  learningRate: 0.003,
  epochs: 5,
} as const;

export const TRANSFORMER_ON_REVERSE = {
  dataset: {
    kind: 'sequence',
    task: 'reverse',
    params: { size: 200, length: 4, vocab: 4 },
    seed: 3,
  },
  model: {
    layers: [
      { type: 'embedding', inputDim: 8, outputDim: 64 },
      { type: 'positionalEmbedding' },
      ...block(),
      ...block(),
      { type: 'layerNormalization' },
      { type: 'dense', units: 8, activation: 'softmax' },
    ],
  },
  config: SEQUENCE_CONFIG,
  views: ['curves'],
};

const charRnnOn = (name: 'names' | 'sotu') => ({
  dataset: { kind: 'shipped', name },
  model: {
    layers: [
      { type: 'embedding', inputDim: 30, outputDim: 32 },
      { type: 'gru', units: 64, returnSequences: true },
      { type: 'conv1d', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'dense', units: 30, activation: 'softmax' },
    ],
  },
  config: SEQUENCE_CONFIG,
  views: ['curves'],
});

export const RNN_ON_NAMES = charRnnOn('names');
export const RNN_ON_SOTU = charRnnOn('sotu');

export const LSTM_ON_SPAM = {
  dataset: { kind: 'shipped', name: 'spam' },
  model: {
    layers: [
      { type: 'embedding', inputDim: 100, outputDim: 16 },
      { type: 'simpleRNN', units: 8, returnSequences: true },
      { type: 'lstm', units: 16, returnSequences: true },
      { type: 'globalAveragePooling1d' },
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
  },
  config: {
    ...SEQUENCE_CONFIG,
    optimizer: 'adam',
    loss: 'categoricalCrossentropy',
    weightDecay: 0,
  },
  views: ['curves'],
};

/** Each of them by a name for its cell and dataset key. */
export const SEQUENCE_EXPERIMENTS = {
  reverse: TRANSFORMER_ON_REVERSE,
  names: RNN_ON_NAMES,
  sotu: RNN_ON_SOTU,
  spam: LSTM_ON_SPAM,
};
