/**
 * The runs view (#/runs): every recorded run in a sortable, filterable table, each named with the
 * dataset version it trained on; the selected runs' curves, and their settings compared side by
 * side.
 */
import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store';
import { RunCompare } from './RunCompare';
import { ImportRun } from './ImportRun';
import { RunsCharts } from './RunsCharts';
import { RunsFilters } from './RunsFilters';
import { RunsTable } from './RunsTable';
import { filterRuns } from './filter-runs';
import { sortRuns } from './sort-runs';
import './runs.css';
import { UnreadableRecords } from '../ui/UnreadableRecords';
import { SweepList } from '../sweeps/SweepList';
import { useDatasetVersions } from '../data/use-dataset-versions';
import type { StoredDataset } from '../../core/data/stored-dataset';

const NO_SWEEP_NAMES: ReadonlyMap<string, string> = new Map();
const NO_DATASETS: readonly StoredDataset[] = [];

export interface RunsPageProps {
  /** Sweep names by id, for the sweep filter and the runs of a sweep; its id where missing. */
  sweepNames?: ReadonlyMap<string, string>;
}

export function RunsPage({ sweepNames = NO_SWEEP_NAMES }: RunsPageProps) {
  const runs = useAppStore((s) => s.runs);
  const loaded = useAppStore((s) => s.runsLoaded);
  const sort = useAppStore((s) => s.runsSort);
  const filter = useAppStore((s) => s.runsFilter);
  const selectedIds = useAppStore((s) => s.selectedRunIds);
  const unreadable = useAppStore((s) => s.unreadableRuns);
  const datasets = useDatasetVersions() ?? NO_DATASETS;
  useEffect(() => {
    void useAppStore.getState().refreshRuns();
  }, []);

  const shown = useMemo(
    () => sortRuns(filterRuns(runs, filter), sort, sweepNames),
    [runs, filter, sort, sweepNames],
  );
  const selected = useMemo(
    () => selectedIds.flatMap((id) => runs.filter((r) => r.id === id)),
    [selectedIds, runs],
  );
  const hiddenSelected = selected.filter((run) => !shown.includes(run)).length;

  return (
    <main className="runs-page">
      <h1>Runs</h1>
      <SweepList />
      <section className="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">History</h2>
        <UnreadableRecords records={unreadable} what="runs" testId="runs.unreadable" />
        {runs.length === 0 ? (
          <p className="muted">
            {loaded
              ? 'No runs yet. Every run you train to the end or stop is kept here.'
              : 'Loading runs…'}
          </p>
        ) : (
          <>
            <RunsFilters
              runs={runs}
              shown={shown.length}
              hiddenSelected={hiddenSelected}
              sweepNames={sweepNames}
            />
            <RunsTable runs={shown} sweepNames={sweepNames} datasets={datasets} />
          </>
        )}
      </section>
      <ImportRun />
      {selected.length > 0 ? (
        <RunsCharts runs={selected} />
      ) : (
        runs.length > 0 && <p className="muted">Select runs to overlay their curves.</p>
      )}
      {selected.length > 1 ? (
        <RunCompare runs={selected} datasets={datasets} />
      ) : (
        selected.length === 1 && (
          <p className="muted">Select another run, or several, to compare their settings.</p>
        )
      )}
    </main>
  );
}
