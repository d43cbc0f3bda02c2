/**
 * Edits of the hidden stack (every layer but the output, which follows the dataset). Each returns
 * a new array, or a sentence saying why the edit is refused; the input is never changed.
 */
import { err, ok, type Result } from '../result';
import type { LayerSpec, LayerType } from './spec';
import { MAX_LAYERS, validateSpec } from './validate';
import { defaultLayer } from './layer-catalog';

/** One layer of the model's limit is the output layer. */
export const MAX_HIDDEN_LAYERS = MAX_LAYERS - 1;

const FULL = `A model can have at most ${MAX_HIDDEN_LAYERS} layers before its output layer.`;

export function addLayer(
  layers: readonly LayerSpec[],
  type: LayerType,
  at = layers.length,
): Result<LayerSpec[], string> {
  if (layers.length >= MAX_HIDDEN_LAYERS) return err(FULL);
  const index = Math.max(0, Math.min(at, layers.length));
  return ok([...layers.slice(0, index), defaultLayer(type), ...layers.slice(index)]);
}

export function removeLayer(layers: readonly LayerSpec[], index: number): LayerSpec[] {
  return layers.filter((_, i) => i !== index);
}

/** Swaps a layer with its neighbour; a move past either end leaves the stack as it is. */
export function moveLayer(layers: readonly LayerSpec[], index: number, delta: -1 | 1): LayerSpec[] {
  const target = index + delta;
  const moving = layers[index];
  const other = layers[target];
  if (moving === undefined || other === undefined) return [...layers];
  const next = [...layers];
  next[index] = other;
  next[target] = moving;
  return next;
}

/** Puts a copy of the layer right after it. */
export function duplicateLayer(
  layers: readonly LayerSpec[],
  index: number,
): Result<LayerSpec[], string> {
  const layer = layers[index];
  if (layer === undefined) return err(`There is no layer ${index + 1}.`);
  if (layers.length >= MAX_HIDDEN_LAYERS) return err(FULL);
  return ok([...layers.slice(0, index + 1), structuredClone(layer), ...layers.slice(index + 1)]);
}

/**
 * Sets fields of one layer. `undefined` removes an optional field (its default applies). The type
 * cannot change here, and a value the model core would refuse (units 2^31, a rate of 1) is refused
 * with its message, leaving the stack as it was.
 */
export function editLayer(
  layers: readonly LayerSpec[],
  index: number,
  patch: Readonly<Record<string, unknown>>,
): Result<LayerSpec[], string> {
  const layer = layers[index];
  if (layer === undefined) return err(`There is no layer ${index + 1}.`);
  const changes = Object.entries(patch).filter(([key]) => key !== 'type');
  const merged = { ...layer, ...Object.fromEntries(changes) };
  const edited = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
  const checked = validateSpec({ layers: [edited] });
  if (!checked.ok) {
    // validateSpec counts this lone layer as layer 1; say which one it really is.
    return err(checked.error.message.replace(/^Layer 1\b/, `Layer ${index + 1}`));
  }
  const valid = checked.value.layers[0] as LayerSpec;
  return ok(layers.map((l, i) => (i === index ? valid : l)));
}
