/**
 * Structural validation of a ModelSpec that arrives as untrusted JSON (a bundle, a link, a worker
 * message). It returns a fresh spec holding only the known fields, so whatever else the input
 * carried (extra keys, `__proto__`) never reaches TF.js or storage.
 *
 * Inputs are expected to be JSON-shaped (JSON.parse or structured clone): no getters or proxies.
 * Messages count layers from 1, as the editor shows them; `layerIndex` counts from 0.
 */
import { InvalidSpecError } from '../errors';
import { err, ok, type Result } from '../result';
import { ACTIVATIONS, type Activation, type LayerSpec, type ModelSpec } from './spec';

export const MAX_LAYERS = 64;
export const MAX_UNITS = 4096;
export const LAYER_TYPES = ['dense', 'activation', 'dropout'] as const;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only: an inherited `layers` or `type` is not part of the JSON. */
const field = (object: Fields, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

const isActivation = (value: unknown): value is Activation =>
  (ACTIVATIONS as readonly unknown[]).includes(value);

/** A short, safe rendering of a bad value for messages; never throws (symbols, bigints, cycles). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return value.length > 20 ? `"${value.slice(0, 20)}..."` : `"${value}"`;
  }
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function validateSpec(spec: unknown): Result<ModelSpec, InvalidSpecError> {
  if (!isObject(spec)) {
    return err(
      new InvalidSpecError(`A model must be an object, got ${describeValue(spec)}.`, null),
    );
  }
  const layers = field(spec, 'layers');
  if (!Array.isArray(layers)) {
    return err(
      new InvalidSpecError(`A model needs a list of layers, got ${describeValue(layers)}.`, null),
    );
  }
  if (layers.length === 0) {
    return err(new InvalidSpecError('A model needs at least one layer.', null));
  }
  if (layers.length > MAX_LAYERS) {
    return err(
      new InvalidSpecError(
        `A model can have at most ${MAX_LAYERS} layers, got ${layers.length}.`,
        MAX_LAYERS, // the first layer past the limit
      ),
    );
  }
  const valid: LayerSpec[] = [];
  for (let index = 0; index < layers.length; index++) {
    const layer = validateLayer(layers[index], index);
    if (!layer.ok) return layer;
    valid.push(layer.value);
  }
  return ok({ layers: valid });
}

function validateLayer(layer: unknown, index: number): Result<LayerSpec, InvalidSpecError> {
  const refuse = (what: string, problem: string) =>
    err(new InvalidSpecError(`Layer ${index + 1}${what}: ${problem}`, index));
  if (!isObject(layer)) return refuse('', `expected an object, got ${describeValue(layer)}.`);

  const type = field(layer, 'type');
  const activation = field(layer, 'activation');
  const badActivation = (name: string) =>
    refuse(
      ` (${name})`,
      `activation must be one of ${ACTIVATIONS.join(', ')}, got ${describeValue(activation)}.`,
    );
  switch (type) {
    case 'dense': {
      const units = field(layer, 'units');
      const useBias = field(layer, 'useBias');
      if (typeof units !== 'number' || !Number.isInteger(units) || units < 1 || units > MAX_UNITS) {
        return refuse(
          ' (dense)',
          `units must be a whole number from 1 to ${MAX_UNITS}, got ${describeValue(units)}.`,
        );
      }
      if (!isActivation(activation)) return badActivation(type);
      if (useBias !== undefined && typeof useBias !== 'boolean') {
        return refuse(' (dense)', `useBias must be true or false, got ${describeValue(useBias)}.`);
      }
      const dense = { type, units, activation };
      return ok(useBias === undefined ? dense : { ...dense, useBias });
    }
    case 'activation':
      return isActivation(activation) ? ok({ type, activation }) : badActivation(type);
    case 'dropout': {
      const rate = field(layer, 'rate');
      if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
        return refuse(
          ' (dropout)',
          `rate must be a number from 0 up to (not including) 1, got ${describeValue(rate)}.`,
        );
      }
      return ok({ type, rate });
    }
    default:
      return refuse(
        '',
        `unknown layer type ${describeValue(type)}; expected one of ${LAYER_TYPES.join(', ')}.`,
      );
  }
}
