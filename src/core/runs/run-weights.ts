/**
 * What the training worker's `loadWeights` needs of a run's weights (model.json's manifest specs,
 * in order, over weights.bin's bytes), and the input shape a model.json was saved for.
 */
import { isRecord } from '../is-record';
import { checkFiniteWeights, type NonFiniteWeightsError } from '../model/finite-weights';
import type { ExportedEvent, LoadableWeightSpec } from '../protocol';
import { err, ok, type Result } from '../result';
import type { RunWeights } from './stored-run';

const DTYPES = ['float32', 'int32', 'bool'] as const;
const BYTES: Record<LoadableWeightSpec['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

function parse(modelJson: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(modelJson);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function specOf(entry: unknown): LoadableWeightSpec | null {
  if (!isRecord(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.shape)) {
    return null;
  }
  const shape: number[] = [];
  for (const d of entry.shape as unknown[]) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return null;
    shape.push(d);
  }
  const dtype = DTYPES.find((t) => t === entry.dtype);
  return dtype === undefined ? null : { name: entry.name, shape, dtype };
}

/** The manifest's specs in order, or null when model.json is not in the TF.js layers format. */
export function weightSpecsOf(modelJson: string): LoadableWeightSpec[] | null {
  const groups = parse(modelJson)?.weightsManifest;
  if (!Array.isArray(groups)) return null;
  const specs: LoadableWeightSpec[] = [];
  for (const group of groups as unknown[]) {
    if (!isRecord(group) || !Array.isArray(group.weights)) return null;
    for (const entry of group.weights as unknown[]) {
      const spec = specOf(entry);
      if (spec === null) return null;
      specs.push(spec);
    }
  }
  return specs;
}

/** The bytes the specs describe. */
export const specBytes = (specs: readonly LoadableWeightSpec[]): number =>
  specs.reduce((sum, s) => sum + s.shape.reduce((n, d) => n * d, 1) * BYTES[s.dtype], 0);

/** The weights as the worker loads them (a copy of the bytes: the request transfers them). */
export function loadableWeights(
  weights: RunWeights,
): Result<{ weightSpecs: LoadableWeightSpec[]; data: ArrayBuffer }, string> {
  const weightSpecs = weightSpecsOf(weights.modelJson);
  if (weightSpecs === null) return err('its model.json is not in the TF.js layers format');
  const declared = specBytes(weightSpecs);
  if (declared !== weights.data.byteLength) {
    return err(
      `its model.json describes ${declared} bytes of weights, its weights.bin holds ` +
        `${weights.data.byteLength}`,
    );
  }
  return ok({ weightSpecs, data: weights.data.slice(0) });
}

/**
 * Ok when every value of weights.bin is a number (model.json's specs over it), else the error
 * naming the layer, worded with `consequence`. A model.json that is not in the TF.js layers
 * format is ok here: that is loadableWeights' finding.
 */
export function finiteRunWeights(
  weights: RunWeights,
  consequence: string,
): Result<void, NonFiniteWeightsError> {
  const specs = weightSpecsOf(weights.modelJson);
  return specs === null ? ok(undefined) : checkFiniteWeights(specs, weights.data, consequence);
}

/** The input shape (without the batch) of model.json's first layer, or null when it names none. */
export function modelJsonInputShape(modelJson: string): number[] | null {
  const topology = parse(modelJson)?.modelTopology;
  const config = isRecord(topology) ? topology.config : undefined;
  const layers = isRecord(config) ? config.layers : undefined;
  const first: unknown = Array.isArray(layers) ? layers[0] : undefined;
  const shape = isRecord(first) && isRecord(first.config) ? first.config.batch_input_shape : null;
  if (!Array.isArray(shape) || shape.length < 2) return null;
  const dims = shape.slice(1);
  return dims.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d > 0)
    ? dims
    : null;
}

/** How long a run's end waits for the worker's weights before the run is saved without them. */
export const EXPORT_TIMEOUT_MS = 20_000;

/** The weights the worker's `export` answered with; null when it had no model to export. */
export const runWeightsOf = (exported: ExportedEvent): RunWeights | null =>
  exported.modelJson === '' ? null : { modelJson: exported.modelJson, data: exported.weights };
