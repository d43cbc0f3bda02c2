/** The whole app state: every feature's slice side by side. */
import type { AnnotateSlice } from '../features/annotate/slice';
import type { DataSlice } from '../features/data/slice';
import type { ExperimentSlice } from '../features/experiment/slice';
import type { ImportSlice } from '../features/import/slice';
import type { NotebookSlice } from '../features/notebook/slice';
import type { PlaygroundSlice } from '../features/playground/slice';
import type { RunsSlice } from '../features/runs/slice';
import type { SweepsSlice } from '../features/sweeps/slice';
import type { ResumeSlice } from '../features/train/resume-slice';
import type { TrainSlice } from '../features/train/slice';

export type AppState = ExperimentSlice &
  DataSlice &
  TrainSlice &
  ResumeSlice &
  RunsSlice &
  ImportSlice &
  NotebookSlice &
  PlaygroundSlice &
  SweepsSlice &
  AnnotateSlice;
