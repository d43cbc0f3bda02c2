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

export type LayerSpec = DenseLayer | ActivationLayer | DropoutLayer;

export interface ModelSpec {
  layers: LayerSpec[];
}

/** A shape without the batch dimension, e.g. [2] for points in the plane. */
export type Shape = readonly number[];

export interface LayerSummary {
  index: number;
  type: LayerSpec['type'];
  outputShape: number[];
  params: number;
}

export interface ModelSummary {
  inputShape: number[];
  layers: LayerSummary[];
  outputShape: number[];
  totalParams: number;
}
