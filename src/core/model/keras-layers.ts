/**
 * How each ModelSpec layer is written in Keras 3 with the name buildModel gives it in TF.js, and
 * which weights it holds in TF.js's manifest order. Shared by the scripts that rebuild a model
 * (rebuild_model.py) and train it (the training project's train.py), so both map layers alike.
 * Kernels need no transposition: TF.js and Keras keep dense [in, out], conv1d [k, in, out],
 * conv2d [kh, kw, in, out] (channels-last), recurrent [in, gates * units] with the same gate order
 * (LSTM i, f, c, o; GRU z, r, h), and the Gradlab attention layer keeps Keras MultiHeadAttention's
 * einsum kernels ([width, heads, keyDim] and [heads, keyDim, width]).
 */
import { allLayers, type PlainLayer } from './blocks';
import { inferLayer } from './layer-shapes';
import { blockAddName, blockLayerName, layerName } from './layer-names';
import { inferModel } from './inference';
import type { LayerSpec, ModelSpec, Shape, Size2 } from './spec';

/** One step of the model as Keras builds it: a layer, or a block added to its input. */
export type KerasStep =
  | { kind: 'layer'; layer: PlainLayer; name: string; input: number[]; output: number[] }
  | { kind: 'residual'; addName: string; layers: KerasLayerStep[]; input: number[] };
export type KerasLayerStep = Extract<KerasStep, { kind: 'layer' }>;

/**
 * The model's steps with their names and input shapes; an invalid spec throws the
 * InvalidSpecError inferModel reports. A block nested in a block is named after its place.
 */
export function kerasSteps(spec: ModelSpec, inputShape: Shape): KerasStep[] {
  const summary = inferModel(spec, inputShape);
  if (!summary.ok) throw summary.error;
  const steps: KerasStep[] = [];
  let shape = [...inputShape];
  spec.layers.forEach((layer, index) => {
    if (layer.type === 'residual') {
      // A block's output has its input's shape (inferModel checked it).
      const inner = layersOf(layer.layers, shape, (l, j) => blockLayerName(index, j, l));
      steps.push({ kind: 'residual', addName: blockAddName(index), layers: inner, input: shape });
      return;
    }
    const [step] = layersOf([layer], shape, () => layerName(layer, index));
    if (step !== undefined) {
      steps.push(step);
      shape = step.output;
    }
  });
  return steps;
}

const flatLayers = (step: KerasStep): KerasLayerStep[] =>
  step.kind === 'layer' ? [step] : step.layers;

/** Plain layers in a row, each with its name and shapes; validation keeps blocks out of blocks. */
function layersOf(
  layers: readonly LayerSpec[],
  input: number[],
  name: (layer: LayerSpec, index: number) => string,
): KerasLayerStep[] {
  let shape = input;
  return layers.map((layer, index) => {
    if (layer.type === 'residual') throw new Error('A residual block cannot hold another one.');
    const inferred = inferLayer(layer, shape);
    // inferModel accepted the spec, so every layer takes its input.
    const output = inferred.ok ? inferred.value.outputShape : shape;
    const step: KerasLayerStep = {
      kind: 'layer',
      layer,
      name: name(layer, index),
      input: shape,
      output,
    };
    shape = output;
    return step;
  });
}

/**
 * Whether Keras needs the functional API: a residual block adds a step's input to its output,
 * and MultiHeadAttention takes its query and value as two arguments; otherwise a Sequential.
 */
export const needsFunctional = (spec: ModelSpec): boolean =>
  spec.layers.some((l) => l.type === 'residual') ||
  allLayers(spec.layers).some((l) => l.type === 'causalSelfAttention');

const NON_TRAINABLE = ['moving_mean', 'moving_variance'];

const ATTENTION_WEIGHTS = ['query', 'key', 'value', 'attention_output'].flatMap((dense) => [
  `${dense}/kernel`,
  `${dense}/bias`,
]);

/** A layer's weights in the order Keras's set_weights takes them, which TF.js also uses. */
export function weightSuffixes(layer: PlainLayer): string[] {
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
    case 'conv1d':
      return layer.useBias === false ? ['kernel'] : ['kernel', 'bias'];
    case 'batchNormalization':
      return ['gamma', 'beta', ...NON_TRAINABLE];
    case 'embedding':
    case 'positionalEmbedding':
      return ['embeddings'];
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      return ['kernel', 'recurrent_kernel', 'bias'];
    case 'layerNormalization':
      return ['gamma', 'beta'];
    case 'causalSelfAttention':
      return ATTENTION_WEIGHTS;
    case 'maxPooling2d':
    case 'averagePooling2d':
    case 'flatten':
    case 'dropout':
    case 'activation':
    case 'reshape':
    case 'globalAveragePooling1d':
      return [];
  }
}

