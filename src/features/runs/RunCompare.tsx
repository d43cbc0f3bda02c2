/**
 * The selected runs' settings side by side (runs.compare), one column per run in the order they
 * were picked: by default only the settings that differ, with a switch for all of them. Long
 * values are shortened with a Copy button, and the table scrolls inside its panel, so neither a
 * hash nor many runs widen the page. Runs on different versions of one dataset are said to be so
 * first, with a link to what changed between the versions.
 */
import { useMemo, useState } from 'react';
import { datasetHash } from '../../app/routes';
import type { StoredDataset } from '../../core/data/stored-dataset';
import type { StoredRun } from '../../core/runs/stored-run';
import { counted, nounFor } from '../../core/plural';
import { classCss } from '../palette';
import { CopyButton } from '../ui/CopyButton';
import { diffExperiments, type DiffRow, type DiffSection } from './experiment-diff';
import { Toggle } from '../ui/Toggle';
import { dataVersionsOf, versionPairs, versionsText } from './data-versions';

const SECTIONS: readonly { key: DiffSection; title: string }[] = [
  { key: 'dataset', title: 'Dataset' },
  { key: 'layers', title: 'Layers' },
  { key: 'config', title: 'Training' },
];

function summary(runs: number, changed: number): string {
  const compared = `${counted(runs, 'run')} compared`;
  if (changed === 0) return `${compared}: the same settings.`;
  return `${compared}: ${counted(changed, 'setting')} ${nounFor(changed, 'differs', 'differ')}.`;
}

function Cell({ row, index, run }: { row: DiffRow; index: number; run: StoredRun }) {
  const value = row.values[index];
  if (value === undefined) return <td />;
  const shortened = value.shown !== value.full;
  return (
    <td title={shortened ? value.full : undefined}>
      <span className="runs-compare-value">{value.shown}</span>
      {shortened && (
        <CopyButton
          value={value.full}
          what={`${row.label} of ${run.name}`}
          testId="runs.compare.copy"
        />
      )}
    </td>
  );
}

function DataVersionsNote({
  runs,
  datasets,
}: {
  runs: readonly StoredRun[];
  datasets: readonly StoredDataset[];
}) {
  const used = useMemo(() => dataVersionsOf(runs, datasets), [runs, datasets]);
  if (used.length === 0) return null;
  return (
    <ul className="runs-data-versions" data-testid="runs.dataVersions">
      {used.map((dataset) => (
        <li key={dataset.versions[0]?.lineage.lineId}>
          <strong>
            data: {versionsText(dataset)} of {dataset.name}
          </strong>
          {versionPairs(dataset).map(([older, newer]) => (
            <a
              key={newer.sha256}
              className="runs-data-diff"
              data-testid="runs.dataDiff"
              href={datasetHash(newer.sha256, older.sha256)}
            >
              what changed from version {older.lineage.version} to {newer.lineage.version}
            </a>
          ))}
        </li>
      ))}
    </ul>
  );
}

export function RunCompare({
  runs,
  datasets = [],
}: {
  runs: readonly StoredRun[];
  /** Every stored dataset version, to say when the runs trained on different versions. */
  datasets?: readonly StoredDataset[];
}) {
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => diffExperiments(runs.map((run) => run.experiment)), [runs]);
  const changed = rows.filter((r) => r.changed).length;
  const shown = showAll ? rows : rows.filter((r) => r.changed);
  return (
    <section className="panel" aria-labelledby="runs-compare-heading" data-testid="runs.compare">
      <h2 id="runs-compare-heading">Settings compared</h2>
      <DataVersionsNote runs={runs} datasets={datasets} />
      <div className="runs-compare-head">
        <p className="muted" data-testid="runs.compare.summary">
          {summary(runs.length, changed)}
        </p>
        <Toggle
          label="Show the settings that are the same too"
          testId="runs.compare.all"
          checked={showAll}
          onChange={setShowAll}
        />
      </div>
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="runs-diff">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                {runs.map((run, i) => (
                  <th scope="col" key={run.id}>
                    <span
                      className="runs-swatch"
                      style={{ background: classCss(i) }}
                      aria-hidden="true"
                    />
                    {run.name}
                  </th>
                ))}
              </tr>
            </thead>
            {SECTIONS.map(({ key, title }) => {
              const inSection = shown.filter((r) => r.section === key);
              if (inSection.length === 0) return null;
              return (
                <tbody key={key}>
                  <tr>
                    <th scope="colgroup" colSpan={runs.length + 1} className="runs-diff-section">
                      {title}
                    </th>
                  </tr>
                  {inSection.map((row) => (
                    <tr
                      key={row.label}
                      data-testid="runs.compare.row"
                      className={row.changed ? 'changed' : undefined}
                      data-changed={row.changed ? 'true' : undefined}
                    >
                      <th scope="row">
                        {row.label}
                        {row.changed && <span className="visually-hidden"> (differs)</span>}
                      </th>
                      {runs.map((run, i) => (
                        <Cell key={run.id} row={row} index={i} run={run} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
    </section>
  );
}
