/**
 * Edits of the hidden stack (every layer but the output, which follows the dataset). Each returns
 * a new array, or a sentence saying why the edit is refused; the input is never changed.
 *
 * A layer is addressed by its index in the stack, or by a path into a residual block: [3] is the
 * fourth layer, [3, 1] the second layer inside the block that is the fourth layer. Blocks hold
 * plain layers only (no block in a block), so a path has one or two steps.
 */
import { err, ok, type Result } from '../result';
import type { LayerSpec, LayerType, ResidualLayer } from './spec';
import { MAX_BLOCK_LAYERS, MAX_LAYERS, validateSpec } from './validate';
import { defaultLayer } from './layer-catalog';
import { countLayers } from './blocks';

/** One layer of the model's limit is the output layer. */
export const MAX_HIDDEN_LAYERS = MAX_LAYERS - 1;

const FULL = `A model can have at most ${MAX_HIDDEN_LAYERS} layers before its output layer.`;

/** [index] in the stack, or [block, index] inside the residual block at `block`. */
export type LayerPath = readonly [number] | readonly [number, number];

const nameOf = (path: LayerPath): string => path.map((i) => i + 1).join('.');

/**
 * Applies `change` to the list that holds the layer at `path` (the stack, or a block's layers) and
 * puts the changed list back where it was.
 */
function inList(
  layers: readonly LayerSpec[],
  path: LayerPath,
  change: (list: readonly LayerSpec[], index: number) => Result<LayerSpec[], string>,
): Result<LayerSpec[], string> {
  if (path.length === 1) return change(layers, path[0]);
  const [blockIndex, index] = path;
  const block = layers[blockIndex];
  if (block?.type !== 'residual') return err(`Layer ${blockIndex + 1} is not a residual block.`);
  const changed = change(block.layers, index);
  if (!changed.ok) return changed;
  const next: ResidualLayer = { ...block, layers: changed.value };
  return ok(layers.map((layer, i) => (i === blockIndex ? next : layer)));
}

/** Adds a new layer of `type` at `at` (the end of the stack by default). */
export function addLayer(
  layers: readonly LayerSpec[],
  type: LayerType,
  at: number | LayerPath = layers.length,
): Result<LayerSpec[], string> {
  const path: LayerPath = typeof at === 'number' ? [at] : at;
  const layer = defaultLayer(type);
  if (countLayers(layers) + countLayers([layer]) > MAX_HIDDEN_LAYERS) return err(FULL);
  if (path.length === 2 && type === 'residual') {
    return err('A residual block holds plain layers; put the new block after this one instead.');
  }
  return inList(layers, path, (list, index) => {
    if (path.length === 2 && list.length >= MAX_BLOCK_LAYERS) {
      return err(`A residual block holds at most ${MAX_BLOCK_LAYERS} layers.`);
    }
    const i = Math.max(0, Math.min(index, list.length));
    return ok([...list.slice(0, i), layer, ...list.slice(i)]);
  });
}

export function removeLayer(
  layers: readonly LayerSpec[],
  at: number | LayerPath,
): Result<LayerSpec[], string> {
  const path: LayerPath = typeof at === 'number' ? [at] : at;
  return inList(layers, path, (list, index) => {
    if (index < 0 || index >= list.length) return err(`There is no layer ${nameOf(path)}.`);
    if (path.length === 2 && list.length === 1) {
      return err('A residual block needs at least one layer; remove the block itself instead.');
    }
    return ok(list.filter((_, i) => i !== index));
  });
}

/** Swaps a layer with its neighbour in the same list; a block moves with everything inside it. */
export function moveLayer(
  layers: readonly LayerSpec[],
  at: number | LayerPath,
  delta: -1 | 1,
): Result<LayerSpec[], string> {
  const path: LayerPath = typeof at === 'number' ? [at] : at;
  return inList(layers, path, (list, index) => {
    const moving = list[index];
    const other = list[index + delta];
    if (moving === undefined || other === undefined) return err('That layer cannot move further.');
    const next = [...list];
    next[index] = other;
    next[index + delta] = moving;
    return ok(next);
  });
}

/** Puts a copy of the layer (a block with its layers) right after it. */
export function duplicateLayer(
  layers: readonly LayerSpec[],
  at: number | LayerPath,
): Result<LayerSpec[], string> {
  const path: LayerPath = typeof at === 'number' ? [at] : at;
  return inList(layers, path, (list, index) => {
    const layer = list[index];
    if (layer === undefined) return err(`There is no layer ${nameOf(path)}.`);
    if (countLayers(layers) + countLayers([layer]) > MAX_HIDDEN_LAYERS) return err(FULL);
    if (path.length === 2 && list.length >= MAX_BLOCK_LAYERS) {
      return err(`A residual block holds at most ${MAX_BLOCK_LAYERS} layers.`);
    }
    return ok([...list.slice(0, index + 1), structuredClone(layer), ...list.slice(index + 1)]);
  });
}

/**
 * Sets fields of one layer. `undefined` removes an optional field (its default applies). The type
 * cannot change here, nor a block's layers (they have edits of their own), and a value the model
 * core would refuse (units 2^31, a rate of 1) is refused with its message, leaving the stack as it
 * was.
 */
export function editLayer(
  layers: readonly LayerSpec[],
  at: number | LayerPath,
  patch: Readonly<Record<string, unknown>>,
): Result<LayerSpec[], string> {
  const path: LayerPath = typeof at === 'number' ? [at] : at;
  return inList(layers, path, (list, index) => {
    const layer = list[index];
    if (layer === undefined) return err(`There is no layer ${nameOf(path)}.`);
    const changes = Object.entries(patch).filter(([key]) => key !== 'type' && key !== 'layers');
    const merged = { ...layer, ...Object.fromEntries(changes) };
    const edited = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
    const checked = validateSpec({ layers: [edited] });
    if (!checked.ok) {
      // validateSpec counts this lone layer as layer 1; say which one it really is.
      return err(checked.error.message.replace(/^Layer 1\b/, `Layer ${nameOf(path)}`));
    }
    const [valid] = checked.value.layers;
    if (valid === undefined) return err(`There is no layer ${nameOf(path)}.`);
    return ok(list.map((l, i) => (i === index ? valid : l)));
  });
}
