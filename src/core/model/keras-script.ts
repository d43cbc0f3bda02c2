/**
 * A Python script that rebuilds a ModelSpec in Keras, layer by layer and with the TF.js layer
 * names (keras-layers.ts), then loads the weights exported in the TF.js layers format
 * (export-tfjs.ts), so a model trained in the browser carries on on a bigger machine with the same
 * predictions.
 */
import { inferModel } from './inference';
import {
  kerasModelBody,
  layerWeightsTable,
  needsPositionalEmbedding,
  POSITIONAL_EMBEDDING_PY,
  pyString,
  pyTuple,
} from './keras-layers';
import type { LayerSummary, ModelSpec, Shape } from './spec';

export { weightNames, weightShapes, type WeightShape } from './keras-layers';

export interface KerasScriptOptions {
  weightsFile: 'weights.bin';
  modelJsonFile: 'model.json';
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
  const model = kerasModelBody(spec, inputShape, {}, (index) =>
    shapeComment(summary.value.layers[index]),
  );
  const weights = layerWeightsTable(spec, inputShape);
  return template({
    inputShape,
    model,
    customLayers: needsPositionalEmbedding(spec) ? `\n\n${POSITIONAL_EMBEDDING_PY}` : '',
    weights,
    totalParams: summary.value.totalParams,
    ...options,
  });
}

interface TemplateValues extends KerasScriptOptions {
  inputShape: Shape;
  /** build_model's body. */
  model: string;
  /** Python classes for the Gradlab layers Keras lacks, after the weight table. */
  customLayers: string;
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
${v.customLayers}

def build_model():
${v.model}


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
