/**
 * Structural validation of a ModelSpec that arrives as untrusted JSON (a bundle, a link, a worker
 * message). It returns a fresh spec holding only the known fields, so whatever else the input
 * carried (extra keys, `__proto__`) never reaches TF.js or storage. Whether the layers fit the
 * input and each other is inference.ts's job.
 *
 * Inputs are expected to be JSON-shaped (JSON.parse or structured clone): no getters or proxies.
 * Messages count layers from 1, as the editor shows them; `layerIndex` counts from 0. A layer
 * inside a residual block is named by the block and its place in it ("Layer 3 (residual): its
 * layer 2 (dense): ..."), and `layerIndex` is the block's.
 */
import { InvalidSpecError } from '../errors';
import { err, ok, type Result } from '../result';
import {
  describeValue,
  field,
  optional,
  readBoolean,
  readChoice,
  readNumber,
  readSize2,
  readWhole,
  readWholeList,
  type Fields,
} from './fields';
import { ACTIVATIONS, PADDINGS, type LayerSpec, type LayerType, type ModelSpec } from './spec';
import { isRecord } from '../is-record';
import { countLayers } from './blocks';

export const MAX_LAYERS = 64;
export const MAX_UNITS = 4096;
export const MAX_FILTERS = 4096;
/** Largest kernel, pool window or stride along one axis. */
export const MAX_WINDOW = 64;
/** Largest number of values in one example at any point of the model (a 4096x4096 image). */
export const MAX_VALUES = 2 ** 24;
/** Reshape targets have at most this many axes: nothing after a reshape takes more than 3. */
export const MAX_RESHAPE_RANK = 3;
/** Largest vocabulary an embedding takes (token ids are stored as uint16). */
export const MAX_VOCABULARY = 65_536;
/**
 * Units of one recurrent layer: its recurrent kernel starts orthogonal, a QR factorisation that
 * grows with the cube of the units (1.7 s for 256 on the loaded 2-core machine, 8 times that
 * for 512).
 */
export const MAX_RECURRENT_UNITS = 512;
export const MAX_HEADS = 64;
/** Largest size of one attention head's query, key and value. */
export const MAX_KEY_DIM = 512;
/** Layers in one residual block; blocks hold plain layers only, not other blocks. */
export const MAX_BLOCK_LAYERS = 16;

export const LAYER_TYPES = [
  'dense',
  'conv2d',
  'maxPooling2d',
  'averagePooling2d',
  'flatten',
  'batchNormalization',
  'reshape',
  'activation',
  'dropout',
  'embedding',
  'positionalEmbedding',
  'simpleRNN',
  'lstm',
  'gru',
  'conv1d',
  'globalAveragePooling1d',
  'layerNormalization',
  'causalSelfAttention',
  'residual',
] as const satisfies readonly LayerType[];

const isLayerType = (value: unknown): value is LayerType =>
  (LAYER_TYPES as readonly unknown[]).includes(value);

