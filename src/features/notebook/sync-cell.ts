/**
 * The experiment on screen written back into its notebook cell. The editors hold one experiment
 * at a time; while a cell is open in them, every edit becomes the cell's model, config and
 * dataset. A student's edits pass through the lesson's locks first, so a locked field keeps the
 * lesson's value however the edit was made.
 */
import { canonicalJson } from '../../core/bundle/canonical';
import type { Bundle, ExperimentCell, RunRecord } from '../../core/bundle/schema';
import type { DatasetRef } from '../../core/data/dataset';
import { applyStudentEdit } from '../../core/experiment/locks';
import type { AppState } from '../../store/app-state';
import { currentRun, fullConfig } from '../share/bundle-from-state';
import { shareDataset } from '../share/share-dataset';
import { jobOf } from '../train/slice';

export type NotebookMode = 'author' | 'student';

/** A cell open in the editors, and the dataset it was resolved to when it was opened. */
export interface ActiveCell {
  cellId: string;
  /** The ref the editors were given (a downloaded `url` dataset is `local` here). */
  resolvedRef: DatasetRef;
}

/** Plain JSON as a bundle holds it: the editors' objects may carry undefined fields. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const same = (a: unknown, b: unknown) =>
  a === undefined || b === undefined
    ? a === b
    : canonicalJson(plain(a)) === canonicalJson(plain(b));

function experimentOf(bundle: Bundle, cellId: string): ExperimentCell | null {
  const cell = bundle.notebook.cells.find((c) => c.id === cellId);
  return cell?.type === 'experiment' ? cell : null;
}

/** A dataset key no cell uses yet, for a cell whose data now differs from the cells it shared with. */
function freeKey(bundle: Bundle, cellId: string): string {
  for (let n = 1; ; n++) {
    const key = n === 1 ? `${cellId}-data` : `${cellId}-data-${n}`;
    if (!(key in bundle.datasets)) return key;
  }
}

function withCell(bundle: Bundle, cell: ExperimentCell): Bundle {
  return {
    ...bundle,
    notebook: {
      ...bundle.notebook,
      cells: bundle.notebook.cells.map((c) => (c.id === cell.id ? cell : c)),
    },
  };
}

/**
 * The draft with the active cell made to match the editors; the same draft object when nothing
 * changed. `lesson` is the version whose locks bind a student.
 */
export function syncActiveCell(
  state: AppState,
  draft: Bundle,
  active: ActiveCell,
  mode: NotebookMode,
  lesson: Bundle,
): Bundle {
  const cell = experimentOf(draft, active.cellId);
  if (cell === null) return draft;
  const job = jobOf(state);
  let next = draft;
  let datasetKey = cell.dataset;
  if (!same(job.dataset, active.resolvedRef)) {
    const ref = shareDataset(job.dataset, state.activeRecord).ref;
    const shared = draft.notebook.cells.some(
      (c) => c.type === 'experiment' && c.id !== cell.id && c.dataset === cell.dataset,
    );
    const lessonCell = experimentOf(lesson, cell.id);
    const usedByRuns = draft.runs.some((r) => r.datasetKey === cell.dataset);
    if (shared || usedByRuns || (lessonCell !== null && lessonCell.dataset === cell.dataset)) {
      datasetKey = freeKey(draft, cell.id);
    }
    if (!same(draft.datasets[datasetKey], ref)) {
      next = { ...next, datasets: { ...next.datasets, [datasetKey]: plain(ref) } };
    }
  }
  let edited: ExperimentCell = {
    ...cell,
    dataset: datasetKey,
    model: plain(job.model),
    config: plain(fullConfig(job.config)),
  };
  const lessonCell = mode === 'student' ? experimentOf(lesson, cell.id) : null;
  if (lessonCell !== null) edited = applyStudentEdit(lessonCell, edited).cell;
  if (same(edited, cell) && next === draft) return draft;
  return withCell(next, edited);
}

/**
 * The draft with the run that just ended recorded for the active cell. A cell keeps the lesson's
 * recorded runs and the newest run of this browser, so the notebook stays small.
 */
export function recordRunInDraft(
  state: AppState,
  draft: Bundle,
  active: ActiveCell,
  lesson: Bundle,
  now: Date,
): Bundle {
  const cell = experimentOf(draft, active.cellId);
  if (cell === null) return draft;
  const run = currentRun(state, jobOf(state), now, {
    cellId: cell.id,
    datasetKey: cell.dataset,
  });
  if (run === null) return draft;
  const kept = new Set(lesson.runs.map((r) => r.id));
  const runs: RunRecord[] = [
    ...draft.runs.filter((r) => r.cellId !== cell.id || kept.has(r.id)),
    run.record,
  ];
  return { ...draft, runs };
}

/** The run the lesson's author recorded for this cell, to draw beside the student's. */
export const lessonRunOf = (lesson: Bundle, cellId: string): RunRecord | null =>
  lesson.runs.find((r) => r.cellId === cellId) ?? null;
