/**
 * Every edit of the experiment, as a pure reducer with undo and redo across data, model and
 * settings: the data, model and training editors all dispatch here, and the slice only stores what
 * this returns. A student's edit passes the lesson's locks (locks.ts) on its way.
 *
 * The model's output layer and the loss follow the dataset (one softmax unit per class, or one
 * linear unit and a regression loss); they are made to fit whenever the dataset's shape is known,
 * which for a stored dataset may be after the edit that chose it (`fit`).
 */
import { isGeneratedRef } from '../data/load';
import type { DatasetRef } from '../data/dataset';
import type { DatasetInfo } from '../data/info';
import type { LayerSpec, LayerType, ModelSpec } from '../model/spec';
import { outputLayerFor, vocabularySize } from '../model/stack-analysis';
import {
  addLayer,
  duplicateLayer,
  editLayer,
  moveLayer,
  removeLayer,
  type LayerPath,
} from '../model/stack-edits';
import { fitStack, inputKindOf, presetStack, type AnyPresetId } from '../model/stack-presets';
import { err, ok, type Result } from '../result';
import { lossFor, type TrainConfig } from '../train/config';
import { sameExperiment, type Experiment } from './experiment';
import { commit, redo, undo, type History } from './history';
import { applyStudentEdit, toggleLock, type LockableField } from './locks';
import { toggleView, type NotebookView } from './views';

export interface ExperimentEditor {
  experiment: Experiment;
  history: Omit<History<Experiment>, 'present'>;
  /** Says why the app changed the model by itself; cleared by the next edit. */
  note: string | null;
  /**
   * The kind of input the model was last fitted to (`inputKindOf`: a rank, or text of one task);
   * a new kind may call for another stack.
   */
  fittedInput: string | null;
}

/**
 * `index` counts layers in the stack; with `block`, it counts the layers inside the residual block
 * at that index of the stack (so `{ block: 2, index: 0 }` is the first layer of block 3).
 */
export type LayerEdit =
  | { type: 'add'; layer: LayerType; at?: number; block?: number }
  | { type: 'remove'; index: number; block?: number }
  | { type: 'move'; index: number; delta: -1 | 1; block?: number }
  | { type: 'duplicate'; index: number; block?: number }
  | { type: 'edit'; index: number; patch: Readonly<Record<string, unknown>>; block?: number }
  | { type: 'preset'; id: AnyPresetId }
  | { type: 'replace'; layers: LayerSpec[] };

export type ExperimentEdit =
  /** `field` names what changed (`size`, `noise`, `limit`...), so typing into it is one undo step. */
  | { type: 'dataset'; dataset: DatasetRef; field?: string }
  /** The seed drives the initial weights, the shuffling and the split, and a generator's points. */
  | { type: 'seed'; seed: number }
  | { type: 'config'; patch: Partial<Omit<TrainConfig, 'seed'>> }
  | { type: 'layers'; edit: LayerEdit }
  | { type: 'toggleView'; view: NotebookView }
  | { type: 'toggleLock'; field: LockableField }
  | { type: 'undo' }
  | { type: 'redo' }
  /** What is known of the dataset changed (a stored one loaded): make the model fit it. */
  | { type: 'fit' };

export interface EditContext {
  /** What is known of a dataset; null while a stored one is not loaded. */
  infoOf(ref: DatasetRef): DatasetInfo | null;
  /** Milliseconds, for merging quick edits of one field into one undo step. */
  at: number;
  /** The lesson whose locks bind a student; null for an author. */
  lesson: Experiment | null;
}

export function openEditor(experiment: Experiment, info: DatasetInfo | null): ExperimentEditor {
  return {
    experiment,
    history: { past: [], future: [], last: null },
    note: null,
    fittedInput: info === null ? null : inputKindOf(info),
  };
}

const hiddenOfModel = new WeakMap<ModelSpec, LayerSpec[]>();

/**
 * Every layer but the output. The same array for the same model, so what is worked out from it
 * (shapes, parameter counts) is worked out once per edit, not once per render.
 */
export function hiddenLayers(experiment: Experiment): LayerSpec[] {
  const { model } = experiment;
  let hidden = hiddenOfModel.get(model);
  if (hidden === undefined) {
    hidden = model.layers.slice(0, -1);
    hiddenOfModel.set(model, hidden);
  }
  return hidden;
}

const withHidden = (experiment: Experiment, hidden: LayerSpec[]): Experiment => ({
  ...experiment,
  model: { layers: [...hidden, ...experiment.model.layers.slice(-1)] },
});

