/**
 * The one validator of the experiment value, whoever holds it: a bundle's cell (with its dataset
 * looked up by key), a stored playground draft, a run, a checkpoint. Each checks its own envelope
 * and hands the experiment's fields here. Unknown fields are kept, so what a newer Gradlab wrote
 * survives being read and saved again.
 */
import { toJsonValueWith, type JsonObject, type JsonValue } from '../bundle/canonical';
import {
  at,
  config,
  fail,
  keepUnknown,
  list,
  object,
  overlay,
  refusing,
  spec,
  text,
} from '../bundle/read-fields';
import { BUNDLE_LIMITS as L } from '../bundle/schema';
import type { DatasetRef } from '../data/dataset';
import { validateDatasetRef } from '../data/ref';
import { InvalidExperimentError } from '../errors';
import type { Result } from '../result';
import type { Experiment } from './experiment';

const EXPERIMENT_FIELDS = ['dataset', 'model', 'config', 'views', 'locks'];

/** A DatasetRef read at `path`, with the input's unknown fields laid back on. */
export function readDatasetRef(value: JsonValue | undefined, path: string): DatasetRef {
  const checked = validateDatasetRef(value);
  if (!checked.ok) {
    fail('invalid-dataset', path, `is not a dataset Gradlab can load: ${checked.error.message}`);
  }
  return overlay(checked.value, value);
}

/**
 * The experiment whose other fields are in `input` (an object at `path`) and whose dataset is
 * `dataset`. `known` lists the envelope's own fields, which are not kept as unknown ones.
 */
export function readExperiment(
  input: JsonObject,
  path: string,
  dataset: DatasetRef,
  known: readonly string[] = [],
): Experiment {
  const names = (field: string, max: number) =>
    list(at(input, field), `${path}.${field}`, max).map((name, i) =>
      text(name, `${path}.${field}[${i}]`, 1, L.idLength),
    );
  const experiment: Experiment = {
    dataset,
    model: spec(at(input, 'model'), `${path}.model`),
    config: config(at(input, 'config'), `${path}.config`),
    views: names('views', L.views),
  };
  if (at(input, 'locks') !== undefined) experiment.locks = names('locks', L.locks);
  return keepUnknown(input, [...EXPERIMENT_FIELDS, ...known], experiment);
}

/** An experiment standing on its own (its dataset inline), read at `path` of a JsonValue. */
export function readStandaloneExperiment(value: JsonValue | undefined, path: string): Experiment {
  const input = object(value, path);
  return readExperiment(input, path, readDatasetRef(at(input, 'dataset'), `${path}.dataset`));
}

/** Untrusted input (a stored record's field) to an Experiment, or why it is not one. */
export function validateExperiment(
  input: unknown,
  path = 'experiment',
): Result<Experiment, InvalidExperimentError> {
  const refuse = (at: string, problem: string, reason: string) =>
    new InvalidExperimentError(`The experiment is not valid: ${at} ${problem}.`, reason);
  const json = toJsonValueWith(input, (at, problem, reason) =>
    refuse(
      at === '' ? path : at.startsWith('[') ? `${path}${at}` : `${path}.${at}`,
      problem,
      reason,
    ),
  );
  if (!json.ok) return json;
  return refusing(
    () => readStandaloneExperiment(json.value, path),
    ({ path: at, problem, reason }) => refuse(at, problem, reason),
  );
}
