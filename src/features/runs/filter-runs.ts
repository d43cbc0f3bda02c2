/**
 * Narrowing the runs table to a dataset, a tag, a sweep (or the runs of no sweep) and where the
 * runs ran (this browser on a backend, or imported from Keras), and the choices each filter offers:
 * only values some run has, so no choice leads to an empty table.
 */
import { datasetRefName } from '../../core/data/ref';
import type { StoredRun } from '../../core/runs/stored-run';
import { originLabel } from './origin-label';

/** Each field narrows the list; a missing one lets every run through. */
export interface RunFilter {
  dataset?: string;
  tag?: string;
  /** A sweep's id, or null for the runs trained by themselves. */
  sweep?: string | null;
  /** An `originKey`. */
  origin?: string;
}

export const NO_FILTER: RunFilter = {};

/** `browser:webgpu`, `browser:none` (no backend reached), or `imported`. */
export const originKey = (run: StoredRun): string =>
  run.origin.kind === 'imported' ? 'imported' : `browser:${run.backend ?? 'none'}`;

export function filterRuns(runs: readonly StoredRun[], filter: RunFilter): StoredRun[] {
  return runs.filter(
    (run) =>
      (filter.dataset === undefined || datasetRefName(run.experiment.dataset) === filter.dataset) &&
      (filter.tag === undefined || run.tags.includes(filter.tag)) &&
      (filter.sweep === undefined || (run.sweep?.sweepId ?? null) === filter.sweep) &&
      (filter.origin === undefined || originKey(run) === filter.origin),
  );
}

export const isFiltered = (filter: RunFilter): boolean =>
  Object.values(filter).some((value) => value !== undefined);

export interface FilterChoice {
  value: string;
  label: string;
}

export interface FilterChoices {
  datasets: FilterChoice[];
  tags: FilterChoice[];
  /** Sweep ids; whether some run belongs to no sweep is `unswept`. */
  sweeps: FilterChoice[];
  unswept: boolean;
  origins: FilterChoice[];
}

const sortedChoices = (entries: Iterable<readonly [string, string]>): FilterChoice[] =>
  [...new Map(entries)]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));

/** What the filters offer for these runs; a sweep shows its name when `sweepNames` has it. */
export function filterChoices(
  runs: readonly StoredRun[],
  sweepNames: ReadonlyMap<string, string>,
): FilterChoices {
  const named = (id: string) => sweepNames.get(id) ?? `sweep ${id}`;
  return {
    datasets: sortedChoices(
      runs.map((run) => {
        const name = datasetRefName(run.experiment.dataset);
        return [name, name] as const;
      }),
    ),
    tags: sortedChoices(runs.flatMap((run) => run.tags.map((tag) => [tag, tag] as const))),
    sweeps: sortedChoices(
      runs.flatMap((run) =>
        run.sweep === null ? [] : [[run.sweep.sweepId, named(run.sweep.sweepId)] as const],
      ),
    ),
    unswept: runs.some((run) => run.sweep === null),
    origins: sortedChoices(
      runs.map(
        (run) =>
          [
            originKey(run),
            run.origin.kind === 'imported' ? 'Imported from Keras' : originLabel(run),
          ] as const,
      ),
    ),
  };
}