/** Every embedding (inside blocks too) reading ids of a vocabulary of `size`. */
export function withVocabulary(layers: LayerSpec[], size: number | null): LayerSpec[] {
  if (size === null) return layers;
  let changed = false;
  const fitted = (layer: LayerSpec): LayerSpec => {
    if (layer.type === 'embedding' && layer.inputDim !== size) {
      changed = true;
      return { ...layer, inputDim: size };
    }
    if (layer.type === 'residual') {
      const inner = layer.layers.map(fitted);
      return inner.every((l, i) => l === layer.layers[i]) ? layer : { ...layer, layers: inner };
    }
    return layer;
  };
  const next = layers.map(fitted);
  return changed ? next : layers;
}

/**
 * The output layer, the embeddings' vocabulary and the loss made to suit the dataset, when its
 * shape is known.
 */
function suited(experiment: Experiment, info: DatasetInfo | null): Experiment {
  if (info === null) return experiment;
  const loss = lossFor(info.task, experiment.config.loss);
  const hidden = withVocabulary(hiddenLayers(experiment), vocabularySize(info));
  const model = { layers: [...hidden, outputLayerFor(info)] };
  const config =
    loss === experiment.config.loss ? experiment.config : { ...experiment.config, loss };
  return { ...experiment, model, config };
}

function edited(
  experiment: Experiment,
  edit: Exclude<ExperimentEdit, { type: 'undo' | 'redo' | 'fit' }>,
  info: DatasetInfo | null,
  rank: number,
): Result<Experiment, string> {
  switch (edit.type) {
    case 'dataset': {
      const seed = isGeneratedRef(edit.dataset) ? { seed: experiment.config.seed } : {};
      return ok({ ...experiment, dataset: { ...edit.dataset, ...seed } });
    }
    case 'seed': {
      const { dataset } = experiment;
      return ok({
        ...experiment,
        dataset: isGeneratedRef(dataset) ? { ...dataset, seed: edit.seed } : dataset,
        config: { ...experiment.config, seed: edit.seed },
      });
    }
    case 'config':
      return ok({ ...experiment, config: { ...experiment.config, ...edit.patch } });
    case 'layers': {
      const layers = editedLayers(hiddenLayers(experiment), edit.edit, info, rank);
      return layers.ok ? ok(withHidden(experiment, layers.value)) : layers;
    }
    case 'toggleView':
      return ok(toggleView(experiment, edit.view));
    case 'toggleLock':
      return ok(toggleLock(experiment, edit.field));
  }
}

const pathOf = (block: number | undefined, index: number): LayerPath =>
  block === undefined ? [index] : [block, index];

const blockLayers = (layers: readonly LayerSpec[], block: number): readonly LayerSpec[] => {
  const layer = layers[block];
  return layer?.type === 'residual' ? layer.layers : [];
};

function editedLayers(
  layers: LayerSpec[],
  edit: LayerEdit,
  info: DatasetInfo | null,
  rank: number,
): Result<LayerSpec[], string> {
  switch (edit.type) {
    case 'add': {
      const list = edit.block === undefined ? layers : blockLayers(layers, edit.block);
      return addLayer(layers, edit.layer, pathOf(edit.block, edit.at ?? list.length));
    }
    case 'remove':
      return removeLayer(layers, pathOf(edit.block, edit.index));
    case 'move':
      return moveLayer(layers, pathOf(edit.block, edit.index), edit.delta);
    case 'duplicate':
      return duplicateLayer(layers, pathOf(edit.block, edit.index));
    case 'edit':
      return editLayer(layers, pathOf(edit.block, edit.index), edit.patch);
    case 'preset':
      return presetStack(edit.id, info, rank);
    case 'replace':
      return ok(edit.layers);
  }
}

/** One key per edited field, so typing "128" into a field is one undo step, not three. */
function mergeKey(edit: ExperimentEdit): string | undefined {
  switch (edit.type) {
    case 'dataset':
      return edit.field === undefined ? undefined : `dataset:${edit.field}`;
    case 'seed':
      return 'seed';
    case 'config':
      return `config:${Object.keys(edit.patch).sort().join(',')}`;
    case 'layers':
      return edit.edit.type === 'edit'
        ? `layer:${edit.edit.block ?? ''}/${edit.edit.index}:${Object.keys(edit.edit.patch).sort().join(',')}`
        : undefined;
    default:
      return undefined;
  }
}

