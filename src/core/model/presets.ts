/**
 * Ready-made classifiers for the model editor. Each ends in a softmax dense layer with one unit per
 * class. The dense-only presets take the input's rank because dense layers act on the last axis:
 * images ([height, width, channels]) are flattened first, while flat rows must not be (TF.js
 * refuses to flatten an input that is already flat). The CNNs need image input.
 *
 * The text presets take token ids: they start with an embedding (its inputDim the vocabulary) and
 * end in a softmax over the classes, or over the vocabulary at every position for next-token
 * prediction.
 */
import type { LayerSpec, ModelSpec } from './spec';

const softmax = (outputs: number): LayerSpec => ({
  type: 'dense',
  units: outputs,
  activation: 'softmax',
});

const flattenIfImage = (inputRank: number): LayerSpec[] =>
  inputRank > 1 ? [{ type: 'flatten' }] : [];

/** One dense softmax layer: multinomial logistic regression. */
export function logisticRegressionSpec(outputs: number, inputRank = 1): ModelSpec {
  return { layers: [...flattenIfImage(inputRank), softmax(outputs)] };
}

/** Two hidden relu layers of 64 units. */
export function mlpSpec(outputs: number, inputRank = 1): ModelSpec {
  return {
    layers: [
      ...flattenIfImage(inputRank),
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 64, activation: 'relu' },
      softmax(outputs),
    ],
  };
}

/** LeNet-5 as usually rebuilt for 28x28 digits ('same' padding on the first convolution). */
export function lenetSpec(outputs: number): ModelSpec {
  return {
    layers: [
      { type: 'conv2d', filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 120, activation: 'relu' },
      { type: 'dense', units: 84, activation: 'relu' },
      softmax(outputs),
    ],
  };
}

/** One small convolution and a pool: trains fast on 28x28 digits, even on a software backend. */
export function smallCnnSpec(outputs: number): ModelSpec {
  return {
    layers: [
      { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
      { type: 'flatten' },
      softmax(outputs),
    ],
  };
}

/** Char-RNN: an LSTM that predicts the next token at every position. */
export function charRnnSpec(vocabulary: number): ModelSpec {
  return {
    layers: [
      { type: 'embedding', inputDim: vocabulary, outputDim: 32 },
      { type: 'lstm', units: 128, returnSequences: true },
      softmax(vocabulary),
    ],
  };
}

/** An LSTM that reads the whole text and classifies it from its last state. */
export function lstmClassifierSpec(outputs: number, vocabulary: number): ModelSpec {
  return {
    layers: [
      { type: 'embedding', inputDim: vocabulary, outputDim: 32 },
      { type: 'lstm', units: 64, returnSequences: false },
      softmax(outputs),
    ],
  };
}

/**
 * A 2-layer decoder-only transformer with pre-norm blocks (layer norm, causal attention, add;
 * layer norm, MLP, add), width 64 and 4 heads of 16: the size that trains on names in a tab.
 */
export function transformerSpec(vocabulary: number): ModelSpec {
  const width = 64;
  const block: LayerSpec[] = [
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'causalSelfAttention', heads: 4, keyDim: 16 },
      ],
    },
    {
      type: 'residual',
      layers: [
        { type: 'layerNormalization' },
        { type: 'dense', units: 4 * width, activation: 'relu' },
        { type: 'dense', units: width, activation: 'linear' },
      ],
    },
  ];
  return {
    layers: [
      { type: 'embedding', inputDim: vocabulary, outputDim: width },
      { type: 'positionalEmbedding' },
      ...structuredClone(block),
      ...structuredClone(block),
      { type: 'layerNormalization' },
      softmax(vocabulary),
    ],
  };
}

export type PresetId = 'logistic' | 'mlp' | 'small-cnn' | 'lenet';
export type TextPresetId = 'char-rnn' | 'lstm-classifier' | 'transformer';

export interface Preset {
  id: PresetId;
  label: string;
  /** One sentence on what it is, for the preset's tooltip. */
  description: string;
  /** True for the CNNs: they need [height, width, channels] input. */
  needsImages: boolean;
  /** The spec for `outputs` classes and an input with `inputRank` axes. */
  spec(outputs: number, inputRank: number): ModelSpec;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'logistic',
    label: 'Logistic regression',
    description: 'One softmax layer: draws straight boundaries between the classes.',
    needsImages: false,
    spec: logisticRegressionSpec,
  },
  {
    id: 'mlp',
    label: 'MLP (2 x 64 relu)',
    description: 'Two hidden layers of 64 relu units: bends the boundaries.',
    needsImages: false,
    spec: mlpSpec,
  },
  {
    id: 'small-cnn',
    label: 'Small CNN',
    description: 'One convolution and a pooling layer: fast on small images.',
    needsImages: true,
    spec: (outputs) => smallCnnSpec(outputs),
  },
  {
    id: 'lenet',
    label: 'LeNet-5',
    description: 'The classic digit reader: two convolutions and three dense layers.',
    needsImages: true,
    spec: (outputs) => lenetSpec(outputs),
  },
];

/** Presets for token ids, each for one kind of text task. */
export interface TextPreset {
  id: TextPresetId;
  label: string;
  description: string;
  /** 'sequence': next-token prediction; 'classification': one label per text. */
  task: 'sequence' | 'classification';
  /** The spec for `outputs` classes (the vocabulary for sequences) and `vocabulary` token ids. */
  spec(outputs: number, vocabulary: number): ModelSpec;
}

export const TEXT_PRESETS: readonly TextPreset[] = [
  {
    id: 'char-rnn',
    label: 'Char-RNN',
    description:
      'An embedding and an LSTM of 128 that predicts the next character at every position.',
    task: 'sequence',
    spec: (_, vocabulary) => charRnnSpec(vocabulary),
  },
  {
    id: 'transformer',
    label: 'Transformer (2 layers)',
    description:
      'Two pre-norm blocks of causal self-attention (4 heads) and an MLP, each added to its input.',
    task: 'sequence',
    spec: (_, vocabulary) => transformerSpec(vocabulary),
  },
  {
    id: 'lstm-classifier',
    label: 'LSTM classifier',
    description: 'An embedding and an LSTM of 64 that reads the whole text, then picks its class.',
    task: 'classification',
    spec: lstmClassifierSpec,
  },
];
