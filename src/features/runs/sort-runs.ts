/** Sorting the runs table by any column; runs without a value sort last in both directions. */
import type { StoredRun } from '../../core/runs/stored-run';
import { finalLoss, finalValAccuracy } from './run-facts';
import { datasetRefName } from '../../core/data/ref';

export const SORT_KEYS = [
  'name',
  'dataset',
  'date',
  'epochs',
  'finalLoss',
  'finalValAccuracy',
  'samplesPerSec',
  'backend',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface RunSort {
  key: SortKey;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: RunSort = { key: 'date', direction: 'desc' };

type Value = string | number | null;

function valueOf(run: StoredRun, key: SortKey): Value {
  switch (key) {
    case 'name':
      return run.name;
    case 'dataset':
      return datasetRefName(run.experiment.dataset);
    case 'date':
      return run.createdAt;
    case 'epochs':
      return run.epochs.length;
    case 'finalLoss':
      return finalLoss(run);
    case 'finalValAccuracy':
      return finalValAccuracy(run);
    case 'samplesPerSec':
      return run.samplesPerSec;
    case 'backend':
      return run.backend;
  }
}

/** NaN (a diverged loss) counts as missing: it has no place on the scale. */
const missing = (v: Value): v is null => v === null || (typeof v === 'number' && Number.isNaN(v));

function compareValues(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
  }
  return Number(a) - Number(b);
}

/** A new array; ties keep the newest first, then the id, so the order never flickers. */
export function sortRuns(runs: readonly StoredRun[], sort: RunSort): StoredRun[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const va = valueOf(a, sort.key);
    const vb = valueOf(b, sort.key);
    const ma = missing(va);
    const mb = missing(vb);
    if (ma !== mb) return ma ? 1 : -1;
    const byValue = ma ? 0 : sign * compareValues(va, vb);
    if (byValue !== 0) return byValue;
    return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  });
}

/** Clicking the sorted column flips it; another column starts with its most useful direction. */
export function nextSort(current: RunSort, key: SortKey): RunSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  const descFirst: readonly SortKey[] = ['date', 'epochs', 'finalValAccuracy', 'samplesPerSec'];
  return { key, direction: descFirst.includes(key) ? 'desc' : 'asc' };
}
