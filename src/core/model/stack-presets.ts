/**
 * Presets and defaults as hidden stacks. The core presets end in their own softmax layer; the
 * editor drops it, because the output layer always follows the dataset (classes or regression).
 */
import { DEFAULT_HIDDEN } from './defaults';
import { PRESETS, smallCnnSpec, type Preset, type PresetId } from './presets';
import type { LayerSpec } from './spec';
import { err, ok, type Result } from '../result';
import { analyseStack, type DatasetShape } from './stack-analysis';

export const IMAGE_RANK = 3;

export { PRESETS };
export type { Preset, PresetId };

const hiddenOf = (layers: readonly LayerSpec[]): LayerSpec[] => layers.slice(0, -1);

/** The playground's 16-16 relu MLP for flat rows; a small CNN for images. */
export function defaultStack(inputRank: number): LayerSpec[] {
  if (inputRank === IMAGE_RANK) return hiddenOf(smallCnnSpec(2).layers);
  const dense = DEFAULT_HIDDEN.units.map((units): LayerSpec => ({
    type: 'dense',
    units,
    activation: DEFAULT_HIDDEN.activation,
  }));
  // Dense layers act on the last axis, so other ranks are flattened first.
  return inputRank > 1 ? [{ type: 'flatten' }, ...dense] : dense;
}

export const defaultStackName = (inputRank: number): string =>
  inputRank === IMAGE_RANK ? 'a small CNN' : 'an MLP with two 16-unit relu layers';

/** Whether a preset can take this input: the CNNs need [height, width, channels]. */
export const presetFits = (preset: Preset, inputRank: number | null): boolean =>
  !preset.needsImages || inputRank === IMAGE_RANK;

export function presetStack(id: PresetId, inputRank: number): Result<LayerSpec[], string> {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) return err(`There is no preset "${id}".`);
  if (!presetFits(preset, inputRank)) {
    return err(`${preset.label} needs images ([height, width, channels] input).`);
  }
  return ok(hiddenOf(preset.spec(2, inputRank).layers));
}

/**
 * The stack to use after the dataset's input rank changed: the current one where it still fits,
 * else the default for the new rank, with a note saying so.
 */
export function fitStack(
  layers: readonly LayerSpec[],
  dataset: DatasetShape,
): { layers: LayerSpec[]; note: string } | null {
  if (analyseStack(layers, dataset).error === null) return null;
  const rank = dataset.inputShape.length;
  return {
    layers: defaultStack(rank),
    note:
      `The layers did not fit input of shape [${dataset.inputShape.join(', ')}], so the model ` +
      `is now ${defaultStackName(rank)}. Undo brings the previous layers back.`,
  };
}
