/**
 * The file a user downloads to carry a trained model elsewhere: the TF.js layers format
 * (model.json + weights.bin), a Keras script that rebuilds the model from those files, and a README
 * that says which is which.
 */
import { zipSync } from 'fflate';
import { MODEL_JSON_FILE, WEIGHTS_FILE, type ExportedModel } from '../../core/model/tfjs-format';
import { kerasScript } from '../../core/model/keras-script';
import type { ModelSpec } from '../../core/model/spec';

export const SCRIPT_FILE = 'rebuild_model.py';
export const README_FILE = 'README.txt';

export interface ModelZipParts {
  exported: ExportedModel;
  spec: ModelSpec;
  inputShape: number[];
  datasetName: string;
}

/** The ZIP's bytes; throws the InvalidSpecError of a spec that cannot be built, as kerasScript. */
export function modelZip({ exported, spec, inputShape, datasetName }: ModelZipParts): Uint8Array {
  const encode = (text: string) => new TextEncoder().encode(text);
  const script = kerasScript(spec, inputShape, {
    weightsFile: WEIGHTS_FILE,
    modelJsonFile: MODEL_JSON_FILE,
  });
  return zipSync({
    [MODEL_JSON_FILE]: encode(exported.modelJson),
    // Weights are float noise to deflate: storing them saves time and loses almost nothing.
    [WEIGHTS_FILE]: [new Uint8Array(exported.weights), { level: 0 }],
    [SCRIPT_FILE]: encode(script),
    [README_FILE]: encode(readmeText(datasetName, inputShape)),
  });
}

/** `<dataset name>-model.zip`, without the characters file systems refuse. */
export function zipFileName(datasetName: string): string {
  const safe = datasetName
    .replace(/[\p{Cc}/\\:*?"<>|]+/gu, '-')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100);
  return `${safe || 'gradlab'}-model.zip`;
}

export function readmeText(datasetName: string, inputShape: readonly number[]): string {
  return `A model trained in Gradlab on "${datasetName}".
Input: one example of shape [${inputShape.join(', ')}] (without the batch axis), as Gradlab feeds it.

${MODEL_JSON_FILE}
  The architecture and the list of weights, in the TensorFlow.js layers format.
${WEIGHTS_FILE}
  The weights as little-endian float32 values, in the order ${MODEL_JSON_FILE} lists them.

Load both with TensorFlow.js (browser or Node):
  const model = await tf.loadLayersModel('https://<where you put them>/${MODEL_JSON_FILE}');
  or, from files in a browser, tf.loadLayersModel(tf.io.browserFiles([jsonFile, weightsFile])).

${SCRIPT_FILE}
  Rebuilds the same model layer by layer in Keras (Python 3, numpy, TensorFlow 2.x or Keras 3),
  loads ${MODEL_JSON_FILE} and ${WEIGHTS_FILE} from its own folder and can save it as .keras:
    python ${SCRIPT_FILE} --check inputs.npy --save model.keras
  --check prints the predictions for your inputs (.npy or .json, one example per row) as JSON,
  to compare with Gradlab's for the same inputs.

The weights are those of the model when it was exported; the optimizer's state is not included.
`;
}
