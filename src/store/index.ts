/** The bound store: the only module that imports zustand. */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createAnnotateSlice } from '../features/annotate/slice';
import { createDataSlice } from '../features/data/slice';
import { createExperimentSlice } from '../features/experiment/slice';
import { readBundleInWorker } from '../features/import/read-in-worker';
import { createImportSlice } from '../features/import/slice';
import { createNotebookSlice } from '../features/notebook/slice';
import { createPlaygroundSlice } from '../features/playground/slice';
import { createRunsSlice } from '../features/runs/slice';
import { readSweepModelsParam, readSweepWorkersParam } from '../features/sweeps/parallelism';
import { createSweepsSlice } from '../features/sweeps/slice';
import { installSweepTestHooks } from '../features/sweeps/test-hooks';
import { createResumeSlice } from '../features/train/resume-slice';
import { createTrainSlice } from '../features/train/slice';
import { createTrainWorker, startTrainWorker } from '../features/train/train-worker';
import type { AppState } from './app-state';
import { react } from './reactions';

const worker = createTrainWorker({
  onEvents: (events) => useAppStore.getState().applyEvents(events),
  onLost: (error) => useAppStore.getState().workerLost(error),
});

export const useAppStore = create<AppState>()((set, get) => ({
  ...createExperimentSlice()(set, get),
  ...createDataSlice()(set, get),
  ...createTrainSlice(worker)(set, get),
  ...createResumeSlice()(set, get),
  ...createRunsSlice()(set, get),
  ...createImportSlice({ read: readBundleInWorker })(set, get),
  ...createNotebookSlice()(set, get),
  ...createPlaygroundSlice()(set, get),
  // A sweep trains in workers of its own, never in the playground's.
  ...createSweepsSlice({
    spawn: (backend, wasmThreads) =>
      startTrainWorker('sweep', { type: 'init', backend, wasmThreads }),
    workers: typeof window === 'undefined' ? null : readSweepWorkersParam(window.location.search),
    models: typeof window === 'undefined' ? null : readSweepModelsParam(window.location.search),
  })(set, get),
  ...createAnnotateSlice()(set, get),
}));

useAppStore.subscribe(react);
void useAppStore.getState().prepareDataset(useAppStore.getState().editor.experiment.dataset);
// A sweep stored as running goes on after a reload (in the one tab that runs sweeps).
void useAppStore.getState().refreshSweeps();
installSweepTestHooks(useAppStore.getState);

/**
 * The store's value under `selector`, the same object while its items are (compared one by one):
 * for selectors that build an array or object each time.
 */
export function useAppStoreShallow<T>(selector: (state: AppState) => T): T {
  return useAppStore(useShallow(selector));
}

export type { AppState };
