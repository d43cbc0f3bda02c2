/** The last few runs recorded in this browser; the runs page has them all. */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { counted } from '../../core/plural';

const SHOWN = 5;

export function RecentRuns() {
  const runs = useAppStore((s) => s.runs);
  useEffect(() => {
    void useAppStore.getState().refreshRuns();
  }, []);
  const recent = runs.slice(0, SHOWN);
  return (
    <section className="panel home-section" aria-labelledby="recent-heading">
      <div className="section-head">
        <h2 id="recent-heading">Recent runs</h2>
        <a href="#/runs">All runs</a>
      </div>
      {recent.length === 0 ? (
        <p className="muted">No runs yet. Press Train in a lesson or the playground.</p>
      ) : (
        <ul className="recent-runs">
          {recent.map((run) => {
            const last = run.epochs.at(-1);
            return (
              <li key={run.id} data-testid="home.run">
                <span>{run.name}</span>
                <span className="muted">
                  {last === undefined
                    ? 'no epoch finished'
                    : `${counted(last.epoch, 'epoch')}, loss ${last.trainLoss.toPrecision(3)}`}
                  {' · '}
                  {new Date(run.createdAt).toLocaleDateString()}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
