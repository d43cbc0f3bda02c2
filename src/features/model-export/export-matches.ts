/**
 * Whether the model the worker exported is the one the editor shows. The worker's model was built
 * at the last start or reset; if the spec changed since, the Keras script (written from the spec)
 * would not fit the weights, so the export is refused instead of handing out files that disagree.
 */
import { InvalidStateError } from '../../core/errors';
import { inferModel } from '../../core/model/inference';
import { kerasSteps, weightShapes } from '../../core/model/keras-layers';
import type { ModelSpec } from '../../core/model/spec';
import { err, ok, type Result } from '../../core/result';
import { isRecord } from '../../core/is-record';

const STALE =
  'The trained model is not the one in the editor any more (the layers or the data changed ' +
  'since it was built). Train or reset it, then export again.';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `weightsManifest[*].weights` as `name:shape` strings, or null when model.json lacks them. */
function manifestWeights(json: Record<string, unknown>): string[] | null {
  const groups = json.weightsManifest;
  if (!Array.isArray(groups)) return null;
  const weights: string[] = [];
  for (const group of groups) {
    if (!isRecord(group) || !Array.isArray(group.weights)) return null;
    for (const w of group.weights) {
      if (!isRecord(w) || typeof w.name !== 'string' || !Array.isArray(w.shape)) return null;
      weights.push(`${w.name}:${w.shape.join('x')}`);
    }
  }
  return weights;
}

/**
 * The layers of a topology as `name:batch_input_shape`, the shape only where a layer declares it:
 * a Sequential's first layer, or a functional model's input layer (listed as `input:shape`, its
 * name being TF.js's own).
 */
function topologyLayers(json: Record<string, unknown>): string[] | null {
  const topology = json.modelTopology;
  const config = isRecord(topology) ? topology.config : undefined;
  const layers = isRecord(config) ? config.layers : undefined;
  if (!Array.isArray(layers)) return null;
  const names: string[] = [];
  for (const layer of layers) {
    const c = isRecord(layer) ? layer.config : undefined;
    if (!isRecord(c) || typeof c.name !== 'string') return null;
    const shape = Array.isArray(c.batch_input_shape) ? c.batch_input_shape.slice(1).join('x') : '';
    const input = isRecord(layer) && layer.class_name === 'InputLayer';
    names.push(`${input ? 'input' : c.name}:${shape}`);
  }
  return names;
}

/** The topology's layers as buildModel makes them for `spec`, in topologyLayers's form. */
function expectedLayers(spec: ModelSpec, inputShape: number[]): string[] {
  const shape = inputShape.join('x');
  const steps = kerasSteps(spec, inputShape);
  const names = steps.flatMap((step) =>
    step.kind === 'layer' ? [step.name] : [...step.layers.map((l) => l.name), step.addName],
  );
  // buildModel makes a functional model when, and only when, a residual block is present.
  if (spec.layers.some((l) => l.type === 'residual')) {
    return [`input:${shape}`, ...names.map((name) => `${name}:`)];
  }
  return names.map((name, i) => `${name}:${i === 0 ? shape : ''}`);
}

export function exportMatches(
  modelJson: string,
  spec: ModelSpec,
  inputShape: number[],
): Result<void, InvalidStateError> {
  const json = parseJson(modelJson);
  const weights = isRecord(json) ? manifestWeights(json) : null;
  const layers = isRecord(json) ? topologyLayers(json) : null;
  if (!weights || !layers) {
    return err(new InvalidStateError('The exported model.json is not in the TF.js layers format.'));
  }
  if (!inferModel(spec, inputShape).ok) return err(new InvalidStateError(STALE));
  const expectedWeights = weightShapes(spec, inputShape).map(
    (w) => `${w.name}:${w.shape.join('x')}`,
  );
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  // A functional model lists its layers in TF.js's topological order: compared as a set.
  const sorted = (a: string[]) => [...a].sort();
  return same(weights, expectedWeights) &&
    same(sorted(layers), sorted(expectedLayers(spec, inputShape)))
    ? ok(undefined)
    : err(new InvalidStateError(STALE));
}
