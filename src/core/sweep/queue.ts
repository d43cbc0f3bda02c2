/**
 * A sweep's queue as a pure state machine: which trials to launch when workers are free, what a
 * finished epoch or run changes, successive halving's promotions, pause/resume/stop, the time cap,
 * and what a reloaded page does with trials that were running when it closed. The runner owns the
 * workers and the clock; it passes the time in and stores every record this returns.
 *
 * Pausing starts nothing new but lets the runs in flight finish (their results are kept); stopping
 * abandons them: they go back to `pending` (the runner ends their workers, and a late report of
 * theirs is ignored), so a resumed sweep runs them again.
 */
import { ok, type Result } from '../result';
import type { InvalidSweepError } from '../errors';
import type { Experiment } from '../experiment/experiment';
import { halvingRungs, planTrials, trialExperiment } from './plan';
import type { Sweep, SweepRecord, SweepValue, Trial } from './sweep';
import { appliedValue, targetShortLabel } from './targets';
import { checkSweepPlan } from './validate';
import { formatValue } from './values';

/** A run the runner should start now. */
export interface Launch {
  trialId: string;
  runId: string;
  /** The trial's experiment; `config.epochs` is already `epochs`. */
  experiment: Experiment;
  /** Epochs the run trains to (in all, counting those it already has). */
  epochs: number;
  /**
   * Continue run `runId` from its checkpoint (successive halving promoted it; it has `epochsDone`
   * epochs), rather than start it afresh.
   */
  resume: boolean;
}

export type TrialOutcome =
  { ok: true; epochsDone: number; metric: number | null } | { ok: false; message: string };

/** A diverged run's NaN or infinite loss ranks as no result, below every real one. */
const finite = (metric: number | null): number | null =>
  metric !== null && Number.isFinite(metric) ? metric : null;

const rungsOf = (record: SweepRecord): { epochs: number; trials: number }[] | null => {
  const { method } = record.sweep.plan;
  return method.kind === 'halving'
    ? halvingRungs(
        record.trials.length,
        method.minEpochs,
        method.keep,
        record.sweep.base.config.epochs,
      )
    : null;
};

/**
 * A stored, queued sweep for `sweep`: every trial pending, the sweep running; or why the plan
 * cannot vary its experiment (checkSweepPlan). Each trial trains the experiment's epochs (its own
 * where the epochs are varied), successive halving's trials its first rung's.
 */
export function newSweepRecord(
  sweep: Sweep,
  now: Date,
  newId: () => string,
): Result<SweepRecord, InvalidSweepError> {
  const checked = checkSweepPlan(sweep.base, sweep.plan);
  if (!checked.ok) return checked;
  const combinations = planTrials(sweep.plan);
  const { method, fields } = sweep.plan;
  const epochs = sweep.base.config.epochs;
  const firstRung =
    method.kind === 'halving'
      ? halvingRungs(combinations.length, method.minEpochs, method.keep, epochs)[0]
      : undefined;
  const varied = fields.findIndex((f) => f.target.kind === 'config' && f.target.field === 'epochs');
  const targetOf = (values: SweepValue[]): number => {
    const value = varied < 0 ? undefined : values[varied];
    return typeof value === 'number' ? Math.round(value) : epochs;
  };
  const trials = combinations.map((values): Trial => ({
    id: newId(),
    runId: newId(),
    values,
    status: 'pending',
    epochsDone: 0,
    targetEpochs: firstRung?.epochs ?? targetOf(values),
    metric: null,
    error: null,
  }));
  return ok({
    sweep,
    trials,
    status: 'running',
    rung: 0,
    runningMs: 0,
    updatedAt: now.toISOString(),
    note: null,
  });
}

const withTrial = (
  record: SweepRecord,
  id: string,
  change: (trial: Trial) => Trial,
): SweepRecord => ({
  ...record,
  trials: record.trials.map((trial) => (trial.id === id ? change(trial) : trial)),
});

