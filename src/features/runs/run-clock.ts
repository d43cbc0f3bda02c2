/**
 * A run's wall time from the worker's status changes: time spent running, pauses excluded. A run
 * begins at its first 'running' or 'paused' (Step starts one paused) and ends at 'done'.
 */
import type { TrainStatus } from '../../core/protocol';

export interface RunClock {
  /** Epoch milliseconds of the run's start. */
  startedAt: number;
  /** Running time before the current stretch. */
  runMs: number;
  /** Start of the current running stretch; null while paused. */
  runningSince: number | null;
}

export function startClock(status: TrainStatus, now: number): RunClock {
  return { startedAt: now, runMs: 0, runningSince: status === 'running' ? now : null };
}

/** The clock after a status change. */
export function tick(clock: RunClock, status: TrainStatus, now: number): RunClock {
  const runMs = clock.runMs + (clock.runningSince === null ? 0 : now - clock.runningSince);
  if (status === 'running') {
    return clock.runningSince === null ? { ...clock, runningSince: now } : clock;
  }
  return { ...clock, runMs, runningSince: null };
}

export const runningMs = (clock: RunClock, now: number): number =>
  clock.runMs + (clock.runningSince === null ? 0 : now - clock.runningSince);
