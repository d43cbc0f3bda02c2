/** The sweeps this browser keeps, at the top of the Runs page: progress, best figure, a link. */
import { useEffect, useState } from 'react';
import { bestTrial } from '../../core/sweep/queue';
import type { SweepRecord } from '../../core/sweep/sweep';
import { sweepHash } from '../../app/routes';
import { useAppStore } from '../../store';
import { UnreadableRecords } from '../ui/UnreadableRecords';
import { metricLabel } from './plan-form';
import { formatMetric } from './sweep-table';
import { describeCounts } from './SweepStatus';
import './sweeps.css';

function DeleteSweep({ record }: { record: SweepRecord }) {
  const deleteSweep = useAppStore((s) => s.deleteSweep);
  const [confirming, setConfirming] = useState(false);
  const { name, id } = record.sweep;
  if (!confirming) {
    return (
      <button
        type="button"
        data-testid="sweep.delete"
        aria-label={`Delete the sweep ${name}`}
        onClick={() => setConfirming(true)}
      >
        Delete
      </button>
    );
  }
  return (
    <span className="runs-confirm" role="group" aria-label={`Delete the sweep ${name}?`}>
      <button
        type="button"
        className="danger"
        data-testid="sweep.delete.confirm"
        autoFocus
        onClick={() => void deleteSweep(id)}
      >
        Delete the sweep (its runs stay)
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function SweepItem({ record }: { record: SweepRecord }) {
  const best = bestTrial(record);
  const { objective } = record.sweep.plan;
  return (
    <li className="sweep-item" data-testid="sweep.item" data-sweep-id={record.sweep.id}>
      <a href={sweepHash(record.sweep.id)} className="sweep-item-name">
        {record.sweep.name}
      </a>
      <span className={`badge ${record.status}`}>{record.status}</span>
      <span>{describeCounts(record)}</span>
      <span className="muted">
        {best
          ? `best ${metricLabel(objective.metric)} ${formatMetric(best.metric)}`
          : 'no result yet'}
      </span>
      <DeleteSweep record={record} />
    </li>
  );
}

export function SweepList() {
  const sweeps = useAppStore((s) => s.sweeps);
  const unreadable = useAppStore((s) => s.unreadableSweeps);
  useEffect(() => {
    void useAppStore.getState().refreshSweeps();
  }, []);
  if (sweeps.length === 0 && unreadable.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="sweeps-heading" data-testid="sweep.list">
      <h2 id="sweeps-heading">Sweeps</h2>
      <UnreadableRecords records={unreadable} what="sweeps" testId="sweep.unreadable" />
      <ul className="sweep-items">
        {sweeps.map((record) => (
          <SweepItem key={record.sweep.id} record={record} />
        ))}
      </ul>
    </section>
  );
}