/** Best first by the objective; runs without a result last, in queue order among equals. */
function ranked(record: SweepRecord, trials: readonly Trial[]): Trial[] {
  const sign = record.sweep.plan.objective.goal === 'min' ? 1 : -1;
  return [...trials].sort((a, b) => {
    if (a.metric === null || b.metric === null) {
      return (a.metric === null ? 1 : 0) - (b.metric === null ? 1 : 0);
    }
    return sign * (a.metric - b.metric);
  });
}

/**
 * The record once nothing of the current rung is left to run: successive halving promotes the
 * best of the rung to the next one and prunes the rest; otherwise the sweep is done.
 */
function settle(record: SweepRecord, updatedAt: string): SweepRecord {
  if (record.status === 'done') return record;
  if (record.trials.some((t) => t.status === 'pending' || t.status === 'running')) return record;
  const rungs = rungsOf(record);
  const current = rungs?.[record.rung];
  const next = rungs?.[record.rung + 1];
  const finished = record.trials.filter(
    (t) => t.status === 'done' && t.targetEpochs === current?.epochs,
  );
  if (next !== undefined && finished.length > 0) {
    const promoted = new Set(
      ranked(record, finished)
        .slice(0, next.trials)
        .map((t) => t.id),
    );
    const trials = record.trials.map((trial): Trial => {
      if (!finished.includes(trial)) return trial;
      return promoted.has(trial.id)
        ? { ...trial, status: 'pending', targetEpochs: next.epochs }
        : { ...trial, status: 'pruned' };
    });
    return { ...record, trials, rung: record.rung + 1, updatedAt };
  }
  const failed = record.trials.filter((t) => t.status === 'failed');
  const note =
    failed.length > 0 && failed.length === record.trials.length
      ? `Every run failed; the first said: ${failed[0]?.error ?? 'nothing'}`
      : record.note;
  return { ...record, status: 'done', note, updatedAt };
}

/**
 * Up to `freeSlots` pending trials to start now (in queue order), marked `running`; nothing
 * unless the sweep is running. A trial whose experiment cannot be built fails here.
 */
export function nextLaunches(
  record: SweepRecord,
  freeSlots: number,
): { record: SweepRecord; launches: Launch[] } {
  const launches: Launch[] = [];
  if (record.status !== 'running' || freeSlots < 1) return { record, launches };
  let failed = false;
  const trials = record.trials.map((trial): Trial => {
    if (trial.status !== 'pending' || launches.length >= freeSlots) return trial;
    const built = trialExperiment(record.sweep, trial.values);
    if (!built.ok) {
      failed = true;
      return { ...trial, status: 'failed', error: built.error.message };
    }
    const experiment = {
      ...built.value,
      config: { ...built.value.config, epochs: trial.targetEpochs },
    };
    launches.push({
      trialId: trial.id,
      runId: trial.runId,
      experiment,
      epochs: trial.targetEpochs,
      resume: trial.epochsDone > 0,
    });
    return { ...trial, status: 'running' };
  });
  if (launches.length === 0 && !failed) return { record, launches };
  return { record: settle({ ...record, trials }, record.updatedAt), launches };
}

/** A running trial finished an epoch; `metric` is the objective's metric after it. */
export function trialEpoch(
  record: SweepRecord,
  trialId: string,
  epochsDone: number,
  metric: number | null,
): SweepRecord {
  const trial = record.trials.find((t) => t.id === trialId);
  if (trial?.status !== 'running') return record;
  return withTrial(record, trialId, (t) => ({ ...t, epochsDone, metric: finite(metric) }));
}

/**
 * A running trial's run ended: it trained to its target (or stopped early by itself), or failed.
 * When it was the last of its rung, successive halving promotes the best; when nothing is left,
 * the sweep is done. A report for a trial that is not running (stopped meanwhile) changes nothing.
 */
