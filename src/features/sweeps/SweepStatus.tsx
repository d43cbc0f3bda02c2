/**
 * A sweep's progress ("4 of 9 runs"), its state, pause / resume / stop, and the time left. Pause
 * lets the runs under way finish; Stop drops them (they go back to the queue), and a stopped
 * sweep with time left under its cap can be resumed like a paused one.
 */
import { canResume, estimateMsLeft, sweepCounts } from '../../core/sweep/queue';
import type { SweepRecord } from '../../core/sweep/sweep';
import { useAppStore } from '../../store';
import { describeSeconds } from '../train/eta';

/** "4 of 9 runs, 2 running, 1 failed". */
export function describeCounts(record: SweepRecord): string {
  const { done, total, running, failed } = sweepCounts(record);
  const parts = [`${done} of ${total} runs`];
  if (running > 0) parts.push(`${running} running`);
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(', ');
}

export function SweepStatus({ record }: { record: SweepRecord }) {
  const parallelism = useAppStore((s) => s.sweepParallelism);
  const pause = useAppStore((s) => s.pauseSweep);
  const resume = useAppStore((s) => s.resumeSweep);
  const stop = useAppStore((s) => s.stopSweep);
  const { id } = record.sweep;
  const { status } = record;
  const atOnce = parallelism ? parallelism.workers * parallelism.modelsPerWorker : 1;
  const left = status === 'running' ? estimateMsLeft(record, atOnce) : null;
  const active = status === 'running' || status === 'paused';
  return (
    <div className="sweep-status">
      <div className="progress-row">
        <span className={`badge ${status}`} data-testid="sweep.state">
          {status}
        </span>
        <span data-testid="sweep.status" data-state={status} aria-live="polite">
          {describeCounts(record)}
        </span>
        <span className="muted" data-testid="sweep.eta">
          {left !== null ? describeSeconds(left / 1000) : ''}
        </span>
      </div>
      <div className="buttons">
        {canResume(record) ? (
          <button type="button" data-testid="sweep.resume" onClick={() => resume(id)}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            data-testid="sweep.pause"
            disabled={status !== 'running'}
            onClick={() => pause(id)}
          >
            Pause
          </button>
        )}
        <button
          type="button"
          data-testid="sweep.stop"
          disabled={!active}
          title="Runs under way are dropped; Resume starts them again"
          onClick={() => stop(id)}
        >
          Stop
        </button>
      </div>
      {record.note !== null && (
        <p className="status" data-testid="sweep.note">
          {record.note}
        </p>
      )}
      {active && parallelism !== null && (
        <p className="muted status" data-testid="sweep.parallelism">
          {atOnce === 1 ? 'One run at a time' : `Up to ${atOnce} runs at once`}:{' '}
          {parallelism.reason}
        </p>
      )}
    </div>
  );
}