/** Every weight name of the model in model.json's manifest order (`dense_0/kernel`, ...). */
export function weightNames(spec: ModelSpec, inputShape: Shape): string[] {
  return weightShapes(spec, inputShape).map((w) => w.name);
}

export interface WeightShape {
  name: string;
  shape: number[];
}

const gates = (layer: PlainLayer): number =>
  layer.type === 'lstm' ? 4 : layer.type === 'gru' ? 3 : 1;

/** Each weight's shape for a layer on `input` (an example's shape, without the batch axis). */
function shapesOf(layer: PlainLayer, input: readonly number[]): Record<string, number[]> {
  const last = input[input.length - 1] ?? 0;
  switch (layer.type) {
    case 'dense':
      return { kernel: [last, layer.units], bias: [layer.units] };
    case 'conv2d':
      return {
        kernel: [...size2(layer.kernelSize), last, layer.filters],
        bias: [layer.filters],
      };
    case 'conv1d':
      return { kernel: [layer.kernelSize, last, layer.filters], bias: [layer.filters] };
    case 'embedding':
      return { embeddings: [layer.inputDim, layer.outputDim] };
    case 'positionalEmbedding':
      return { embeddings: [...input] };
    case 'simpleRNN':
    case 'lstm':
    case 'gru': {
      const width = gates(layer) * layer.units;
      return {
        kernel: [last, width],
        recurrent_kernel: [layer.units, width],
        bias: [width],
      };
    }
    case 'causalSelfAttention': {
      const { heads, keyDim } = layer;
      const projection = { kernel: [last, heads, keyDim], bias: [heads, keyDim] };
      return Object.fromEntries(
        [
          ...['query', 'key', 'value'].flatMap((dense) => [
            [`${dense}/kernel`, projection.kernel],
            [`${dense}/bias`, projection.bias],
          ]),
          ['attention_output/kernel', [heads, keyDim, last]],
          ['attention_output/bias', [last]],
        ].map(([key, shape]) => [key as string, shape as number[]]),
      );
    }
    default:
      // Batch and layer normalization: one value per feature of the last axis.
      return {};
  }
}

/**
 * The weights buildModel gives `spec` on `inputShape`, with their shapes, in manifest order: TF.js
 * lists all trainable weights, layer by layer (blocks opened), before the non-trainable batch-norm
 * statistics. An invalid spec throws the InvalidSpecError inferModel reports.
 */