export function validateSpec(spec: unknown): Result<ModelSpec, InvalidSpecError> {
  if (!isRecord(spec)) {
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
  // The layers inside residual blocks count toward the limit too (as the editor counts them: the
  // block and each of its layers), so nesting cannot multiply it.
  let count = 0;
  for (let index = 0; index < layers.length; index++) {
    const layer = validateLayer(layers[index], index);
    if (!layer.ok) return layer;
    count += countLayers([layer.value]);
    if (count > MAX_LAYERS) {
      return err(
        new InvalidSpecError(
          `A model can have at most ${MAX_LAYERS} layers, counting those inside residual blocks; layer ${index + 1} passes that.`,
          index,
        ),
      );
    }
    valid.push(layer.value);
  }
  return ok({ layers: valid });
}

function validateLayer(layer: unknown, index: number): Result<LayerSpec, InvalidSpecError> {
  const checked = readAnyLayer(layer, true);
  return checked.ok
    ? checked
    : err(new InvalidSpecError(`Layer ${index + 1}${checked.error}`, index));
}

/** A layer, or what is wrong with it starting with its type (" (dense): units must ..."). */
function readAnyLayer(layer: unknown, mayHoldBlock: boolean): Result<LayerSpec, string> {
  if (!isRecord(layer)) return err(`: expected an object, got ${describeValue(layer)}.`);
  const type = field(layer, 'type');
  if (!isLayerType(type)) {
    return err(
      `: unknown layer type ${describeValue(type)}; expected one of ${LAYER_TYPES.join(', ')}.`,
    );
  }
  if (type === 'residual' && !mayHoldBlock) {
    return err(' (residual): a residual block cannot hold another one; put it after the block.');
  }
  const checked = readLayer(type, layer);
  return checked.ok ? checked : err(` (${type}): ${checked.error}`);
}

/** A residual block's sub-stack: 1 to MAX_BLOCK_LAYERS plain layers, named by their place in it. */
function readBlock(layer: Fields): Result<LayerSpec, string> {
  const layers = field(layer, 'layers');
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > MAX_BLOCK_LAYERS) {
    const got = Array.isArray(layers) ? `a list of ${layers.length}` : describeValue(layers);
    return err(`layers must be a list of 1 to ${MAX_BLOCK_LAYERS} layers, got ${got}.`);
  }
  const inner: LayerSpec[] = [];
  for (const [index, item] of (layers as unknown[]).entries()) {
    const checked = readAnyLayer(item, false);
    if (!checked.ok) return err(`its layer ${index + 1}${checked.error}`);
    inner.push(checked.value);
  }
  return ok({ type: 'residual', layers: inner });
}

/** Drops the optional fields that were not given, so a valid spec comes back equal to itself. */
function present<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

const activationOf = (layer: Fields) => readChoice(layer, 'activation', ACTIVATIONS);
const paddingOf = (layer: Fields) =>
  optional(layer, 'padding', (l, k) => readChoice(l, k, PADDINGS));
const biasOf = (layer: Fields) => optional(layer, 'useBias', readBoolean);
const epsilonOf = (layer: Fields) =>
  optional(layer, 'epsilon', (l, k) =>
    readNumber(l, k, { min: 0, max: 1, exclusive: 'min', rule: 'a number above 0, at most 1' }),
  );
const stridesOf = (layer: Fields) =>
  optional(layer, 'strides', (l, k) => readSize2(l, k, MAX_WINDOW));