export function trialEnded(
  record: SweepRecord,
  trialId: string,
  outcome: TrialOutcome,
  now: Date,
): SweepRecord {
  const trial = record.trials.find((t) => t.id === trialId);
  if (trial?.status !== 'running') return record;
  const ended = withTrial(record, trialId, (t) =>
    outcome.ok
      ? { ...t, status: 'done', epochsDone: outcome.epochsDone, metric: finite(outcome.metric) }
      : { ...t, status: 'failed', error: outcome.message },
  );
  const updatedAt = now.toISOString();
  return settle({ ...ended, updatedAt }, updatedAt);
}

/**
 * A trial that was running, back in the queue: one successive halving promoted goes on from its
 * checkpoint at the end of its last rung; any other starts again from scratch.
 */
function requeued(record: SweepRecord, trial: Trial): Trial {
  const rungs = rungsOf(record);
  const last = record.rung > 0 ? rungs?.[record.rung - 1] : undefined;
  return last === undefined
    ? { ...trial, status: 'pending', epochsDone: 0, metric: null }
    : { ...trial, status: 'pending', epochsDone: last.epochs };
}

function requeueRunning(record: SweepRecord): SweepRecord {
  if (!record.trials.some((t) => t.status === 'running')) return record;
  return {
    ...record,
    trials: record.trials.map((t) => (t.status === 'running' ? requeued(record, t) : t)),
  };
}

/**
 * The record as a freshly loaded page must take it: no run of it is in flight any more, so the
 * trials it left `running` go back to the queue (see requeued) and the next launches start them.
 * The runner calls this once per record it reads from storage, before nextLaunches.
 */
export const recoverSweep = (record: SweepRecord): SweepRecord => requeueRunning(record);

/** Starts nothing new; the runs in flight finish and are recorded. */
export function pauseSweep(record: SweepRecord, now: Date): SweepRecord {
  return record.status === 'running'
    ? { ...record, status: 'paused', updatedAt: now.toISOString() }
    : record;
}

const capMs = (record: SweepRecord): number | null =>
  record.sweep.plan.maxMinutes === null ? null : record.sweep.plan.maxMinutes * 60_000;

/** Whether resumeSweep would start it again: paused or stopped, with time left under its cap. */
export function canResume(record: SweepRecord): boolean {
  const cap = capMs(record);
  return (
    (record.status === 'paused' || record.status === 'stopped') &&
    (cap === null || record.runningMs < cap)
  );
}

export function resumeSweep(record: SweepRecord, now: Date): SweepRecord {
  if (!canResume(record)) return record;
  return { ...record, status: 'running', note: null, updatedAt: now.toISOString() };
}

/** Stops the sweep; the runs in flight are abandoned (back to pending). */
export function stopSweep(record: SweepRecord, now: Date, note: string | null = null): SweepRecord {
  if (record.status === 'done' || record.status === 'stopped') return record;
  return { ...requeueRunning(record), status: 'stopped', note, updatedAt: now.toISOString() };
}

/** `elapsedMs` more of running; past the plan's time cap the sweep stops, saying why. */
export function tickSweep(record: SweepRecord, elapsedMs: number, now: Date): SweepRecord {
  if (record.status !== 'running') return record;
  const runningMs = record.runningMs + Math.max(0, elapsedMs);
  const cap = capMs(record);
  const ticked = { ...record, runningMs, updatedAt: now.toISOString() };
  if (cap === null || runningMs < cap) return ticked;
  const minutes = record.sweep.plan.maxMinutes ?? 0;
  return stopSweep(
    ticked,
    now,
    `Stopped at its time limit of ${formatValue(minutes)} minute${minutes === 1 ? '' : 's'}.`,
  );
}

/**
 * Runs finished for good (`done` counts a trial successive halving may still promote only once
 * its rung is the last), of all; running and failed ones. `sweep.status` shows "n of m runs".
 */
