/**
 * What the sweep view shows of each trial, and the columns its charts draw: one per varied field,
 * then the objective, then the other final metrics the runs reported. The parallel coordinates,
 * the scatter plots and the trial table all read these, so a filter or a click means the same run
 * in each.
 */
import type { AxisFilter, ParallelColumn } from '../../core/chart/parallel';
import type { ScatterInput } from '../../core/chart/scatter';
import type { StoredRun } from '../../core/runs/stored-run';
import { trialRunName } from '../../core/sweep/queue';
import {
  SWEEP_METRICS,
  type SweepMetric,
  type SweepRecord,
  type SweepValue,
  type Trial,
} from '../../core/sweep/sweep';
import { targetKey, targetLabel } from '../../core/sweep/targets';
import { metricLabel } from './plan-form';

export interface TrialRow {
  trial: Trial;
  /** 1 for the first trial of the plan. */
  number: number;
  name: string;
  /** Its stored run, once one was saved. */
  run: StoredRun | null;
  /** Each metric at the run's last epoch; the objective's from the trial while it runs. */
  metrics: Record<SweepMetric, number | null>;
}

export function trialRows(record: SweepRecord, runs: readonly StoredRun[]): TrialRow[] {
  const { sweep } = record;
  const byTrial = new Map(
    runs.flatMap((run) =>
      run.sweep?.sweepId === sweep.id ? [[run.sweep.trialId, run] as const] : [],
    ),
  );
  const objective = sweep.plan.objective.metric;
  return record.trials.map((trial, i) => {
    const run = byTrial.get(trial.id) ?? null;
    const last = run?.epochs.at(-1);
    const metrics: Record<SweepMetric, number | null> = {
      validationLoss: last?.validationLoss ?? null,
      validationAccuracy: last?.validationAccuracy ?? null,
      trainLoss: last?.trainLoss ?? null,
      trainAccuracy: last?.trainAccuracy ?? null,
    };
    // The queue's own figure is the one the sweep ranks by (halving prunes on it mid-run).
    metrics[objective] = trial.metric;
    return { trial, number: i + 1, name: run?.name ?? trialRunName(sweep, trial), run, metrics };
  });
}

/** The metrics shown: the objective first, then the others any run reported. */
export function shownMetrics(record: SweepRecord, rows: readonly TrialRow[]): SweepMetric[] {
  const objective = record.sweep.plan.objective.metric;
  return [
    objective,
    ...SWEEP_METRICS.filter((m) => m !== objective && rows.some((row) => row.metrics[m] !== null)),
  ];
}

/** Column keys of the metrics; the fields' are their `targetKey`s. */
export const metricKey = (metric: SweepMetric): string => `metric.${metric}`;

/** The trials the charts draw: those with a figure for the objective. */
export const chartedRows = (rows: readonly TrialRow[]): TrialRow[] =>
  rows.filter((row) => row.trial.metric !== null && Number.isFinite(row.trial.metric));

/** A column per varied field, then per shown metric, over `rows`. */
export function sweepColumns(
  record: SweepRecord,
  rows: readonly TrialRow[],
  metrics: readonly SweepMetric[],
): ParallelColumn[] {
  const { base, plan } = record.sweep;
  const fields = plan.fields.map((field, i): ParallelColumn => ({
    key: targetKey(field.target),
    label: targetLabel(field.target, base),
    values: rows.map((row) => row.trial.values[i] ?? null),
    options: { log: field.values.kind === 'log', valueTicks: true },
  }));
  const measured = metrics.map((metric): ParallelColumn => ({
    key: metricKey(metric),
    label: metricLabel(metric),
    values: rows.map((row) => row.metrics[metric]),
  }));
  return [...fields, ...measured];
}

/** The fields a scatter plot is drawn for: every varied field but the seed. */
export const scatterFields = (record: SweepRecord): number[] =>
  record.sweep.plan.fields.flatMap((field, i) => (field.target.kind === 'seed' ? [] : [i]));

/**
 * The objective against field `index`: trials that differ only by seed share a group, so the
 * plot shows their spread.
 */
export function scatterInputs(
  record: SweepRecord,
  rows: readonly TrialRow[],
  index: number,
): ScatterInput[] {
  const fields = record.sweep.plan.fields;
  return rows.flatMap((row) => {
    const x = row.trial.values[index];
    if (x === undefined) return [];
    const settings: SweepValue[] = row.trial.values.filter(
      (_, i) => fields[i]?.target.kind !== 'seed',
    );
    return [{ id: row.trial.id, x, y: row.trial.metric, group: JSON.stringify(settings) }];
  });
}

/** A filter in words: "0.001 to 0.01", "relu, tanh". */
export function describeFilter(filter: AxisFilter, format: (value: number) => string): string {
  return filter.kind === 'set'
    ? filter.values.join(', ')
    : `${format(filter.min)} to ${format(filter.max)}`;
}

/** A metric in a table cell: four significant digits, a dash for none. */
export const formatMetric = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? '—' : String(Number(value.toPrecision(4)));
