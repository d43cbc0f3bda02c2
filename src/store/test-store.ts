/** The whole app state without zustand or a worker, for slice tests: commands are recorded. */
import { createDataSlice } from '../features/data/slice';
import { createImportSlice } from '../features/import/slice';
import { createModelSlice } from '../features/model/slice';
import { createNotebookSlice } from '../features/notebook/slice';
import { createRunsSlice } from '../features/runs/slice';
import { createResumeSlice } from '../features/train/resume-slice';
import { createTrainSlice } from '../features/train/slice';
import type { WorkerCommand } from '../core/protocol';
import type { AppState } from './app-state';

export function createTestStore(now: () => number = () => 0) {
  const sent: WorkerCommand[] = [];
  let state = {} as AppState;
  const set = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => {
    state = { ...state, ...(typeof partial === 'function' ? partial(state) : partial) };
  };
  const get = () => state;
  const link = { connect: () => {}, send: (c: WorkerCommand) => void sent.push(c) };
  state = {
    ...createDataSlice(set, get),
    ...createModelSlice(set, get, now),
    ...createTrainSlice(link)(set, get),
    ...createResumeSlice(link)(set, get),
    ...createRunsSlice({ now })(set, get),
    ...createImportSlice({ now })(set, get),
    ...createNotebookSlice({ now })(set, get),
  };
  return { get, set, sent };
}
