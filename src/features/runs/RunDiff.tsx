/** Two runs' settings side by side (runs.diff), with the settings that differ highlighted. */
import type { StoredRun } from '../../core/runs/stored-run';
import { diffExperiments, type DiffSection } from './experiment-diff';
import { counted, nounFor } from '../../core/plural';

const SECTION_TITLES: Record<DiffSection, string> = {
  dataset: 'Dataset',
  layers: 'Layers',
  config: 'Training',
};

export function RunDiff({ a, b }: { a: StoredRun; b: StoredRun }) {
  const rows = diffExperiments(a.experiment, b.experiment);
  const changed = rows.filter((r) => r.changed).length;
  return (
    <section className="panel" aria-labelledby="runs-diff-heading" data-testid="runs.diff">
      <h2 id="runs-diff-heading">Settings compared</h2>
      <p className="muted">
        {changed === 0
          ? 'Same settings.'
          : `${counted(changed, 'setting')} ${nounFor(changed, 'differs', 'differ')}.`}
      </p>
      <div className="table-scroll">
        <table className="runs-diff">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">{a.name}</th>
              <th scope="col">{b.name}</th>
            </tr>
          </thead>
          {(['dataset', 'layers', 'config'] as const).map((section) => (
            <tbody key={section}>
              <tr>
                <th scope="colgroup" colSpan={3} className="runs-diff-section">
                  {SECTION_TITLES[section]}
                </th>
              </tr>
              {rows
                .filter((r) => r.section === section)
                .map((r) => (
                  <tr
                    key={r.label}
                    className={r.changed ? 'changed' : undefined}
                    data-changed={r.changed ? 'true' : undefined}
                  >
                    <th scope="row">
                      {r.label}
                      {r.changed && <span className="visually-hidden"> (differs)</span>}
                    </th>
                    <td>{r.a}</td>
                    <td>{r.b}</td>
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
