/**
 * The runs table: sortable columns (a sweep column once some run belongs to a sweep), a checkbox
 * to select every run shown, one RunRow per run.
 */
import type { StoredRun } from '../../core/runs/stored-run';
import { useAppStore } from '../../store';
import { RunRow } from './RunRow';
import type { StoredDataset } from '../../core/data/stored-dataset';
import type { SortKey } from './sort-runs';

const COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean; title?: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'dataset', label: 'Dataset' },
  { key: 'date', label: 'Date' },
  { key: 'epochs', label: 'Epochs', numeric: true },
  { key: 'lossKind', label: 'Loss' },
  { key: 'finalLoss', label: 'Train loss', numeric: true },
  { key: 'valLoss', label: 'Val. loss', numeric: true },
  {
    key: 'metric',
    label: 'Final metric',
    numeric: true,
    title:
      "The task's own figure: accuracy, the typical error (RMSE, MAE) or perplexity. Sorted by " +
      'kind, then best first; click again for worst first.',
  },
  { key: 'samplesPerSec', label: 'Samples/s', numeric: true },
  { key: 'origin', label: 'Where it ran' },
  { key: 'sweep', label: 'Sweep' },
  { key: 'tags', label: 'Tags' },
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
        title={column.title}
        onClick={() => sortBy(column.key)}
      >
        {column.label}
        <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

function SelectAll({ runs }: { runs: readonly StoredRun[] }) {
  const selectedIds = useAppStore((s) => s.selectedRunIds);
  const selectRuns = useAppStore((s) => s.selectRuns);
  const picked = runs.filter((run) => selectedIds.includes(run.id)).length;
  const all = runs.length > 0 && picked === runs.length;
  return (
    <input
      type="checkbox"
      data-testid="runs.selectAll"
      aria-label="Select every run shown, to compare them"
      checked={all}
      ref={(box) => {
        if (box) box.indeterminate = picked > 0 && !all;
      }}
      onChange={() =>
        selectRuns(
          runs.map((run) => run.id),
          !all,
        )
      }
    />
  );
}

export function RunsTable({
  runs,
  sweepNames,
  datasets = [],
}: {
  runs: readonly StoredRun[];
  sweepNames: ReadonlyMap<string, string>;
  /** Every stored dataset version, so each run's dataset is named with its version. */
  datasets?: readonly StoredDataset[];
}) {
  const selectedIds = useAppStore((s) => s.selectedRunIds);
  // The sweep column only once some run belongs to a sweep.
  const swept = runs.some((run) => run.sweep !== null);
  const columns = swept ? COLUMNS : COLUMNS.filter((c) => c.key !== 'sweep');
  return (
    <div className="table-scroll">
      <table className="runs-table">
        <caption className="visually-hidden">
          Recorded runs; select runs to overlay their curves and compare their settings
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <SelectAll runs={runs} />
            </th>
            {columns.map((c) => (
              <SortHeader key={c.key} column={c} />
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              selected={selectedIds.includes(run.id)}
              sweepNames={swept ? sweepNames : null}
              datasets={datasets}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
