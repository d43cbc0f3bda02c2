/**
 * The filters above the runs table: dataset, tag, sweep and where the runs ran, each offering only
 * what some run has, with how many runs are shown and a way back to all of them. Selected runs a
 * filter hides stay selected (their curves and settings stay below), and the count says so.
 */
import { useMemo } from 'react';
import type { StoredRun } from '../../core/runs/stored-run';
import { counted, nounFor } from '../../core/plural';
import { useAppStore } from '../../store';
import { SelectField } from '../ui/SelectField';
import { filterChoices, isFiltered, type FilterChoice, type RunFilter } from './filter-runs';

const ALL = '*';
/** Option values: a prefix keeps any dataset or tag name apart from ALL and NONE. */
const opt = (value: string): string => `=${value}`;
const NONE = '-';

/** Choices with "All" first, and the one in force even when no run has it any more. */
function options(
  all: string,
  choices: readonly FilterChoice[],
  current: string | undefined,
): { value: string; label: string }[] {
  const listed = choices.map((c) => ({ value: opt(c.value), label: c.label }));
  const missing =
    current !== undefined && !choices.some((c) => c.value === current)
      ? [{ value: opt(current), label: current }]
      : [];
  return [{ value: ALL, label: all }, ...listed, ...missing];
}

const read = (value: string): string | undefined => (value === ALL ? undefined : value.slice(1));

export function RunsFilters({
  runs,
  shown,
  hiddenSelected,
  sweepNames,
}: {
  runs: readonly StoredRun[];
  shown: number;
  hiddenSelected: number;
  sweepNames: ReadonlyMap<string, string>;
}) {
  const filter = useAppStore((s) => s.runsFilter);
  const filterBy = useAppStore((s) => s.filterRunsBy);
  const clear = useAppStore((s) => s.clearRunsFilter);
  const choices = useMemo(() => filterChoices(runs, sweepNames), [runs, sweepNames]);
  const set = (patch: RunFilter) => filterBy(patch);
  const sweepValue =
    filter.sweep === undefined ? ALL : filter.sweep === null ? NONE : opt(filter.sweep);
  const sweepOptions = [
    ...options('All runs', choices.sweeps, filter.sweep ?? undefined),
    ...(choices.unswept || filter.sweep === null ? [{ value: NONE, label: 'In no sweep' }] : []),
  ];

  return (
    <div className="runs-filters" role="group" aria-label="Filter the runs">
      <SelectField
        label="Dataset"
        testId="runs.filter.dataset"
        value={filter.dataset === undefined ? ALL : opt(filter.dataset)}
        options={options('All datasets', choices.datasets, filter.dataset)}
        onChange={(value) => set({ dataset: read(value) })}
      />
      <SelectField
        label="Tag"
        testId="runs.filter.tag"
        value={filter.tag === undefined ? ALL : opt(filter.tag)}
        options={options('All tags', choices.tags, filter.tag)}
        onChange={(value) => set({ tag: read(value) })}
      />
      <SelectField
        label="Sweep"
        testId="runs.filter.sweep"
        value={sweepValue}
        options={sweepOptions}
        onChange={(value) => set({ sweep: value === NONE ? null : read(value) })}
      />
      <SelectField
        label="Where it ran"
        testId="runs.filter.origin"
        value={filter.origin === undefined ? ALL : opt(filter.origin)}
        options={options('Anywhere', choices.origins, filter.origin)}
        onChange={(value) => set({ origin: read(value) })}
      />
      <p className="runs-filter-count muted" data-testid="runs.filter.count" aria-live="polite">
        {shown === runs.length
          ? `All ${counted(runs.length, 'run')}`
          : `${shown} of ${runs.length} runs`}
        {hiddenSelected > 0 &&
          ` · ${counted(hiddenSelected, 'selected run')} hidden by the filters ${nounFor(hiddenSelected, 'stays', 'stay')} compared below`}
      </p>
      {isFiltered(filter) && (
        <button type="button" className="link" data-testid="runs.filter.clear" onClick={clear}>
          Show all runs
        </button>
      )}
    </div>
  );
}
