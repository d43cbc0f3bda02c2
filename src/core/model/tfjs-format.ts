/** The names and shape of a model in the TF.js layers format, as the worker exports it. */

/** The weights file `model.json` points at; the Keras script and the ZIP use the same name. */
export const WEIGHTS_FILE = 'weights.bin';
export const MODEL_JSON_FILE = 'model.json';

export interface ExportedModel {
  /** model.json's text. */
  modelJson: string;
  /** The bytes of weights.bin, in the order of the manifest. */
  weights: ArrayBuffer;
}