function readLayer(type: LayerType, layer: Fields): Result<LayerSpec, string> {
  switch (type) {
    case 'dense': {
      const units = readWhole(layer, 'units', 1, MAX_UNITS);
      if (!units.ok) return units;
      const activation = activationOf(layer);
      if (!activation.ok) return activation;
      const useBias = biasOf(layer);
      if (!useBias.ok) return useBias;
      return ok(
        present({ type, units: units.value, activation: activation.value, useBias: useBias.value }),
      );
    }
    case 'conv2d': {
      const filters = readWhole(layer, 'filters', 1, MAX_FILTERS);
      if (!filters.ok) return filters;
      const kernelSize = readSize2(layer, 'kernelSize', MAX_WINDOW);
      if (!kernelSize.ok) return kernelSize;
      const strides = stridesOf(layer);
      if (!strides.ok) return strides;
      const padding = paddingOf(layer);
      if (!padding.ok) return padding;
      const activation = activationOf(layer);
      if (!activation.ok) return activation;
      const useBias = biasOf(layer);
      if (!useBias.ok) return useBias;
      return ok(
        present({
          type,
          filters: filters.value,
          kernelSize: kernelSize.value,
          strides: strides.value,
          padding: padding.value,
          activation: activation.value,
          useBias: useBias.value,
        }),
      );
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const poolSize = readSize2(layer, 'poolSize', MAX_WINDOW);
      if (!poolSize.ok) return poolSize;
      const strides = stridesOf(layer);
      if (!strides.ok) return strides;
      const padding = paddingOf(layer);
      if (!padding.ok) return padding;
      return ok(
        present({ type, poolSize: poolSize.value, strides: strides.value, padding: padding.value }),
      );
    }
    case 'flatten':
      return ok({ type });
    case 'batchNormalization': {
      const momentum = optional(layer, 'momentum', (l, k) =>
        readNumber(l, k, {
          min: 0,
          max: 1,
          exclusive: 'max',
          rule: 'a number from 0 up to (not including) 1',
        }),
      );
      if (!momentum.ok) return momentum;
      const epsilon = epsilonOf(layer);
      if (!epsilon.ok) return epsilon;
      return ok(present({ type, momentum: momentum.value, epsilon: epsilon.value }));
    }
    case 'reshape': {
      const targetShape = readWholeList(
        layer,
        'targetShape',
        { min: 1, max: MAX_RESHAPE_RANK },
        MAX_VALUES,
      );
      return targetShape.ok ? ok({ type, targetShape: targetShape.value }) : targetShape;
    }
    case 'activation': {
      const activation = activationOf(layer);
      return activation.ok ? ok({ type, activation: activation.value }) : activation;
    }
    case 'dropout': {
      const rate = readNumber(layer, 'rate', {
        min: 0,
        max: 1,
        exclusive: 'max',
        rule: 'a number from 0 up to (not including) 1',
      });
      return rate.ok ? ok({ type, rate: rate.value }) : rate;
    }
    case 'embedding': {
      const inputDim = readWhole(layer, 'inputDim', 1, MAX_VOCABULARY);
      if (!inputDim.ok) return inputDim;
      const outputDim = readWhole(layer, 'outputDim', 1, MAX_UNITS);
      if (!outputDim.ok) return outputDim;
      return ok({ type, inputDim: inputDim.value, outputDim: outputDim.value });
    }
    case 'positionalEmbedding':
    case 'globalAveragePooling1d':
      return ok({ type });
    case 'simpleRNN':
    case 'lstm':
    case 'gru': {
      const units = readWhole(layer, 'units', 1, MAX_RECURRENT_UNITS);
      if (!units.ok) return units;
      const returnSequences = readBoolean(layer, 'returnSequences');
      if (!returnSequences.ok) return returnSequences;
      return ok({ type, units: units.value, returnSequences: returnSequences.value });
    }
    case 'conv1d': {
      const filters = readWhole(layer, 'filters', 1, MAX_FILTERS);
      if (!filters.ok) return filters;
      const kernelSize = readWhole(layer, 'kernelSize', 1, MAX_WINDOW);
      if (!kernelSize.ok) return kernelSize;
      const strides = optional(layer, 'strides', (l, k) => readWhole(l, k, 1, MAX_WINDOW));
      if (!strides.ok) return strides;
      // Not 'causal': TF.js 4.22's Conv1D throws "not implemented" on it.
      const padding = paddingOf(layer);
      if (!padding.ok) return padding;
      const activation = activationOf(layer);
      if (!activation.ok) return activation;
      const useBias = biasOf(layer);
      if (!useBias.ok) return useBias;
      return ok(
        present({
          type,
          filters: filters.value,
          kernelSize: kernelSize.value,
          strides: strides.value,
          padding: padding.value,
          activation: activation.value,
          useBias: useBias.value,
        }),
      );
    }
    case 'layerNormalization': {
      const epsilon = epsilonOf(layer);
      return epsilon.ok ? ok(present({ type, epsilon: epsilon.value })) : epsilon;
    }
    case 'causalSelfAttention': {
      const heads = readWhole(layer, 'heads', 1, MAX_HEADS);
      if (!heads.ok) return heads;
      const keyDim = readWhole(layer, 'keyDim', 1, MAX_KEY_DIM);
      if (!keyDim.ok) return keyDim;
      return ok({ type, heads: heads.value, keyDim: keyDim.value });
    }
    case 'residual':
      return readBlock(layer);
  }
}
