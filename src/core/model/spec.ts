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

export type LayerSpec =
  | DenseLayer
  | ActivationLayer
  | DropoutLayer
  | Conv2DLayer
  | Pooling2DLayer
  | FlattenLayer
  | BatchNormalizationLayer
  | ReshapeLayer;

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
