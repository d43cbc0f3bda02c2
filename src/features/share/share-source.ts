/**
 * Which notebook Share shares, read from the app's state: on a notebook's page, that notebook;
 * anywhere else, the playground. With it, the run whose model is on screen, whose final weights
 * can go along, and the runs of its sweep cells' sweeps this browser ran, which can go too.
 */
import type { Bundle, RunRecord } from '../../core/bundle/schema';
import { experimentCells } from '../../core/experiment/cell';
import { PLAYGROUND, samePlace } from '../../core/experiment/experiment';
import { sweepOfCell, sweepRunRecords } from '../../core/notebook/sweep-cell';
import { bundleRunOf } from '../../core/runs/bundle-run';
import type { AppState } from '../../store/app-state';
import { datasetInfoOf } from '../data/slice';
import type { OpenNotebook } from '../notebook/slice';
import { runningMs } from '../runs/run-clock';
import { storedRunOf } from '../runs/slice';
import type { EndedRun } from '../train/slice';
import { playgroundNotebook, type ShareSource } from './share-bundle';

/** The run whose curves and model are on screen: the one going on, or the last that ended. */
export function runOnScreen(state: AppState, now: number): EndedRun | null {
  const { run, endedRun, history } = state;
  if (history.length === 0) return null;
  if (run !== null) {
    return samePlace(run.place, state.place)
      ? {
          ...run,
          reason: 'stopped',
          epochs: history,
          backend: state.backend,
          durationMs: runningMs(run.clock, now),
          samplesPerSec: state.progress?.samplesPerSec ?? null,
        }
      : null;
  }
  return endedRun !== null && samePlace(endedRun.place, state.place)
    ? { ...endedRun, epochs: history }
    : null;
}

/** The open notebook when its page is on show (`hash` is the page's), else null. */
export function notebookOnPage(state: AppState, hash: string): OpenNotebook | null {
  const open = state.openNotebook;
  return open !== null && hash === `#/notebook/${open.record.id}` ? open : null;
}

/**
 * The runs of each sweep cell's newest sweep of its plan as it now is, those the draft does not
 * already carry (a shared notebook's author's).
 */
function sweepRunsOf(state: AppState, notebookId: string, draft: Bundle): RunRecord[] {
  const carried = new Set(draft.runs.map((run) => run.id));
  return experimentCells(draft).flatMap((cell) => {
    const sweep =
      cell.sweep === undefined ? null : sweepOfCell(state.sweeps, notebookId, cell.id, cell.sweep);
    if (sweep === null) return [];
    return sweepRunRecords(sweep, state.runs, cell).filter((run) => !carried.has(run.id));
  });
}

/** The open notebook's sweep cells and the runs of theirs Share can add, when its page is on show. */
export function sweepsOnPage(
  state: AppState,
  hash: string,
): { sweepCells: number; sweepRuns: number } {
  const open = notebookOnPage(state, hash);
  if (open === null) return { sweepCells: 0, sweepRuns: 0 };
  const { draft } = open.record;
  return {
    sweepCells: experimentCells(draft).filter((cell) => cell.sweep !== undefined).length,
    sweepRuns: sweepRunsOf(state, open.record.id, draft).length,
  };
}

export function shareSourceOf(state: AppState, hash: string, now: Date): ShareSource {
  const screen = runOnScreen(state, now.getTime());
  const open = notebookOnPage(state, hash);
  if (open !== null) {
    const { draft } = open.record;
    const { place } = state;
    const cellId =
      place.kind === 'cell' && place.notebookId === open.record.id ? place.cellId : null;
    const newest = draft.runs.findLast((r) => r.cellId === cellId);
    return {
      draft,
      head: open.head,
      weightsRunId: screen !== null && newest?.id === screen.id ? screen.id : null,
      sweepRuns: sweepRunsOf(state, open.record.id, draft),
    };
  }
  const onScreen = samePlace(state.place, PLAYGROUND) ? screen : null;
  const experiment = state.playground;
  const draft = playgroundNotebook(
    experiment,
    datasetInfoOf(state, experiment.dataset),
    (place) => (onScreen === null ? null : bundleRunOf(storedRunOf(onScreen, null), place)),
    now,
  );
  return { draft, head: null, weightsRunId: onScreen?.id ?? null, sweepRuns: [] };
}
