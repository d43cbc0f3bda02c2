/** The runs view (#/runs): every recorded run in a sortable table, curves and a settings diff. */
import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store';
import { RunDiff } from './RunDiff';
import { RunRow } from './RunRow';
import { ImportRun } from './ImportRun';
import { originLabel } from './origin-label';
import { RunsCurves, type CurveRun } from './RunsCurves';
import { sortRuns, type SortKey } from './sort-runs';
import './runs.css';
import { UnreadableRecords } from '../ui/UnreadableRecords';
import { SweepList } from '../sweeps/SweepList';

const COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'dataset', label: 'Dataset' },
  { key: 'date', label: 'Date' },
  { key: 'epochs', label: 'Epochs', numeric: true },
  { key: 'finalLoss', label: 'Final loss', numeric: true },
  { key: 'finalValAccuracy', label: 'Final val. accuracy', numeric: true },
  { key: 'samplesPerSec', label: 'Samples/s', numeric: true },
  { key: 'backend', label: 'Backend' },
];

function SortHeader({ column }: { column: (typeof COLUMNS)[number] }) {
  const sort = useAppStore((s) => s.runsSort);
  const sortBy = useAppStore((s) => s.sortRunsBy);
  const active = sort.key === column.key;
  return (
    <th
      scope="col"
      className={column.numeric ? 'num' : undefined}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="link runs-sort"
        data-testid={`runs.sort.${column.key}`}
        onClick={() => sortBy(column.key)}
      >
        {column.label}
        <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

export function RunsPage() {
  const runs = useAppStore((s) => s.runs);
  const loaded = useAppStore((s) => s.runsLoaded);
  const sort = useAppStore((s) => s.runsSort);
  const selectedIds = useAppStore((s) => s.selectedRunIds);
  const unreadable = useAppStore((s) => s.unreadableRuns);
  useEffect(() => {
    void useAppStore.getState().refreshRuns();
  }, []);

  const sorted = useMemo(() => sortRuns(runs, sort), [runs, sort]);
  const selected = useMemo(
    () => selectedIds.flatMap((id) => runs.filter((r) => r.id === id)),
    [selectedIds, runs],
  );
  const [first, second] = selected;
  const curves = useMemo(
    (): CurveRun[] =>
      selected.map((run) => ({
        id: run.id,
        name: run.name,
        epochs: run.epochs,
        where: originLabel(run),
      })),
    [selected],
  );

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
          <div className="table-scroll">
            <table className="runs-table">
              <caption className="visually-hidden">
                Recorded runs; select two to compare their settings
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">Select</span>
                  </th>
                  {COLUMNS.map((c) => (
                    <SortHeader key={c.key} column={c} />
                  ))}
                  <th scope="col">Where it ran</th>
                  <th scope="col">Tags</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((run) => (
                  <RunRow key={run.id} run={run} selected={selectedIds.includes(run.id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ImportRun />
      {selected.length > 0 ? (
        <section className="panel runs-charts" aria-labelledby="runs-curves-heading">
          <h2 id="runs-curves-heading">Curves of the selected runs</h2>
          <RunsCurves runs={curves} metric="loss" title="Loss" testId="runs.curves.loss" />
          <RunsCurves
            runs={curves}
            metric="accuracy"
            title="Accuracy"
            testId="runs.curves.accuracy"
          />
        </section>
      ) : (
        runs.length > 0 && <p className="muted">Select runs to overlay their curves.</p>
      )}
      {first && second ? (
        <RunDiff a={first} b={second} />
      ) : (
        selected.length === 1 && <p className="muted">Select a second run to compare settings.</p>
      )}
    </main>
  );
}
