/** The bound store: the only module that imports zustand. */
import { create } from 'zustand';
import { createDataSlice } from '../features/data/slice';
import { createImportSlice } from '../features/import/slice';
import { createModelSlice } from '../features/model/slice';
import { createNotebookSlice } from '../features/notebook/slice';
import { createRunsSlice } from '../features/runs/slice';
import { createResumeSlice } from '../features/train/resume-slice';
import { createTrainSlice } from '../features/train/slice';
import { createWorkerLink } from '../features/train/worker-link';
import type { AppState } from './app-state';

const link = createWorkerLink((events) => useAppStore.getState().applyEvents(events));

export const useAppStore = create<AppState>()((set, get) => ({
  ...createDataSlice(set, get),
  ...createModelSlice(set, get),
  ...createTrainSlice(link)(set, get),
  ...createResumeSlice(link)(set, get),
  ...createRunsSlice()(set, get),
  ...createImportSlice()(set, get),
  ...createNotebookSlice()(set, get),
}));

// Every finished or stopped run is recorded, and the open notebook follows the editors; the train
// and editor slices need not know about either.
useAppStore.subscribe((state, previous) => {
  if (state.status !== previous.status) {
    state.noteTrainStatus(state.status);
    state.noteNotebookTrainStatus(state.status);
  }
  if (
    state.layers !== previous.layers ||
    state.trainSettings !== previous.trainSettings ||
    state.datasetSettings !== previous.datasetSettings ||
    state.datasetChoice !== previous.datasetChoice ||
    state.activeRecord !== previous.activeRecord
  ) {
    state.syncFromEditors();
  }
});

export type { AppState };
