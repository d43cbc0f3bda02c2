/**
 * Which varied fields mattered: each field's share of the spread in the objective, with a sentence
 * that says how it is measured and what it cannot see.
 */
import { parameterImportance } from '../../core/sweep/importance';
import type { SweepRecord } from '../../core/sweep/sweep';
import { targetKey, targetLabel } from '../../core/sweep/targets';
import { metricLabel } from './plan-form';

/** Below this many finished runs every share is mostly noise: the list waits. */
const MIN_FINISHED = 3;

export function Importance({ record }: { record: SweepRecord }) {
  const { base, plan } = record.sweep;
  const metric = metricLabel(plan.objective.metric);
  const finished = record.trials.filter((t) => t.status === 'done' && t.metric !== null).length;
  const shares = finished >= MIN_FINISHED ? parameterImportance(record) : [];
  return (
    <div className="sweep-importance" data-testid="sweep.importance">
      {shares.length === 0 ? (
        <p className="muted">
          Shown once {MIN_FINISHED} runs have finished ({finished} so far).
        </p>
      ) : (
        <ul className="sweep-bars">
          {shares.map(({ target, importance }) => {
            const label = targetLabel(target, base);
            const percent = Math.round(importance * 100);
            return (
              <li key={targetKey(target)} data-testid="sweep.importanceRow">
                <span className="sweep-bar-label">{label}</span>
                <span className="sweep-bar" aria-hidden="true">
                  <span style={{ width: `${percent}%` }} />
                </span>
                <span className="num">{percent}%</span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted sweep-method">
        Each share is how much of the spread in the {metric} a field explains on its own: eta
        squared of a one-way analysis of variance over the finished runs. It sees each field alone,
        not how fields act together, and with few runs it is noisy. A large share for the seed means
        the differences are mostly chance.
      </p>
    </div>
  );
}