const historyOf = (editor: ExperimentEditor): History<Experiment> => ({
  ...editor.history,
  present: editor.experiment,
});

function fromHistory(
  history: History<Experiment>,
  rest: Pick<ExperimentEditor, 'note' | 'fittedInput'>,
): ExperimentEditor {
  const { present, ...kept } = history;
  return { experiment: present, history: kept, ...rest };
}

interface Fitted {
  experiment: Experiment;
  note: string | null;
  fittedInput: string | null;
}

/**
 * The experiment made to fit its dataset, once the dataset's shape is known: the output layer,
 * the embeddings' vocabulary and the loss follow it, and a stack that cannot take a new kind of
 * input is swapped for the default one of that kind (with a note), as a stack of dense layers
 * cannot read images, nor an MLP token ids: on text that is the Char-RNN or the LSTM classifier,
 * which a student can train at once (asking them to build one first would stop them cold).
 */
function fit(experiment: Experiment, info: DatasetInfo | null, fittedInput: string | null): Fitted {
  const kind = info === null ? null : inputKindOf(info);
  if (info === null || kind === fittedInput) {
    return { experiment: suited(experiment, info), note: null, fittedInput };
  }
  const current = suited(experiment, info);
  const swap = fitStack(hiddenLayers(current), info);
  return swap === null
    ? { experiment: current, note: null, fittedInput: kind }
    : {
        experiment: suited(withHidden(experiment, swap.layers), info),
        note: swap.note,
        fittedInput: kind,
      };
}

/** The rank of the input last fitted to, while the dataset is not known; text is a list of ids. */
const rankOf = (fittedInput: string | null): number =>
  fittedInput?.startsWith('rank:') ? Number(fittedInput.slice('rank:'.length)) : 1;

const bound = (experiment: Experiment, lesson: Experiment | null): Experiment =>
  lesson === null ? experiment : applyStudentEdit(lesson, experiment).experiment;

/** The editor after `edit`, or why the edit is refused (the editor then stays as it was). */
export function reduceExperiment(
  editor: ExperimentEditor,
  edit: ExperimentEdit,
  context: EditContext,
): Result<ExperimentEditor, string> {
  const infoOf = (experiment: Experiment) => context.infoOf(experiment.dataset);
  if (edit.type === 'undo' || edit.type === 'redo') {
    const history = (edit.type === 'undo' ? undo : redo)(historyOf(editor));
    if (history.present === editor.experiment) return err(`Nothing to ${edit.type}.`);
    const restored = { ...history, present: suited(history.present, infoOf(history.present)) };
    return ok(fromHistory(restored, { note: null, fittedInput: editor.fittedInput }));
  }
  if (edit.type === 'fit') {
    const made = fit(editor.experiment, infoOf(editor.experiment), editor.fittedInput);
    const experiment = bound(made.experiment, context.lesson);
    if (made.note === null) {
      const same =
        made.fittedInput === editor.fittedInput && sameExperiment(experiment, editor.experiment);
      return ok(same ? editor : { ...editor, experiment, fittedInput: made.fittedInput });
    }
    // The swap is the app's edit: undo brings the user's layers back.
    return ok(
      fromHistory(commit(historyOf(editor), experiment), {
        note: made.note,
        fittedInput: made.fittedInput,
      }),
    );
  }
  const info = infoOf(editor.experiment);
  const rank = info?.inputShape.length ?? rankOf(editor.fittedInput);
  const changed = edited(editor.experiment, edit, info, rank);
  if (!changed.ok) return changed;
  // A new dataset may call for another stack at once; that is part of the same undo step.
  const made =
    edit.type === 'dataset'
      ? fit(changed.value, infoOf(changed.value), editor.fittedInput)
      : {
          experiment: suited(changed.value, infoOf(changed.value)),
          note: null,
          fittedInput: editor.fittedInput,
        };
  const experiment = bound(made.experiment, context.lesson);
  if (sameExperiment(experiment, editor.experiment)) return ok(editor);
  const key = mergeKey(edit);
  const history = commit(
    historyOf(editor),
    experiment,
    key === undefined ? undefined : { key, at: context.at },
  );
  return ok(fromHistory(history, { note: made.note, fittedInput: made.fittedInput }));
}

export const canUndo = (editor: Pick<ExperimentEditor, 'history'>): boolean =>
  editor.history.past.length > 0;
export const canRedo = (editor: Pick<ExperimentEditor, 'history'>): boolean =>
  editor.history.future.length > 0;
