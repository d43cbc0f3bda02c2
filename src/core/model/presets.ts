/**
 * Ready-made classifiers for the model editor. Each ends in a softmax dense layer with one unit per
 * class. The dense-only presets take the input's rank because dense layers act on the last axis:
 * images ([height, width, channels]) are flattened first, while flat rows must not be (TF.js
 * refuses to flatten an input that is already flat). The CNNs need image input.
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

export type PresetId = 'logistic' | 'mlp' | 'small-cnn' | 'lenet';

export interface Preset {
  id: PresetId;
  label: string;
  /** True for the CNNs: they need [height, width, channels] input. */
  needsImages: boolean;
  /** The spec for `outputs` classes and an input with `inputRank` axes. */
  spec(outputs: number, inputRank: number): ModelSpec;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'logistic',
    label: 'Logistic regression',
    needsImages: false,
    spec: logisticRegressionSpec,
  },
  { id: 'mlp', label: 'MLP (2 x 64 relu)', needsImages: false, spec: mlpSpec },
  {
    id: 'small-cnn',
    label: 'Small CNN',
    needsImages: true,
    spec: (outputs) => smallCnnSpec(outputs),
  },
  { id: 'lenet', label: 'LeNet-5', needsImages: true, spec: (outputs) => lenetSpec(outputs) },
];
