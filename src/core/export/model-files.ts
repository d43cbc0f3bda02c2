/**
 * What an exported model says about itself beyond TF.js's own fields: the `gradlab` entry of
 * model.json's `userDefinedMetadata` (TF.js keeps it through tf.loadLayersModel, and
 * model.getUserDefinedMetadata() returns it), and the name of the preprocessing file beside it.
 */
import { InvalidStateError } from '../errors';
import { isRecord } from '../is-record';
import { err, ok, type Result } from '../result';
import type { Preprocessing } from './preprocessing';

export const PREPROCESSING_FILE = 'preprocessing.json';

export interface GradlabModelMetadata {
  classNames: string[];
  inputShape: number[];
  task: Preprocessing['task'];
  targetName: string | null;
  preprocessing: Preprocessing;
  datasetName: string;
}

/** The metadata of a model trained on data preprocessed this way. */
export function modelMetadata(
  preprocessing: Preprocessing,
  datasetName: string,
): GradlabModelMetadata {
  const { classNames, inputShape, task, targetName } = preprocessing;
  return { classNames, inputShape, task, targetName, preprocessing, datasetName };
}

/**
 * model.json's text with `userDefinedMetadata.gradlab` set, every other field as it was (a
 * metadata entry of another tool is kept).
 */
export function withGradlabMetadata(
  modelJson: string,
  metadata: GradlabModelMetadata,
): Result<string, InvalidStateError> {
  let json: unknown;
  try {
    json = JSON.parse(modelJson);
  } catch {
    json = undefined;
  }
  if (!isRecord(json)) {
    return err(new InvalidStateError('The exported model.json is not a JSON object.'));
  }
  const existing = isRecord(json.userDefinedMetadata) ? json.userDefinedMetadata : {};
  return ok(JSON.stringify({ ...json, userDefinedMetadata: { ...existing, gradlab: metadata } }));
}
