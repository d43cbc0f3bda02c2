/**
 * What a sweep's trial leaves behind: its run, stored like any other (named for what the trial
 * varied, linked to its sweep and trial), and what its end tells the queue. A run that successive
 * halving promoted goes on under the same id: its record then holds the epochs of every rung.
 */
import { APP_VERSION } from '../../app-version';
import { BROWSER_ORIGIN } from '../../core/runs/origin';
import { adapterName, RUN_FORMAT, type StoredRun } from '../../core/runs/stored-run';
import { trialRunName, type Launch, type TrialOutcome } from '../../core/sweep/queue';
import { uniqueRunName } from '../../core/runs/run-name';
import { objectiveMetric } from '../../core/sweep/objective';
import type { SweepObjective, SweepRecord } from '../../core/sweep/sweep';
import type { TrialEnd } from './pool';

export interface TrialRunInput {
  record: SweepRecord;
  launch: Launch;
  end: TrialEnd;
  /** When this launch started (epoch ms). */
  startedAt: number;
  /** The run's record from its earlier rungs, when halving promoted it. */
  earlier: StoredRun | null;
  /** SHA-256 of the stored dataset's bytes; null for generated data. */
  datasetSha256: string | null;
  /** The names of the other runs: a new run's name is none of them. */
  taken: Iterable<string>;
}

/** The stored run of a trial that trained (completed, or stopped by itself); null when it failed. */
export function trialRun(input: TrialRunInput): StoredRun | null {
  const { record, launch, end, earlier } = input;
  const trial = record.trials.find((t) => t.id === launch.trialId);
  if (end.reason === 'failed' || trial === undefined) return null;
  const first = end.epochs[0]?.epoch ?? Infinity;
  const epochs = [...(earlier?.epochs.filter((e) => e.epoch < first) ?? []), ...end.epochs];
  if (epochs.length === 0) return null;
  return {
    format: RUN_FORMAT,
    id: launch.runId,
    name: earlier?.name ?? uniqueRunName(trialRunName(record.sweep, trial), input.taken),
    tags: earlier?.tags ?? [],
    createdAt: earlier?.createdAt ?? new Date(input.startedAt).toISOString(),
    experiment: launch.experiment,
    place: record.sweep.place,
    origin: BROWSER_ORIGIN,
    datasetSha256: input.datasetSha256,
    backend: end.backend?.backend ?? null,
    adapter: adapterName(end.backend),
    epochs,
    durationMs: (earlier?.durationMs ?? 0) + end.durationMs,
    samplesPerSec: end.samplesPerSec,
    appVersion: APP_VERSION,
    weights: end.weights,
    sweep: { sweepId: record.sweep.id, trialId: launch.trialId },
  };
}

/** What the queue hears of a trial's end (trialEnded). */
export function trialOutcome(
  end: TrialEnd,
  run: StoredRun | null,
  objective: SweepObjective,
): TrialOutcome {
  const last = run?.epochs.at(-1);
  if (end.reason === 'failed' || last === undefined) {
    return { ok: false, message: end.message ?? 'The run ended before its first epoch.' };
  }
  return { ok: true, epochsDone: last.epoch, metric: objectiveMetric(objective, last) };
}
