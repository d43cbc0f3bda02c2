/**
 * A Python script that rebuilds a ModelSpec in Keras, layer by layer and with the TF.js layer
 * names, then loads the weights exported in the TF.js layers format (export-tfjs.ts), so a model
 * trained in the browser carries on on a bigger machine with the same predictions. Dense and
 * conv2d kernels need no transposition: TF.js and Keras both keep [in, out] and
 * [kh, kw, in, out] (channels-last).
 */
import { inferModel } from './inference';
import type { LayerSpec, LayerSummary, ModelSpec, Shape, Size2 } from './spec';

export interface KerasScriptOptions {
  weightsFile: 'weights.bin';
  modelJsonFile: 'model.json';
}

/** The name buildModel gives the layer at `index`; weight names in model.json start with it. */
export const layerName = (layer: LayerSpec, index: number): string => `${layer.type}_${index}`;

const NON_TRAINABLE = ['moving_mean', 'moving_variance'];

/** A layer's weights in the order Keras's set_weights takes them, which TF.js also uses. */
function weightSuffixes(layer: LayerSpec): string[] {
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

const pyString = (text: string): string => JSON.stringify(text);
const pyTuple = (values: readonly number[]): string =>
  values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
const pySize = (size: Size2): string => pyTuple(size2(size));

/** The Keras constructor call for one layer, with every argument that changes its behaviour. */
function kerasLayer(layer: LayerSpec, index: number): string {
  const name = `name=${pyString(layerName(layer, index))}`;
  switch (layer.type) {
    case 'dense':
      return (
        `keras.layers.Dense(units=${layer.units}, activation=${pyString(layer.activation)}, ` +
        `use_bias=${layer.useBias === false ? 'False' : 'True'}, ${name})`
      );
    case 'conv2d':
      return (
        `keras.layers.Conv2D(filters=${layer.filters}, kernel_size=${pySize(layer.kernelSize)}, ` +
        `strides=${pySize(layer.strides ?? 1)}, padding=${pyString(layer.padding ?? 'valid')}, ` +
        `activation=${pyString(layer.activation)}, ` +
        `use_bias=${layer.useBias === false ? 'False' : 'True'}, ${name})`
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
        `epsilon=${layer.epsilon ?? 0.001}, ${name})`
      );
    case 'activation':
      return `keras.layers.Activation(${pyString(layer.activation)}, ${name})`;
    case 'reshape':
      return `keras.layers.Reshape(target_shape=${pyTuple(layer.targetShape)}, ${name})`;
  }
}

const shapeComment = (summary: LayerSummary | undefined): string =>
  summary ? `  # -> ${pyTuple(summary.outputShape)}, ${summary.params} params` : '';

/**
 * The script's text. `spec` must be valid for `inputShape` (as for buildModel): an invalid one
 * throws the InvalidSpecError inferModel reports.
 */
export function kerasScript(
  spec: ModelSpec,
  inputShape: number[],
  options: KerasScriptOptions,
): string {
  const summary = inferModel(spec, inputShape);
  if (!summary.ok) throw summary.error;
  const layers = spec.layers
    .map((layer, index) => {
      const call = `            ${kerasLayer(layer, index)},`;
      return call + shapeComment(summary.value.layers[index]);
    })
    .join('\n');
  const weights = spec.layers
    .map((layer, index) => ({ name: layerName(layer, index), suffixes: weightSuffixes(layer) }))
    .filter(({ suffixes }) => suffixes.length > 0)
    .map(({ name, suffixes }) => `    ${pyString(name)}: [${suffixes.map(pyString).join(', ')}],`)
    .join('\n');
  return template({
    inputShape,
    layers,
    weights,
    totalParams: summary.value.totalParams,
    ...options,
  });
}

interface TemplateValues extends KerasScriptOptions {
  inputShape: Shape;
  layers: string;
  weights: string;
  totalParams: number;
}

function template(v: TemplateValues): string {
  return `#!/usr/bin/env python3
"""Rebuilds a model trained in Gradlab with Keras and loads its TensorFlow.js weights.

${v.modelJsonFile} and ${v.weightsFile} (the TF.js layers format) are read from this script's folder.
Needs Python 3 with numpy and TensorFlow 2.x (tf.keras) or Keras 3.

  python rebuild_model.py                      rebuild, load the weights, print a summary
  python rebuild_model.py --check inputs.npy   also print the predictions for these inputs
                                               (.npy or .json, one example per row; flat rows
                                               are reshaped to the input shape)
  python rebuild_model.py --save model.keras   also save the model in Keras's own format

Without --check, inputs.npy next to this script is used when it exists. The predictions are
printed as JSON, one row per example, to compare with what Gradlab predicts for the same inputs.
"""
import argparse
import json
import os
import sys

import numpy as np

try:
    from tensorflow import keras
except ImportError:
    import keras

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_JSON = os.path.join(HERE, ${pyString(v.modelJsonFile)})
DEFAULT_INPUTS = os.path.join(HERE, "inputs.npy")
INPUT_SHAPE = ${pyTuple(v.inputShape)}
TOTAL_PARAMS = ${v.totalParams}

# Each layer's weights as TF.js names them in ${v.modelJsonFile} (layer/weight), in the order that
# layer.set_weights expects.
LAYER_WEIGHTS = {
${v.weights}
}

DTYPES = {"float32": "<f4", "int32": "<i4", "bool": "|b1"}


def build_model():
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
${v.layers}
        ],
        name="gradlab_model",
    )


def read_weights(model_json_path):
    """Every tensor of the weights manifest by name, read from the files it lists, in order."""
    with open(model_json_path, encoding="utf-8") as f:
        manifest = json.load(f)["weightsManifest"]
    folder = os.path.dirname(os.path.abspath(model_json_path))
    tensors = {}
    for group in manifest:
        data = b""
        for path in group["paths"]:
            with open(os.path.join(folder, path), "rb") as f:
                data += f.read()
        offset = 0
        for spec in group["weights"]:
            if "quantization" in spec or spec["dtype"] not in DTYPES:
                sys.exit("Cannot read weight %s (dtype %s)." % (spec["name"], spec["dtype"]))
            dtype = np.dtype(DTYPES[spec["dtype"]])
            count = int(np.prod(spec["shape"], dtype=np.int64))
            values = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            tensors[spec["name"]] = values.reshape(spec["shape"]).astype(dtype.newbyteorder("="))
            offset += count * dtype.itemsize
    return tensors


def load_weights(model, tensors):
    expected = {layer + "/" + w for layer, names in LAYER_WEIGHTS.items() for w in names}
    unknown = sorted(set(tensors) - expected)
    missing = sorted(expected - set(tensors))
    if unknown or missing:
        sys.exit(
            "The weights do not fit this model (missing: %s; unexpected: %s). Export the model "
            "and this script again from the same run." % (missing, unknown)
        )
    for layer, names in LAYER_WEIGHTS.items():
        model.get_layer(layer).set_weights([tensors[layer + "/" + w] for w in names])


def read_inputs(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            values = np.asarray(json.load(f), dtype=np.float32)
    else:
        values = np.load(path).astype(np.float32)
    return values.reshape((-1,) + INPUT_SHAPE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", metavar="INPUTS", help="inputs to predict (.npy or .json)")
    parser.add_argument("--save", metavar="PATH", help="save the model, e.g. model.keras")
    parser.add_argument("--model-json", default=MODEL_JSON, help="path to ${v.modelJsonFile}")
    args = parser.parse_args()

    model = build_model()
    # stdout is kept for the predictions, so they can be piped as JSON.
    model.summary(print_fn=lambda line, *_, **__: print(line, file=sys.stderr))
    if model.count_params() != TOTAL_PARAMS:
        sys.exit("Keras counts %d parameters, Gradlab %d." % (model.count_params(), TOTAL_PARAMS))
    load_weights(model, read_weights(args.model_json))

    inputs_path = args.check or (DEFAULT_INPUTS if os.path.exists(DEFAULT_INPUTS) else None)
    if inputs_path:
        predictions = model.predict(read_inputs(inputs_path), verbose=0)
        print(json.dumps(np.asarray(predictions).reshape(len(predictions), -1).tolist()))
    if args.save:
        model.save(args.save)
        print("Saved %s" % args.save, file=sys.stderr)


if __name__ == "__main__":
    main()
`;
}
