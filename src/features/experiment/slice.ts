/**
 * The experiment in the editors, where it lives (the playground, or a notebook's cell) and its
 * undo history. The data, model and training editors all dispatch edits here; the reducer is
 * core/experiment/edit.ts. What follows from a change (the dataset made ready, a fresh model, the
 * place saved) is wired in store/index.ts.
 */
import {
  openEditor,
  reduceExperiment,
  type ExperimentEdit,
  type ExperimentEditor,
} from '../../core/experiment/edit';
import {
  defaultExperiment,
  PLAYGROUND,
  type Experiment,
  type ExperimentPlace,
} from '../../core/experiment/experiment';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { datasetInfoOf } from '../data/slice';

export interface ExperimentSlice {
  editor: ExperimentEditor;
  /** Where the experiment in the editors lives; its edits are saved there. */
  place: ExperimentPlace;
  /** The lesson whose locks bind a student here; null for an author and in the playground. */
  lesson: Experiment | null;
  /** Makes an edit; why it was refused, or null when it was made (or changed nothing). */
  edit(edit: ExperimentEdit): string | null;
  /** Shows `experiment` in the editors with a fresh undo history. */
  openExperiment(experiment: Experiment, place: ExperimentPlace, lesson?: Experiment | null): void;
}

export const experimentOf = (state: Pick<ExperimentSlice, 'editor'>): Experiment =>
  state.editor.experiment;

export function createExperimentSlice(
  now: () => number = Date.now,
): Slice<AppState, ExperimentSlice> {
  return (set, get) => ({
    editor: openEditor(defaultExperiment(), null),
    place: PLAYGROUND,
    lesson: null,
    edit(edit) {
      const state = get();
      const next = reduceExperiment(state.editor, edit, {
        infoOf: (ref) => datasetInfoOf(get(), ref),
        at: now(),
        lesson: state.lesson,
      });
      if (!next.ok) return next.error;
      if (next.value !== state.editor) set({ editor: next.value });
      return null;
    },
    openExperiment(experiment, place, lesson = null) {
      set({
        editor: openEditor(experiment, datasetInfoOf(get(), experiment.dataset)),
        place,
        lesson,
      });
    },
  });
}
