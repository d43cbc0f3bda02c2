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
import { outputLayerFor } from '../model/stack-analysis';
import { addLayer, duplicateLayer, editLayer, moveLayer, removeLayer } from '../model/stack-edits';
import { fitStack, presetStack, type PresetId } from '../model/stack-presets';
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
  /** The input rank the model was last fitted to; a new rank may call for another stack. */
  fittedRank: number | null;
}

export type LayerEdit =
  | { type: 'add'; layer: LayerType; at?: number }
  | { type: 'remove'; index: number }
  | { type: 'move'; index: number; delta: -1 | 1 }
  | { type: 'duplicate'; index: number }
  | { type: 'edit'; index: number; patch: Readonly<Record<string, unknown>> }
  | { type: 'preset'; id: PresetId }
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
    fittedRank: info?.inputShape.length ?? null,
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

/** The output layer and the loss made to suit the dataset, when its shape is known. */
function suited(experiment: Experiment, info: DatasetInfo | null): Experiment {
  if (info === null) return experiment;
  const loss = lossFor(info.task, experiment.config.loss);
  const model = { layers: [...hiddenLayers(experiment), outputLayerFor(info)] };
  const config =
    loss === experiment.config.loss ? experiment.config : { ...experiment.config, loss };
  return { ...experiment, model, config };
}

function edited(
  experiment: Experiment,
  edit: Exclude<ExperimentEdit, { type: 'undo' | 'redo' | 'fit' }>,
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
      const layers = editedLayers(hiddenLayers(experiment), edit.edit, rank);
      return layers.ok ? ok(withHidden(experiment, layers.value)) : layers;
    }
    case 'toggleView':
      return ok(toggleView(experiment, edit.view));
    case 'toggleLock':
      return ok(toggleLock(experiment, edit.field));
  }
}

function editedLayers(
  layers: LayerSpec[],
  edit: LayerEdit,
  rank: number,
): Result<LayerSpec[], string> {
  switch (edit.type) {
    case 'add':
      return addLayer(layers, edit.layer, edit.at);
    case 'remove':
      return edit.index >= 0 && edit.index < layers.length
        ? ok(removeLayer(layers, edit.index))
        : err(`There is no layer ${edit.index + 1}.`);
    case 'move': {
      const target = edit.index + edit.delta;
      return target < 0 || target >= layers.length || edit.index >= layers.length
        ? err('That layer cannot move further.')
        : ok(moveLayer(layers, edit.index, edit.delta));
    }
    case 'duplicate':
      return duplicateLayer(layers, edit.index);
    case 'edit':
      return editLayer(layers, edit.index, edit.patch);
    case 'preset':
      return presetStack(edit.id, rank);
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
        ? `layer:${edit.edit.index}:${Object.keys(edit.edit.patch).sort().join(',')}`
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
  rest: Pick<ExperimentEditor, 'note' | 'fittedRank'>,
): ExperimentEditor {
  const { present, ...kept } = history;
  return { experiment: present, history: kept, ...rest };
}

interface Fitted {
  experiment: Experiment;
  note: string | null;
  fittedRank: number | null;
}

/**
 * The experiment made to fit its dataset, once the dataset's shape is known: the output layer and
 * loss follow it, and a stack that cannot take input of a new rank is swapped for the default one
 * of that rank (with a note), as a stack of dense layers cannot read images.
 */
function fit(experiment: Experiment, info: DatasetInfo | null, fittedRank: number | null): Fitted {
  const rank = info?.inputShape.length ?? null;
  if (info === null || rank === fittedRank) {
    return { experiment: suited(experiment, info), note: null, fittedRank };
  }
  const swap = fitStack(hiddenLayers(experiment), info);
  return swap === null
    ? { experiment: suited(experiment, info), note: null, fittedRank: rank }
    : {
        experiment: suited(withHidden(experiment, swap.layers), info),
        note: swap.note,
        fittedRank: rank,
      };
}

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
    return ok(fromHistory(restored, { note: null, fittedRank: editor.fittedRank }));
  }
  if (edit.type === 'fit') {
    const made = fit(editor.experiment, infoOf(editor.experiment), editor.fittedRank);
    const experiment = bound(made.experiment, context.lesson);
    if (made.note === null) {
      const same =
        made.fittedRank === editor.fittedRank && sameExperiment(experiment, editor.experiment);
      return ok(same ? editor : { ...editor, experiment, fittedRank: made.fittedRank });
    }
    // The swap is the app's edit: undo brings the user's layers back.
    return ok(
      fromHistory(commit(historyOf(editor), experiment), {
        note: made.note,
        fittedRank: made.fittedRank,
      }),
    );
  }
  const rank = infoOf(editor.experiment)?.inputShape.length ?? editor.fittedRank ?? 1;
  const changed = edited(editor.experiment, edit, rank);
  if (!changed.ok) return changed;
  // A new dataset may call for another stack at once; that is part of the same undo step.
  const made =
    edit.type === 'dataset'
      ? fit(changed.value, infoOf(changed.value), editor.fittedRank)
      : {
          experiment: suited(changed.value, infoOf(changed.value)),
          note: null,
          fittedRank: editor.fittedRank,
        };
  const experiment = bound(made.experiment, context.lesson);
  if (sameExperiment(experiment, editor.experiment)) return ok(editor);
  const key = mergeKey(edit);
  const history = commit(
    historyOf(editor),
    experiment,
    key === undefined ? undefined : { key, at: context.at },
  );
  return ok(fromHistory(history, { note: made.note, fittedRank: made.fittedRank }));
}

export const canUndo = (editor: Pick<ExperimentEditor, 'history'>): boolean =>
  editor.history.past.length > 0;
export const canRedo = (editor: Pick<ExperimentEditor, 'history'>): boolean =>
  editor.history.future.length > 0;