export function weightShapes(spec: ModelSpec, inputShape: Shape): WeightShape[] {
  const weights = kerasSteps(spec, inputShape)
    .flatMap(flatLayers)
    .flatMap(({ layer, name, input }) => {
      const shapes = shapesOf(layer, input);
      const last = input[input.length - 1] ?? 0;
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
const pyBool = (value: boolean): string => (value ? 'True' : 'False');

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

/** The class the generated scripts define for the Gradlab positional embedding. */
export const POSITIONAL_EMBEDDING_CLASS = 'PositionalEmbedding';

/**
 * The Keras layer GradlabPositionalEmbedding maps to, for scripts whose models hold one: Keras
 * has no such layer, so the scripts define it (a weight `embeddings` [length, width] added to
 * every example). `+` rather than keras.ops, so it also runs with tf.keras.
 */
export const POSITIONAL_EMBEDDING_PY = `class ${POSITIONAL_EMBEDDING_CLASS}(keras.layers.Layer):
    """A learned vector per position added to the input: Gradlab's GradlabPositionalEmbedding."""

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            name="embeddings", shape=tuple(input_shape[1:]), initializer="zeros")

    def call(self, inputs):
        return inputs + self.embeddings

    def compute_output_shape(self, input_shape):
        return input_shape
`;

/** The Keras constructor call for one top-level layer, named as buildModel names it. */
export function kerasLayer(
  layer: PlainLayer,
  index: number,
  extras: KerasLayerExtras = {},
): string {
  return kerasLayerNamed(layer, layerName(layer, index), extras);
}

/** The Keras constructor call for one layer, with every argument that changes its behaviour. */
export function kerasLayerNamed(
  layer: PlainLayer,
  layerName: string,
  extras: KerasLayerExtras = {},
): string {
  const name = `name=${pyString(layerName)}`;
  const regularizer = extra('kernel_regularizer', extras.kernelRegularizer);
  switch (layer.type) {
    case 'dense':
      return (
        `keras.layers.Dense(units=${layer.units}, activation=${pyString(layer.activation)}, ` +
        `use_bias=${pyBool(layer.useBias !== false)}, ${regularizer}${name})`
      );
    case 'conv2d':
      return (
        `keras.layers.Conv2D(filters=${layer.filters}, kernel_size=${pySize(layer.kernelSize)}, ` +
        `strides=${pySize(layer.strides ?? 1)}, padding=${pyString(layer.padding ?? 'valid')}, ` +
        `activation=${pyString(layer.activation)}, ` +
        `use_bias=${pyBool(layer.useBias !== false)}, ${regularizer}${name})`
      );
    case 'conv1d':
      return (
        `keras.layers.Conv1D(filters=${layer.filters}, kernel_size=${layer.kernelSize}, ` +
        `strides=${layer.strides ?? 1}, padding=${pyString(layer.padding ?? 'valid')}, ` +
        `activation=${pyString(layer.activation)}, ` +
        `use_bias=${pyBool(layer.useBias !== false)}, ${name})`
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
    case 'embedding':
      return (
        `keras.layers.Embedding(input_dim=${layer.inputDim}, output_dim=${layer.outputDim}, ` +
        `${name})`
      );
    case 'positionalEmbedding':
      return `${POSITIONAL_EMBEDDING_CLASS}(${name})`;
    case 'simpleRNN':
      return (
        `keras.layers.SimpleRNN(units=${layer.units}, activation="tanh", ` +
        `return_sequences=${pyBool(layer.returnSequences)}, ${name})`
      );
    case 'lstm':
      return (
        `keras.layers.LSTM(units=${layer.units}, activation="tanh", ` +
        `recurrent_activation="sigmoid", return_sequences=${pyBool(layer.returnSequences)}, ` +
        `${name})`
      );
    case 'gru':
      // TF.js's GRU applies the reset gate before the recurrent kernel: Keras's reset_after=False.
      return (
        `keras.layers.GRU(units=${layer.units}, activation="tanh", ` +
        `recurrent_activation="sigmoid", reset_after=False, ` +
        `return_sequences=${pyBool(layer.returnSequences)}, ${name})`
      );
    case 'globalAveragePooling1d':
      return `keras.layers.GlobalAveragePooling1D(${name})`;
    case 'layerNormalization':
      return `keras.layers.LayerNormalization(axis=-1, epsilon=${layer.epsilon ?? 0.001}, ${name})`;
    case 'causalSelfAttention':
      return (
        `keras.layers.MultiHeadAttention(num_heads=${layer.heads}, key_dim=${layer.keyDim}, ` +
        `${name})`
      );
  }
}

/** How a layer is applied to the tensor `x` in functional code: attention sees x twice. */
const applied = (step: KerasLayerStep, call: string): string =>
  step.layer.type === 'causalSelfAttention' ? `${call}(x, x, use_causal_mask=True)` : `${call}(x)`;

/**
 * The body of a `build_model` function (indented by four spaces) that returns the Keras model:
 * a Sequential when every layer takes one input, else the functional API. `comment` adds a
 * note after each top-level layer (its output shape and parameter count).
 */
export function kerasModelBody(
  spec: ModelSpec,
  inputShape: Shape,
  extras: KerasLayerExtras = {},
  comment: (index: number) => string = () => '',
): string {
  const steps = kerasSteps(spec, inputShape);
  if (!needsFunctional(spec)) {
    const layers = steps
      .map((step, index) =>
        step.kind === 'layer'
          ? `            ${kerasLayerNamed(step.layer, step.name, extras)},${comment(index)}`
          : '',
      )
      .join('\n');
    return `    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
${layers}
        ],
        name="gradlab_model",
    )`;
  }
  const line = (step: KerasLayerStep) =>
    `    x = ${applied(step, kerasLayerNamed(step.layer, step.name, extras))}`;
  const body = steps.map((step, index) =>
    step.kind === 'layer'
      ? `${line(step)}${comment(index)}`
      : [
          '    block = x',
          ...step.layers.map(line),
          `    x = keras.layers.Add(name=${pyString(step.addName)})([block, x])${comment(index)}`,
        ].join('\n'),
  );
  return [
    '    inputs = keras.Input(shape=INPUT_SHAPE)',
    '    x = inputs',
    ...body,
    '    return keras.Model(inputs, x, name="gradlab_model")',
  ].join('\n');
}

/** Whether the spec holds a layer the scripts must define themselves. */
export const needsPositionalEmbedding = (spec: ModelSpec): boolean =>
  allLayers(spec.layers).some((l) => l.type === 'positionalEmbedding');

/**
 * The LAYER_WEIGHTS table's entries: each layer with weights, and its weight names in the order
 * set_weights expects, one line per layer indented by four spaces.
 */
export function layerWeightsTable(spec: ModelSpec, inputShape: Shape): string {
  return kerasSteps(spec, inputShape)
    .flatMap(flatLayers)
    .map(({ layer, name }) => ({ name, suffixes: weightSuffixes(layer) }))
    .filter(({ suffixes }) => suffixes.length > 0)
    .map(({ name, suffixes }) => `    ${pyString(name)}: [${suffixes.map(pyString).join(', ')}],`)
    .join('\n');
}
