/**
 * Sorting the runs table by any column; runs without a value sort last in both directions. The
 * final metric is of several kinds (accuracy, RMSE, perplexity...): runs sort by kind first, then
 * from the best to the worst of that kind ('desc'), or back ('asc').
 */
import type { StoredRun } from '../../core/runs/stored-run';
import { datasetRefName } from '../../core/data/ref';
import { originLabel } from './origin-label';
import {
  finalMetric,
  finalTrainLoss,
  finalValidationLoss,
  LOSS_WORDS,
  METRIC_KINDS,
  METRIC_WORDS,
} from './run-metric';

export const SORT_KEYS = [
  'name',
  'dataset',
  'date',
  'epochs',
  'lossKind',
  'finalLoss',
  'valLoss',
  'metric',
  'samplesPerSec',
  'origin',
  'sweep',
  'tags',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface RunSort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: RunSort = { key: 'date', direction: 'desc' };

/** A metric sorts by its kind, then by how good it is (higher is better). */
type Value = string | number | { group: number; goodness: number } | null;

function valueOf(run: StoredRun, key: SortKey, sweepNames: ReadonlyMap<string, string>): Value {
  switch (key) {
    case 'name':
      return run.name;
    case 'dataset':
      return datasetRefName(run.experiment.dataset);
    case 'date':
      return run.createdAt;
    case 'epochs':
      return run.epochs.length;
    case 'lossKind':
      return LOSS_WORDS[run.experiment.config.loss];
    case 'finalLoss':
      return finalTrainLoss(run);
    case 'valLoss':
      return finalValidationLoss(run);
    case 'metric': {
      const metric = finalMetric(run);
      if (metric === null) return null;
      const sign = METRIC_WORDS[metric.kind].better === 'higher' ? 1 : -1;
      return { group: METRIC_KINDS.indexOf(metric.kind), goodness: sign * metric.value };
    }
    case 'samplesPerSec':
      return run.samplesPerSec;
    case 'origin':
      return originLabel(run);
    case 'sweep':
      return run.sweep === null ? null : (sweepNames.get(run.sweep.sweepId) ?? run.sweep.sweepId);
    case 'tags':
      return run.tags.length === 0 ? null : run.tags.join(', ');
  }
}

/** NaN (a diverged loss) counts as missing: it has no place on the scale. */
const missing = (v: Value): v is null => v === null || (typeof v === 'number' && Number.isNaN(v));

/** Ascending order of two present values, and the metric's kinds in their fixed order. */
function compareValues(a: Exclude<Value, null>, b: Exclude<Value, null>, sign: number): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return sign * a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
  }
  if (typeof a === 'object' && typeof b === 'object') {
    return a.group - b.group || sign * (a.goodness - b.goodness);
  }
  return sign * (Number(a) - Number(b));
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * A new array; ties keep the newest first, then the id, so the order never flickers. Sweeps sort
 * by their name in `sweepNames`, else their id.
 */
export function sortRuns(
  runs: readonly StoredRun[],
  sort: RunSort,
  sweepNames: ReadonlyMap<string, string> = NO_NAMES,
): StoredRun[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const va = valueOf(a, sort.key, sweepNames);
    const vb = valueOf(b, sort.key, sweepNames);
    const ma = missing(va);
    const mb = missing(vb);
    if (ma !== mb) return ma ? 1 : -1;
    const byValue = ma || mb ? 0 : compareValues(va, vb, sign);
    if (byValue !== 0) return byValue;
    return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  });
}

/** Clicking the sorted column flips it; another column starts with its most useful direction. */
export function nextSort(current: RunSort, key: SortKey): RunSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  const descFirst: readonly SortKey[] = ['date', 'epochs', 'metric', 'samplesPerSec'];
  return { key, direction: descFirst.includes(key) ? 'desc' : 'asc' };
}
