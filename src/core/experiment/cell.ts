/**
 * An experiment in a notebook: a bundle's experiment cell is the experiment with its dataset named
 * by a key of the bundle's `datasets`, so cells that share data list it once. These read a cell's
 * experiment and write one into a cell.
 */
import { canonicalJson } from '../bundle/canonical';
import type { Bundle, ExperimentCell } from '../bundle/schema';
import type { Experiment } from './experiment';

export function cellById(bundle: Bundle, cellId: string): ExperimentCell | null {
  const cell = bundle.notebook.cells.find((c) => c.id === cellId);
  return cell?.type === 'experiment' ? cell : null;
}

export const experimentCells = (bundle: Bundle): ExperimentCell[] =>
  bundle.notebook.cells.filter((c): c is ExperimentCell => c.type === 'experiment');

/** The experiment of a cell; null when the bundle lacks the cell or its dataset. */
export function experimentOf(bundle: Bundle, cellId: string): Experiment | null {
  const cell = cellById(bundle, cellId);
  const dataset = cell === null ? undefined : bundle.datasets[cell.dataset];
  if (cell === null || dataset === undefined) return null;
  const experiment: Experiment & Partial<Pick<ExperimentCell, 'type' | 'id' | 'sweep'>> = {
    ...cell,
    dataset,
  };
  delete experiment.type;
  delete experiment.id;
  // The sweep is the cell's, over its experiment: not part of what is edited and trained.
  delete experiment.sweep;
  return experiment;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** A dataset key no cell uses yet, for a cell whose data now differs from the cells it shared. */
function freeKey(bundle: Bundle, cellId: string): string {
  for (let n = 1; ; n++) {
    const key = n === 1 ? `${cellId}-data` : `${cellId}-data-${n}`;
    if (!(key in bundle.datasets)) return key;
  }
}

/** A cell holding `experiment`, its dataset under `key`, with `sweep` when it has one. */
function cellOf(
  id: string,
  key: string,
  experiment: Experiment,
  sweep?: ExperimentCell['sweep'],
): ExperimentCell {
  const cell: ExperimentCell = {
    ...structuredClone(experiment),
    type: 'experiment',
    id,
    dataset: key,
  };
  if (sweep !== undefined) cell.sweep = sweep;
  return cell;
}

/**
 * The bundle with a new cell holding `experiment` (not yet placed among the cells) and its dataset
 * under a key of its own (`key`, when the bundle has none yet).
 */
export function newCell(
  bundle: Bundle,
  id: string,
  experiment: Experiment,
  key = freeKey(bundle, id),
): { bundle: Bundle; cell: ExperimentCell } {
  return {
    bundle: {
      ...bundle,
      datasets: { ...bundle.datasets, [key]: structuredClone(experiment.dataset) },
    },
    cell: cellOf(id, key, experiment),
  };
}

/**
 * The bundle with cell `cellId` holding `experiment` (and keeping its sweep); the same bundle when
 * nothing changed. A new dataset replaces the one under the cell's key only where nothing else
 * names that key (another cell, or a run, whose data must stay what it was); otherwise it gets a
 * key of its own.
 */
export function withExperiment(bundle: Bundle, cellId: string, experiment: Experiment): Bundle {
  const cell = cellById(bundle, cellId);
  if (cell === null) return bundle;
  let datasets = bundle.datasets;
  let key = cell.dataset;
  if (!same(datasets[key], experiment.dataset)) {
    const shared =
      bundle.notebook.cells.some(
        (c) => c.type === 'experiment' && c.id !== cellId && c.dataset === key,
      ) || bundle.runs.some((r) => r.datasetKey === key);
    if (shared) key = freeKey(bundle, cellId);
    datasets = { ...datasets, [key]: structuredClone(experiment.dataset) };
  }
  const next = cellOf(cellId, key, experiment, cell.sweep);
  if (datasets === bundle.datasets && same(next, cell)) return bundle;
  return {
    ...bundle,
    datasets,
    notebook: {
      ...bundle.notebook,
      cells: bundle.notebook.cells.map((c) => (c.id === cellId ? next : c)),
    },
  };
}
