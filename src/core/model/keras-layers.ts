/**
 * How each ModelSpec layer is written in Keras 3 with the name buildModel gives it in TF.js, and
 * which weights it holds in TF.js's manifest order. Shared by the scripts that rebuild a model
 * (rebuild_model.py) and train it (the training project's train.py), so both map layers alike.
 * Dense and conv2d kernels need no transposition: TF.js and Keras both keep [in, out] and
 * [kh, kw, in, out] (channels-last).
 */
import { inferModel } from './inference';
import type { LayerSpec, ModelSpec, Shape, Size2 } from './spec';

/** The name buildModel gives the layer at `index`; weight names in model.json start with it. */
export const layerName = (layer: LayerSpec, index: number): string => `${layer.type}_${index}`;

const NON_TRAINABLE = ['moving_mean', 'moving_variance'];

/** A layer's weights in the order Keras's set_weights takes them, which TF.js also uses. */
export function weightSuffixes(layer: LayerSpec): string[] {
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
      return layer.useBias === false ? ['kernel'] : ['kernel', 'bias'];
    case 'batchNormalization':
      return ['gamma', 'beta', ...NON_TRAINABLE];
    default:
      return [];
  }
}

/**
 * Every weight name of the model in model.json's manifest order (`dense_0/kernel`, ...): TF.js lists
 * all trainable weights, layer by layer, before the non-trainable batch-norm statistics.
 */
export function weightNames(spec: ModelSpec): string[] {
  const names = spec.layers.flatMap((layer, index) =>
    weightSuffixes(layer).map((suffix) => ({ name: `${layerName(layer, index)}/${suffix}` })),
  );
  return manifestOrder(names).map((w) => w.name);
}

export interface WeightShape {
  name: string;
  shape: number[];
}

/**
 * The weights buildModel gives `spec` on `inputShape`, with their shapes, in manifest order; an
 * invalid spec throws the InvalidSpecError inferModel reports.
 */
export function weightShapes(spec: ModelSpec, inputShape: Shape): WeightShape[] {
  const summary = inferModel(spec, inputShape);
  if (!summary.ok) throw summary.error;
  const weights = spec.layers.flatMap((layer, index) => {
    const input = index === 0 ? inputShape : (summary.value.layers[index - 1]?.outputShape ?? []);
    const last = input[input.length - 1] ?? 0;
    const name = layerName(layer, index);
    const shapes: Record<string, number[]> =
      layer.type === 'dense'
        ? { kernel: [last, layer.units], bias: [layer.units] }
        : layer.type === 'conv2d'
          ? { kernel: [...size2(layer.kernelSize), last, layer.filters], bias: [layer.filters] }
          : {};
    return weightSuffixes(layer).map((suffix) => ({
      name: `${name}/${suffix}`,
      shape: shapes[suffix] ?? [last],
    }));
  });
  return manifestOrder(weights);
}

function manifestOrder<W extends { name: string }>(weights: W[]): W[] {
  const trainable = (w: W) => !NON_TRAINABLE.some((suffix) => w.name.endsWith(`/${suffix}`));
  return [...weights.filter(trainable), ...weights.filter((w) => !trainable(w))];
}

const size2 = (size: Size2): [number, number] =>
  typeof size === 'number' ? [size, size] : [size[0], size[1]];

export const pyString = (text: string): string => JSON.stringify(text);
export const pyTuple = (values: readonly number[]): string =>
  values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
const pySize = (size: Size2): string => pyTuple(size2(size));

/**
 * Python expressions a script adds to some layers: the training script regularises kernels and
 * synchronises batch statistics across replicas; the rebuild script adds neither.
 */
export interface KerasLayerExtras {
  /** Passed as `kernel_regularizer=` to dense and conv2d layers (the only ones TF.js penalises). */
  kernelRegularizer?: string;
  /** Passed as `synchronized=` to batch normalization. */
  synchronizedBatchNorm?: string;
}

const extra = (key: string, value: string | undefined): string =>
  value === undefined ? '' : `${key}=${value}, `;

/** The Keras constructor call for one layer, with every argument that changes its behaviour. */
export function kerasLayer(layer: LayerSpec, index: number, extras: KerasLayerExtras = {}): string {
  const name = `name=${pyString(layerName(layer, index))}`;
  const regularizer = extra('kernel_regularizer', extras.kernelRegularizer);
  switch (layer.type) {
    case 'dense':
      return (
        `keras.layers.Dense(units=${layer.units}, activation=${pyString(layer.activation)}, ` +
        `use_bias=${layer.useBias === false ? 'False' : 'True'}, ${regularizer}${name})`
      );
    case 'conv2d':
      return (
        `keras.layers.Conv2D(filters=${layer.filters}, kernel_size=${pySize(layer.kernelSize)}, ` +
        `strides=${pySize(layer.strides ?? 1)}, padding=${pyString(layer.padding ?? 'valid')}, ` +
        `activation=${pyString(layer.activation)}, ` +
        `use_bias=${layer.useBias === false ? 'False' : 'True'}, ${regularizer}${name})`
      );
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const kind = layer.type === 'maxPooling2d' ? 'MaxPooling2D' : 'AveragePooling2D';
      return (
        `keras.layers.${kind}(pool_size=${pySize(layer.poolSize)}, ` +
        `strides=${pySize(layer.strides ?? layer.poolSize)}, ` +
        `padding=${pyString(layer.padding ?? 'valid')}, ${name})`
      );
    }
    case 'flatten':
      return `keras.layers.Flatten(${name})`;
    case 'dropout':
      return `keras.layers.Dropout(rate=${layer.rate}, ${name})`;
    case 'batchNormalization':
      return (
        `keras.layers.BatchNormalization(axis=-1, momentum=${layer.momentum ?? 0.99}, ` +
        `epsilon=${layer.epsilon ?? 0.001}, ` +
        `${extra('synchronized', extras.synchronizedBatchNorm)}${name})`
      );
    case 'activation':
      return `keras.layers.Activation(${pyString(layer.activation)}, ${name})`;
    case 'reshape':
      return `keras.layers.Reshape(target_shape=${pyTuple(layer.targetShape)}, ${name})`;
  }
}

/**
 * The LAYER_WEIGHTS table's entries: each layer with weights, and its weight names in the order
 * set_weights expects, one line per layer indented by four spaces.
 */
export function layerWeightsTable(spec: ModelSpec): string {
  return spec.layers
    .map((layer, index) => ({ name: layerName(layer, index), suffixes: weightSuffixes(layer) }))
    .filter(({ suffixes }) => suffixes.length > 0)
    .map(({ name, suffixes }) => `    ${pyString(name)}: [${suffixes.map(pyString).join(', ')}],`)
    .join('\n');
}
