/**
 * The file a user downloads to carry a trained model elsewhere: the TF.js layers format
 * (model.json + weights.bin, the model.json naming its classes, input and preprocessing in
 * `userDefinedMetadata.gradlab`), a Keras script that rebuilds the model from those files, the
 * preprocessing and two scorers of new raw data (Python and Node), and a README that says which
 * is which.
 */
import { fileStem } from '../../core/file-name';
import { zipSync } from 'fflate';
import { MODEL_JSON_FILE, WEIGHTS_FILE, type ExportedModel } from '../../core/model/tfjs-format';
import { kerasScript } from '../../core/model/keras-script';
import type { ModelSpec } from '../../core/model/spec';
import {
  modelMetadata,
  PREPROCESSING_FILE,
  withGradlabMetadata,
} from '../../core/export/model-files';
import { GRADLAB_LAYERS_FILE, gradlabLayersMjs } from '../../core/export/gradlab-layers-mjs';
import { PREDICT_MJS_FILE, predictMjs } from '../../core/export/predict-mjs';
import { PREDICT_PY_FILE, predictPy } from '../../core/export/predict-py';
import type { Preprocessing } from '../../core/export/preprocessing';

export const SCRIPT_FILE = 'rebuild_model.py';
export const README_FILE = 'README.txt';

export interface ModelZipParts {
  exported: ExportedModel;
  spec: ModelSpec;
  inputShape: number[];
  datasetName: string;
  /** What was done to the raw data before the model saw it. */
  preprocessing: Preprocessing;
}

/**
 * The ZIP's bytes; throws the InvalidSpecError of a spec that cannot be built, as kerasScript,
 * and the InvalidStateError of a model.json that is not JSON.
 */
export function modelZip({
  exported,
  spec,
  inputShape,
  datasetName,
  preprocessing,
}: ModelZipParts): Uint8Array {
  const encode = (text: string) => new TextEncoder().encode(text);
  const script = kerasScript(spec, inputShape, {
    weightsFile: WEIGHTS_FILE,
    modelJsonFile: MODEL_JSON_FILE,
  });
  const modelJson = withGradlabMetadata(
    exported.modelJson,
    modelMetadata(preprocessing, datasetName),
  );
  if (!modelJson.ok) throw modelJson.error;
  return zipSync({
    [MODEL_JSON_FILE]: encode(modelJson.value),
    // Weights are float noise to deflate: storing them saves time and loses almost nothing.
    [WEIGHTS_FILE]: [new Uint8Array(exported.weights), { level: 0 }],
    [SCRIPT_FILE]: encode(script),
    [PREPROCESSING_FILE]: encode(`${JSON.stringify(preprocessing, null, 2)}\n`),
    [PREDICT_PY_FILE]: encode(predictPy()),
    [PREDICT_MJS_FILE]: encode(predictMjs()),
    [GRADLAB_LAYERS_FILE]: encode(gradlabLayersMjs()),
    [README_FILE]: encode(readmeText(datasetName, inputShape, preprocessing)),
  });
}

/** `<dataset name>-model.zip`, without the characters file systems refuse. */
export const zipFileName = (datasetName: string): string => `${fileStem(datasetName)}-model.zip`;

