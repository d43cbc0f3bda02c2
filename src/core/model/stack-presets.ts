/**
 * Presets and defaults as hidden stacks. The core presets end in their own softmax layer; the
 * editor drops it, because the output layer always follows the dataset (classes, regression, or
 * the vocabulary at every position). Each preset is offered where it fits the dataset: the CNNs on
 * images, the text presets on token ids of their task, the others on anything but text.
 */
import { DEFAULT_HIDDEN } from './defaults';
import {
  PRESETS,
  TEXT_PRESETS,
  charRnnSpec,
  lstmClassifierSpec,
  smallCnnSpec,
  type Preset,
  type PresetId,
  type TextPreset,
  type TextPresetId,
} from './presets';
import type { LayerSpec } from './spec';
import { err, ok, type Result } from '../result';
import { analyseStack, isTextData, vocabularySize, type DatasetShape } from './stack-analysis';

export const IMAGE_RANK = 3;

export { PRESETS, TEXT_PRESETS };
export type { Preset, PresetId, TextPreset, TextPresetId };

export type AnyPresetId = PresetId | TextPresetId;

/** What a preset offered in the editor needs to know. */
export interface EditorPreset {
  id: AnyPresetId;
  label: string;
  description: string;
}

export const EDITOR_PRESETS: readonly EditorPreset[] = [...PRESETS, ...TEXT_PRESETS];

const hiddenOf = (layers: readonly LayerSpec[]): LayerSpec[] => layers.slice(0, -1);

/** A placeholder vocabulary until the dataset is known; `fit` sets the real one. */
const SOME_VOCABULARY = 64;

/**
 * The kind of input a stack is made for: text of one task, or numbers of one rank. A new kind may
 * call for another stack (dense layers cannot read images, nor an MLP token ids).
 */
export function inputKindOf(dataset: DatasetShape): string {
  if (isTextData(dataset)) return dataset.task === 'sequence' ? 'text:sequence' : 'text:labels';
  return `rank:${dataset.inputShape.length}`;
}

/** The playground's 16-16 relu MLP for flat rows; a small CNN for images; an LSTM for text. */
export function defaultStack(dataset: DatasetShape): LayerSpec[] {
  const rank = dataset.inputShape.length;
  if (isTextData(dataset)) {
    const vocabulary = vocabularySize(dataset) ?? SOME_VOCABULARY;
    return hiddenOf(
      dataset.task === 'sequence'
        ? charRnnSpec(vocabulary).layers
        : lstmClassifierSpec(2, vocabulary).layers,
    );
  }
  if (rank === IMAGE_RANK) return hiddenOf(smallCnnSpec(2).layers);
  const dense = DEFAULT_HIDDEN.units.map((units): LayerSpec => ({
    type: 'dense',
    units,
    activation: DEFAULT_HIDDEN.activation,
  }));
  // Dense layers act on the last axis, so other ranks are flattened first.
  return rank > 1 ? [{ type: 'flatten' }, ...dense] : dense;
}

export function defaultStackName(dataset: DatasetShape): string {
  if (isTextData(dataset)) {
    return dataset.task === 'sequence'
      ? 'the Char-RNN preset (an embedding and an LSTM that predicts every next token)'
      : 'the LSTM classifier preset (an embedding and an LSTM that reads the whole text)';
  }
  return dataset.inputShape.length === IMAGE_RANK
    ? 'a small CNN'
    : 'an MLP with two 16-unit relu layers';
}

/**
 * Why a preset does not fit the dataset (a few words for the menu, such as "images only"), or
 * null where it fits. Without a dataset every preset but the text ones fits, as before.
 */
export function presetMisfit(id: AnyPresetId, dataset: DatasetShape | null): string | null {
  const text = TEXT_PRESETS.find((p) => p.id === id);
  if (text) {
    const fits = dataset !== null && isTextData(dataset) && dataset.task === text.task;
    return fits ? null : text.task === 'sequence' ? 'text models only' : 'text classes only';
  }
  if (dataset !== null && isTextData(dataset)) return 'not for text';
  const preset = PRESETS.find((p) => p.id === id);
  return preset?.needsImages && dataset?.inputShape.length !== IMAGE_RANK ? 'images only' : null;
}

/** The preset's hidden stack for the dataset (or, while it is unknown, input of `rank` axes). */
export function presetStack(
  id: AnyPresetId,
  dataset: DatasetShape | null,
  rank: number,
): Result<LayerSpec[], string> {
  const preset = EDITOR_PRESETS.find((p) => p.id === id);
  if (!preset) return err(`There is no preset "${id}".`);
  const text = TEXT_PRESETS.find((p) => p.id === id);
  if (text) {
    if (dataset === null || presetMisfit(id, dataset) !== null) {
      return err(
        `${text.label} needs a text dataset for ` +
          (text.task === 'sequence' ? 'next-token prediction.' : 'classification.'),
      );
    }
    const vocabulary = vocabularySize(dataset) ?? SOME_VOCABULARY;
    return ok(hiddenOf(text.spec(dataset.numClasses, vocabulary).layers));
  }
  const misfit = presetMisfit(id, dataset);
  if (misfit === 'not for text') {
    return err(`${preset.label} reads numbers, not token ids; pick a text preset instead.`);
  }
  const inputRank = dataset?.inputShape.length ?? rank;
  const plain = PRESETS.find((p) => p.id === id);
  if (!plain) return err(`There is no preset "${id}".`);
  if (plain.needsImages && inputRank !== IMAGE_RANK) {
    return err(`${plain.label} needs images ([height, width, channels] input).`);
  }
  return ok(hiddenOf(plain.spec(2, inputRank).layers));
}

/**
 * The stack to use after the dataset's kind of input changed: the current one where it still
 * fits, else the default for the new input, with a note saying so.
 */
export function fitStack(
  layers: readonly LayerSpec[],
  dataset: DatasetShape,
): { layers: LayerSpec[]; note: string } | null {
  if (analyseStack(layers, dataset).error === null) return null;
  const what = isTextData(dataset) ? 'text' : `input of shape [${dataset.inputShape.join(', ')}]`;
  return {
    layers: defaultStack(dataset),
    note:
      `The layers did not fit ${what}, so the model is now ${defaultStackName(dataset)}. ` +
      `Undo brings the previous layers back.`,
  };
}
