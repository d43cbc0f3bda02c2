/**
 * The figure that says how good a run ended, in the terms of its task: accuracy for a classifier,
 * the typical error for a regression (RMSE, the square root of a mean-squared-error loss, in the
 * target's own units; MAE for a mean-absolute-error loss; Huber has no such reading, so its loss),
 * perplexity for a next-token model. Read from the last epoch, on the validation examples when
 * the run held some out, else on the training examples. The loss a run minimised tells its task
 * (core/train/prepare.ts refuses a loss that does not suit the data), so no dataset is read.
 */
import type { StoredRun } from '../../core/runs/stored-run';
import type { LossName } from '../../core/train/config';
import { tokenMetrics } from '../../core/train/token-metrics';

export const METRIC_KINDS = ['accuracy', 'rmse', 'mae', 'huber', 'perplexity'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface RunMetric {
  kind: MetricKind;
  value: number;
  on: 'validation' | 'train';
}

export const METRIC_WORDS: Record<
  MetricKind,
  { short: string; long: string; better: 'higher' | 'lower'; digits: number }
> = {
  accuracy: { short: 'acc.', long: 'accuracy', better: 'higher', digits: 3 },
  rmse: { short: 'RMSE', long: 'root-mean-square error', better: 'lower', digits: 3 },
  mae: { short: 'MAE', long: 'mean absolute error', better: 'lower', digits: 3 },
  huber: { short: 'Huber', long: 'Huber loss', better: 'lower', digits: 4 },
  perplexity: { short: 'ppl.', long: 'perplexity', better: 'lower', digits: 2 },
};

/** The loss as the table names it. */
export const LOSS_WORDS: Record<LossName, string> = {
  categoricalCrossentropy: 'cross-entropy',
  meanSquaredError: 'MSE',
  meanAbsoluteError: 'MAE',
  huber: 'Huber',
  sparseCategoricalCrossentropy: 'next-token cross-entropy',
};

export const finalTrainLoss = (run: StoredRun): number | null =>
  run.epochs.at(-1)?.trainLoss ?? null;

export const finalValidationLoss = (run: StoredRun): number | null =>
  run.epochs.at(-1)?.validationLoss ?? null;

/** The value, or null when it is missing or not a number (a diverged run). */
const usable = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** The run's final metric, or null when its last epoch has none (no epochs, a diverged run). */
export function finalMetric(run: StoredRun): RunMetric | null {
  const last = run.epochs.at(-1);
  if (last === undefined) return null;
  const held = last.validationLoss !== null;
  const on = held ? 'validation' : 'train';
  const loss = usable(held ? last.validationLoss : last.trainLoss);
  const of = (kind: MetricKind, value: number | null): RunMetric | null =>
    value === null ? null : { kind, value, on };
  switch (run.experiment.config.loss) {
    case 'categoricalCrossentropy':
      return of('accuracy', usable(held ? last.validationAccuracy : last.trainAccuracy));
    case 'meanSquaredError':
      return of('rmse', loss === null || loss < 0 ? null : Math.sqrt(loss));
    case 'meanAbsoluteError':
      return of('mae', loss);
    case 'huber':
      return of('huber', loss);
    case 'sparseCategoricalCrossentropy':
      return of('perplexity', usable(loss === null ? null : tokenMetrics(loss).perplexity));
  }
}

/** `acc. 0.953`, `RMSE 12.4`: the kind, then the value, short enough for a table cell. */
export function formatMetric(metric: RunMetric): string {
  const words = METRIC_WORDS[metric.kind];
  return `${words.short} ${formatValue(metric.value, words.digits)}`;
}

/** `0.953`, `12.4`, `1.2e+5`: significant digits, without trailing zeros. */
export function formatValue(value: number, digits: number): string {
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) {
    return value.toExponential(1);
  }
  return String(Number(value.toPrecision(digits)));
}

/** The words behind the cell, for its tooltip: "validation accuracy at epoch 20". */
export function metricDetails(run: StoredRun, metric: RunMetric): string {
  const epoch = run.epochs.at(-1)?.epoch ?? 0;
  const where = metric.on === 'validation' ? 'validation' : 'training (no validation split)';
  return `${METRIC_WORDS[metric.kind].long} on the ${where} examples at epoch ${epoch}`;
}
