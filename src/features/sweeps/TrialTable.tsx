/**
 * The sweep's trials, one row each: its values, status, epochs and final metrics. Rows outside
 * the parallel coordinates' brushes are left out; the best run is marked; a click (or the name's
 * button, for the keyboard) shows the run's curves.
 */
import type { SweepMetric, SweepRecord } from '../../core/sweep/sweep';
import { targetLabel } from '../../core/sweep/targets';
import { formatValue } from '../../core/sweep/values';
import { metricLabel } from './plan-form';
import { formatMetric, type TrialRow } from './sweep-table';

export interface TrialTableProps {
  record: SweepRecord;
  rows: readonly TrialRow[];
  metrics: readonly SweepMetric[];
  bestId: string | null;
  selectedId: string | null;
  onSelect(trialId: string): void;
}

export function TrialTable({
  record,
  rows,
  metrics,
  bestId,
  selectedId,
  onSelect,
}: TrialTableProps) {
  const { base, plan } = record.sweep;
  return (
    <div className="table-scroll">
      <table className="sweep-table">
        <caption className="visually-hidden">
          Runs of the sweep; choose one to see its curves
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {plan.fields.map((field, i) => (
              <th scope="col" key={i}>
                {targetLabel(field.target, base)}
              </th>
            ))}
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Epochs
            </th>
            {metrics.map((metric) => (
              <th scope="col" className="num" key={metric}>
                {metricLabel(metric)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { trial } = row;
            const best = trial.id === bestId;
            return (
              <tr
                key={trial.id}
                data-testid="sweep.row"
                data-trial-id={trial.id}
                data-run-id={trial.runId}
                data-status={trial.status}
                className={best ? 'best' : undefined}
                aria-selected={trial.id === selectedId}
                onClick={() => onSelect(trial.id)}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    aria-label={`Show the curves of ${row.name}`}
                    onClick={(event) => {
                      // The row's own click would select it a second time.
                      event.stopPropagation();
                      onSelect(trial.id);
                    }}
                  >
                    #{row.number}
                  </button>
                  {best && (
                    <span className="badge sweep-best-badge" title="Best by the sweep's objective">
                      best
                    </span>
                  )}
                </th>
                {trial.values.map((value, i) => (
                  <td key={i} data-field={i}>
                    {formatValue(value)}
                  </td>
                ))}
                <td title={trial.error ?? undefined}>
                  <span className={`badge ${trial.status === 'failed' ? 'error' : trial.status}`}>
                    {trial.status}
                  </span>
                </td>
                <td className="num">
                  {trial.epochsDone}/{trial.targetEpochs}
                </td>
                {metrics.map((metric) => (
                  <td className="num" key={metric}>
                    {formatMetric(row.metrics[metric])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