export function readmeText(
  datasetName: string,
  inputShape: readonly number[],
  preprocessing: Preprocessing,
): string {
  return `A model trained in Gradlab on "${datasetName}".
Input: one example of shape [${inputShape.join(', ')}] (without the batch axis), as Gradlab feeds it.
${outputText(preprocessing)}

${MODEL_JSON_FILE}
  The architecture and the list of weights, in the TensorFlow.js layers format. Its
  userDefinedMetadata.gradlab names the classes, the input shape, the task, the target column,
  the dataset and the preprocessing (as in ${PREPROCESSING_FILE}); in TensorFlow.js,
  model.getUserDefinedMetadata() returns it.
${WEIGHTS_FILE}
  The weights as little-endian float32 values, in the order ${MODEL_JSON_FILE} lists them.

Load both with TensorFlow.js (browser or Node), after registering Gradlab's own layers (causal
self-attention and positional embedding, which TensorFlow.js lacks) from ${GRADLAB_LAYERS_FILE}:
  import { registerGradlabLayers } from './${GRADLAB_LAYERS_FILE}';
  registerGradlabLayers(tf);
  const model = await tf.loadLayersModel('https://<where you put them>/${MODEL_JSON_FILE}');
  or, from files in a browser, tf.loadLayersModel(tf.io.browserFiles([jsonFile, weightsFile])).

${SCRIPT_FILE}
  Rebuilds the same model layer by layer in Keras (Python 3, numpy, TensorFlow 2.x or Keras 3;
  Keras 3 for a model with attention, mapped to MultiHeadAttention with a causal mask),
  loads ${MODEL_JSON_FILE} and ${WEIGHTS_FILE} from its own folder and can save it as .keras:
    python ${SCRIPT_FILE} --check inputs.npy --save model.keras
  --check prints the predictions for your inputs (.npy or .json, one example per row) as JSON,
  to compare with Gradlab's for the same inputs.

${PREPROCESSING_FILE}
  What was done to the raw data before the model saw it. ${preprocessingText(preprocessing)}

${PREDICT_PY_FILE}
  Scores new raw data: reads ${PREPROCESSING_FILE}, preprocesses as Gradlab did, builds the
  model with ${SCRIPT_FILE} and prints one JSON line per example, with the most likely class and
  every class's probability (or the predicted value). Needs numpy and Keras 3 (Pillow for images):
    python ${PREDICT_PY_FILE} rows.csv          CSV rows with a header row (columns found by name,
                                             the target column may be left out)
    python ${PREDICT_PY_FILE} a.png b.jpg       images, for a model trained on images
    python ${PREDICT_PY_FILE} --json rows.csv   the raw output arrays instead
  A cell Gradlab would read as missing (empty, NA, NaN, null) is encoded as the import encoded
  it; a value training never saw is encoded as missing too, and said so on stderr.
  An image already at the model's size is read exactly as Gradlab read its images; a resized one
  can differ (Pillow's filters are not the browser's): resize images to the model's size first
  for exact inputs.

${PREDICT_MJS_FILE}
  The same for Node 18+ with TensorFlow.js, for CSV rows (or examples already preprocessed, as a
  JSON array of arrays):
    npm install @tensorflow/tfjs
    node ${PREDICT_MJS_FILE} rows.csv

The weights are those of the model when it was exported; the optimizer's state is not included.
`;
}

function outputText(preprocessing: Preprocessing): string {
  if (preprocessing.task === 'sequence') {
    return (
      'Output: for every position, one probability per token of the vocabulary (the ' +
      'next token), in the order of userDefinedMetadata.gradlab.preprocessing.tokenizer.vocab.'
    );
  }
  if (preprocessing.task === 'regression') {
    const target = preprocessing.targetName === null ? '' : ` of ${preprocessing.targetName}`;
    return `Output: one predicted value${target}.`;
  }
  return `Output: one probability per class, in this order: ${preprocessing.classNames.join(', ')}.`;
}

function preprocessingText(preprocessing: Preprocessing): string {
  switch (preprocessing.kind) {
    case 'points':
      return `The points (${preprocessing.features.join(', ')}) are fed as they are.`;
    case 'image':
      return (
        `Images are resized to ${preprocessing.width} x ${preprocessing.height}, read as ` +
        `${preprocessing.channels === 1 ? 'gray (luma)' : 'RGB'} and divided by ${preprocessing.scale}.`
      );
    case 'text':
      return (
        `The text is cut into ${preprocessing.tokenizer.kind === 'char' ? 'characters' : 'words'}, ` +
        'each replaced by its index in tokenizer.vocab (0 is padding, 1 an unknown token), ' +
        `and padded with 0 to ${preprocessing.inputShape[0] ?? 0} tokens.`
      );
    case 'tabular':
      return (
        'Each number column is standardised ((value - mean) / std), each category column ' +
        'one-hot encoded (name=value features), in the order of featureNames.' +
        (preprocessing.exact
          ? ''
          : ' The means and deviations are those of every row of the file, not only of the rows ' +
            'Gradlab kept (the dataset was imported before Gradlab kept those); import it again ' +
            'for exact ones.')
      );
  }
}
