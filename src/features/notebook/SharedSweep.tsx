/**
 * The runs of the author's sweep that came with a notebook, for its sweep cell: the values each
 * trial tried (as the field took them: a range's point rounded where it counts things) and its
 * last epoch's metric, best first by the plan's objective, the best marked.
 */
import type { RunRecord } from '../../core/bundle/schema';
import type { Experiment } from '../../core/experiment/experiment';
import { counted } from '../../core/plural';
import type { SweepPlan } from '../../core/sweep/sweep';
import { appliedValue, targetKey, targetLabel } from '../../core/sweep/targets';
import { formatValue } from '../../core/sweep/values';
import { metricLabel } from '../sweeps/plan-form';

/** The last epoch's objective metric of a shared sweep run; null when it has none. */
const finalMetric = (run: RunRecord, plan: SweepPlan): number | null =>
  run.epochs.at(-1)?.[plan.objective.metric] ?? null;

export function SharedSweep({
  runs,
  plan,
  experiment,
}: {
  runs: RunRecord[];
  plan: SweepPlan;
  experiment: Experiment;
}) {
  const sign = plan.objective.goal === 'max' ? -1 : 1;
  // Lower first; a run without the metric last.
  const rank = (run: RunRecord) => {
    const value = finalMetric(run, plan);
    return value === null ? Infinity : sign * value;
  };
  const ranked = [...runs].sort((a, b) => rank(a) - rank(b) || 0);
  const metric = metricLabel(plan.objective.metric);
  return (
    <details className="sweep-cell-shared" data-testid="cell.sharedSweep">
      <summary>
        The author’s sweep: {counted(runs.length, 'run')}, best first by {metric}
      </summary>
      <table>
        <thead>
          <tr>
            {plan.fields.map((field) => (
              <th key={targetKey(field.target)} scope="col">
                {targetLabel(field.target, experiment)}
              </th>
            ))}
            <th scope="col">{metric}</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((run, i) => {
            const value = finalMetric(run, plan);
            return (
              <tr
                key={run.id}
                data-testid="cell.sharedTrial"
                data-best={i === 0 ? 'true' : 'false'}
              >
                {plan.fields.map(({ target }, j) => {
                  const tried = run.sweep?.values[j];
                  return (
                    <td key={targetKey(target)}>
                      {tried === undefined ? '—' : formatValue(appliedValue(target, tried))}
                    </td>
                  );
                })}
                <td>{value === null ? '—' : value.toPrecision(3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
