/**
 * What the editor knows about each layer type: its name in menus, the layer a user gets on adding
 * one, and the fields to edit with their bounds (the bounds validate.ts enforces, so a value the
 * field accepts is never refused by the model core).
 */
import {
  ACTIVATIONS,
  PADDINGS,
  type Activation,
  type LayerSpec,
  type LayerType,
  type Padding,
} from './spec';
import {
  LAYER_TYPES,
  MAX_FILTERS,
  MAX_HEADS,
  MAX_KEY_DIM,
  MAX_RECURRENT_UNITS,
  MAX_UNITS,
  MAX_VOCABULARY,
  MAX_WINDOW,
} from './validate';

export { LAYER_TYPES };

export const LAYER_LABELS: Record<LayerType, string> = {
  dense: 'Dense',
  conv2d: 'Conv 2D',
  maxPooling2d: 'Max pooling 2D',
  averagePooling2d: 'Average pooling 2D',
  flatten: 'Flatten',
  batchNormalization: 'Batch normalization',
  reshape: 'Reshape',
  activation: 'Activation',
  dropout: 'Dropout',
  embedding: 'Embedding',
  positionalEmbedding: 'Positional embedding',
  simpleRNN: 'Simple RNN',
  lstm: 'LSTM',
  gru: 'GRU',
  conv1d: 'Conv 1D',
  globalAveragePooling1d: 'Global average pooling 1D',
  layerNormalization: 'Layer normalization',
  causalSelfAttention: 'Causal self-attention',
  residual: 'Residual block',
};

/** Defaults a student can train right away: Keras's own where it has one. */
export function defaultLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'dense':
      return { type, units: 16, activation: 'relu' };
    case 'conv2d':
      return { type, filters: 8, kernelSize: 3, activation: 'relu' };
    case 'maxPooling2d':
    case 'averagePooling2d':
      return { type, poolSize: 2 };
    case 'flatten':
      return { type };
    case 'batchNormalization':
      return { type };
    case 'reshape':
      // A placeholder the user edits; the row says at once whether the counts match.
      return { type, targetShape: [1] };
    case 'activation':
      return { type, activation: 'relu' };
    case 'dropout':
      return { type, rate: 0.2 };
    case 'embedding':
      // inputDim follows the dataset's vocabulary once the layer is in a model (edit.ts's fit).
      return { type, inputDim: 64, outputDim: 32 };
    case 'positionalEmbedding':
    case 'globalAveragePooling1d':
    case 'layerNormalization':
      return { type };
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      return { type, units: 32, returnSequences: true };
    case 'conv1d':
      return { type, filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' };
    case 'causalSelfAttention':
      return { type, heads: 4, keyDim: 16 };
    case 'residual':
      // Keeps any input's shape, so a block can be added anywhere and then filled in.
      return { type, layers: [{ type: 'layerNormalization' }] };
  }
}

export type FieldSpec =
  | {
      kind: 'whole';
      key: string;
      label: string;
      min: number;
      max: number;
      /** An optional field left empty keeps the layer's default, shown as the placeholder. */
      optional?: boolean;
      placeholder?: string;
    }
  | { kind: 'size2'; key: string; label: string; optional: boolean; placeholder?: string }
  | {
      kind: 'fraction';
      key: string;
      label: string;
      /** Which end of [0, 1] is left out. */
      exclusive: 'min' | 'max';
      optional: boolean;
      placeholder?: string;
    }
  | { kind: 'shape'; key: string; label: string }
  | { kind: 'activation'; key: 'activation'; label: string; options: readonly Activation[] }
  | { kind: 'padding'; key: 'padding'; label: string; options: readonly Padding[] }
  /** An optional flag is true when absent (useBias); a required one is always written. */
  | { kind: 'boolean'; key: 'useBias' | 'returnSequences'; label: string; optional: boolean };

const activation: FieldSpec = {
  kind: 'activation',
  key: 'activation',
  label: 'Activation',
  options: ACTIVATIONS,
};
const padding: FieldSpec = { kind: 'padding', key: 'padding', label: 'Padding', options: PADDINGS };
const useBias: FieldSpec = { kind: 'boolean', key: 'useBias', label: 'Bias', optional: true };
const epsilon: FieldSpec = {
  kind: 'fraction',
  key: 'epsilon',
  label: 'Epsilon',
  exclusive: 'min',
  optional: true,
  placeholder: '0.001',
};
const recurrent: readonly FieldSpec[] = [
  { kind: 'whole', key: 'units', label: 'Units', min: 1, max: MAX_RECURRENT_UNITS },
  { kind: 'boolean', key: 'returnSequences', label: 'Return sequences', optional: false },
];

const windowFields = (what: 'kernelSize' | 'poolSize', label: string, stride: string) => [
  { kind: 'size2', key: what, label, optional: false } as const,
  { kind: 'size2', key: 'strides', label: 'Strides', optional: true, placeholder: stride } as const,
  padding,
];

export const LAYER_FIELDS: Record<LayerType, readonly FieldSpec[]> = {
  dense: [
    { kind: 'whole', key: 'units', label: 'Units', min: 1, max: MAX_UNITS },
    activation,
    useBias,
  ],
  conv2d: [
    { kind: 'whole', key: 'filters', label: 'Filters', min: 1, max: MAX_FILTERS },
    ...windowFields('kernelSize', 'Kernel', '1'),
    activation,
    useBias,
  ],
  maxPooling2d: windowFields('poolSize', 'Pool size', 'pool size'),
  averagePooling2d: windowFields('poolSize', 'Pool size', 'pool size'),
  flatten: [],
  batchNormalization: [
    {
      kind: 'fraction',
      key: 'momentum',
      label: 'Momentum',
      exclusive: 'max',
      optional: true,
      placeholder: '0.99',
    },
    epsilon,
  ],
  reshape: [{ kind: 'shape', key: 'targetShape', label: 'Target shape' }],
  activation: [activation],
  dropout: [{ kind: 'fraction', key: 'rate', label: 'Rate', exclusive: 'max', optional: false }],
  embedding: [
    { kind: 'whole', key: 'inputDim', label: 'Vocabulary', min: 1, max: MAX_VOCABULARY },
    { kind: 'whole', key: 'outputDim', label: 'Width', min: 1, max: MAX_UNITS },
  ],
  positionalEmbedding: [],
  simpleRNN: recurrent,
  lstm: recurrent,
  gru: recurrent,
  conv1d: [
    { kind: 'whole', key: 'filters', label: 'Filters', min: 1, max: MAX_FILTERS },
    { kind: 'whole', key: 'kernelSize', label: 'Kernel', min: 1, max: MAX_WINDOW },
    {
      kind: 'whole',
      key: 'strides',
      label: 'Strides',
      min: 1,
      max: MAX_WINDOW,
      optional: true,
      placeholder: '1',
    },
    padding,
    activation,
    useBias,
  ],
  globalAveragePooling1d: [],
  layerNormalization: [epsilon],
  causalSelfAttention: [
    { kind: 'whole', key: 'heads', label: 'Heads', min: 1, max: MAX_HEADS },
    { kind: 'whole', key: 'keyDim', label: 'Key size', min: 1, max: MAX_KEY_DIM },
  ],
  // The block's layers are edited as a nested stack, not as fields.
  residual: [],
};
