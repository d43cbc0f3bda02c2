/**
 * ModelSpec: a Keras-like list of layers as plain JSON. The input shape is not part of the spec;
 * it comes from the dataset the model is trained on.
 */

export const ACTIVATIONS = [
  'linear',
  'relu',
  'tanh',
  'sigmoid',
  'softmax',
  'elu',
  'selu',
  'softplus',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface DenseLayer {
  type: 'dense';
  units: number;
  activation: Activation;
  useBias?: boolean;
}

export interface ActivationLayer {
  type: 'activation';
  activation: Activation;
}

export interface DropoutLayer {
  type: 'dropout';
  /** Fraction of inputs dropped during training, in [0, 1). */
  rate: number;
}

/** A 2-D window size or step: one number for both axes, or [height, width]. */
export type Size2 = number | [number, number];

export const PADDINGS = ['valid', 'same'] as const;
/** 'valid' keeps only whole windows; 'same' pads so that, with stride 1, the size is kept. */
export type Padding = (typeof PADDINGS)[number];

/** Channels-last convolution over [height, width, channels] inputs. */
export interface Conv2DLayer {
  type: 'conv2d';
  filters: number;
  kernelSize: Size2;
  /** Defaults to 1. */
  strides?: Size2;
  /** Defaults to 'valid', as in Keras. */
  padding?: Padding;
  activation: Activation;
  useBias?: boolean;
}

export interface Pooling2DLayer {
  type: 'maxPooling2d' | 'averagePooling2d';
  poolSize: Size2;
  /** Defaults to poolSize. */
  strides?: Size2;
  /** Defaults to 'valid', as in Keras. */
  padding?: Padding;
}

export interface FlattenLayer {
  type: 'flatten';
}

/** Normalises the last axis; TF.js counts gamma, beta, moving mean and moving variance as params. */
export interface BatchNormalizationLayer {
  type: 'batchNormalization';
  /** Defaults to 0.99. */
  momentum?: number;
  /** Defaults to 0.001. */
  epsilon?: number;
}

export interface ReshapeLayer {
  type: 'reshape';
  /** Shape of one example after the layer; holds as many values as the input. */
  targetShape: number[];
}

/**
 * Token ids to vectors: [length] -> [length, outputDim]. `inputDim` is the vocabulary size; like
 * the output layer it follows the dataset (the experiment reducer's `fit` sets it).
 */
export interface EmbeddingLayer {
  type: 'embedding';
  inputDim: number;
  outputDim: number;
}

/** A learned vector per position added to its input: [length, width] -> the same shape. */
export interface PositionalEmbeddingLayer {
  type: 'positionalEmbedding';
}

/** [length, features] -> [length, units] with returnSequences, else [units] (the last state). */
export interface RecurrentLayer {
  type: 'simpleRNN' | 'lstm' | 'gru';
  units: number;
  returnSequences: boolean;
}

export const PADDINGS_1D = ['valid', 'same', 'causal'] as const;
/** 'causal' pads on the left only, so no output sees a later step. */
export type Padding1D = (typeof PADDINGS_1D)[number];

/** Convolution over [length, channels]. */
export interface Conv1DLayer {
  type: 'conv1d';
  filters: number;
  kernelSize: number;
  /** Defaults to 1. */
  strides?: number;
  /** Defaults to 'valid', as in Keras. */
  padding?: Padding1D;
  activation: Activation;
  useBias?: boolean;
}

/** [length, features] -> [features], the mean over the steps. */
export interface GlobalAveragePooling1DLayer {
  type: 'globalAveragePooling1d';
}

/** Normalises each example over its last axis; gamma and beta per feature. */
export interface LayerNormalizationLayer {
  type: 'layerNormalization';
  /** Defaults to 0.001, as in Keras and TF.js. */
  epsilon?: number;
}

/**
 * Multi-head self-attention in which no position sees a later one (a Gradlab layer; the weights
 * are laid out as Keras MultiHeadAttention's, so exports map to it one to one):
 * [length, width] -> [length, width].
 */
export interface CausalSelfAttentionLayer {
  type: 'causalSelfAttention';
  heads: number;
  /** Size of each head's query, key and value. */
  keyDim: number;
}

/** A sub-stack whose output is added to its input: the output shape must equal the input's. */
export interface ResidualLayer {
  type: 'residual';
  layers: LayerSpec[];
}

export type LayerSpec =
  | DenseLayer
  | ActivationLayer
  | DropoutLayer
  | Conv2DLayer
  | Pooling2DLayer
  | FlattenLayer
  | BatchNormalizationLayer
  | ReshapeLayer
  | EmbeddingLayer
  | PositionalEmbeddingLayer
  | RecurrentLayer
  | Conv1DLayer
  | GlobalAveragePooling1DLayer
  | LayerNormalizationLayer
  | CausalSelfAttentionLayer
  | ResidualLayer;

export type LayerType = LayerSpec['type'];

export interface ModelSpec {
  layers: LayerSpec[];
}

/** A shape without the batch dimension, e.g. [2] for points in the plane. */
export type Shape = readonly number[];

export interface LayerSummary {
  index: number;
  type: LayerType;
  outputShape: number[];
  params: number;
}

export interface ModelSummary {
  inputShape: number[];
  layers: LayerSummary[];
  outputShape: number[];
  totalParams: number;
}