export function sweepCounts(record: SweepRecord): {
  done: number;
  total: number;
  running: number;
  failed: number;
} {
  const rungs = rungsOf(record);
  const lastRung = rungs === null || record.status === 'done' || record.rung >= rungs.length - 1;
  const count = (keep: (trial: Trial) => boolean) => record.trials.filter(keep).length;
  return {
    done: count(
      (t) => t.status === 'failed' || t.status === 'pruned' || (t.status === 'done' && lastRung),
    ),
    total: record.trials.length,
    running: count((t) => t.status === 'running'),
    failed: count((t) => t.status === 'failed'),
  };
}

/** Epochs still to train: the queue's, and for successive halving its later rungs'. */
function epochsLeft(record: SweepRecord): number {
  const queued = record.trials
    .filter((t) => t.status === 'pending' || t.status === 'running')
    .reduce((sum, t) => sum + Math.max(0, t.targetEpochs - t.epochsDone), 0);
  const rungs = rungsOf(record) ?? [];
  let later = 0;
  for (let k = record.rung + 1; k < rungs.length; k++) {
    const rung = rungs[k];
    const before = rungs[k - 1];
    if (rung !== undefined && before !== undefined) {
      later += rung.trials * (rung.epochs - before.epochs);
    }
  }
  return queued + later;
}

/**
 * Milliseconds the sweep still needs with `parallel` runs at once: the time one epoch took a
 * worker so far (running time x parallel / epochs trained) times the epochs left, shared among as
 * many workers as there are trials left. Null before the first epoch, and for a stopped sweep.
 */
export function estimateMsLeft(record: SweepRecord, parallel: number): number | null {
  if (record.status === 'done') return 0;
  if (record.status === 'stopped') return null;
  const trained = record.trials.reduce((sum, t) => sum + t.epochsDone, 0);
  if (trained === 0 || record.runningMs <= 0) return null;
  const workers = Math.max(1, Math.floor(parallel));
  const perEpoch = (record.runningMs * workers) / trained;
  const waiting = record.trials.filter((t) => t.status === 'pending' || t.status === 'running');
  const sharing = Math.max(1, Math.min(workers, waiting.length));
  return Math.round((epochsLeft(record) * perEpoch) / sharing);
}

/**
 * The trials whose results compare: finished with a result, and under successive halving only
 * those that trained the longest (a pruned run's metric came after fewer epochs).
 */
export function comparableTrials(record: SweepRecord): Trial[] {
  const finished = record.trials.filter((t) => t.status === 'done' && t.metric !== null);
  if (record.sweep.plan.method.kind !== 'halving') return finished;
  const longest = Math.max(...finished.map((t) => t.targetEpochs));
  return finished.filter((t) => t.targetEpochs === longest);
}

/** The best finished trial by the objective; null before one finished with a result. */
export const bestTrial = (record: SweepRecord): Trial | null =>
  ranked(record, comparableTrials(record))[0] ?? null;

/**
 * A trial's run name: the sweep's name, then each varied field and its value ("spiral · lr 0.03 ·
 * units 16"); a layer's number is said only when two varied fields would read alike ("units 1=16").
 */
export function trialRunName(sweep: Sweep, trial: Trial): string {
  const { fields } = sweep.plan;
  const words = fields.map((field) =>
    field.target.kind === 'layer' ? targetShortLabel(field.target).split(' ')[0] : null,
  );
  const parts = fields.map((field, i) => {
    const value = trial.values[i];
    const shown = value === undefined ? '?' : formatValue(appliedValue(field.target, value));
    const word = words[i];
    if (word === null || word === undefined) return `${targetShortLabel(field.target)} ${shown}`;
    const alike = words.filter((w) => w === word).length > 1;
    return alike ? `${targetShortLabel(field.target)}=${shown}` : `${word} ${shown}`;
  });
  return [sweep.name, ...parts].join(' · ');
}
