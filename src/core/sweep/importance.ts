/**
 * A simple parameter importance: for each varied field, the share of the final metric's variance
 * that its values explain on their own (one-way ANOVA's effect size, eta squared: the sum of
 * squares between the groups of trials that share a value, over the total sum of squares).
 *
 * Its limits, which the sweep view states: it sees main effects only, not interactions (a learning
 * rate that only matters at some widths is undervalued), so the shares need not add up to 1; with
 * few trials per value it is noisy and biased upwards (a field with as many values as trials
 * explains everything); random draws of a range are grouped into equal-count bins first, as no two
 * draws share a value; under successive halving only the trials of the last rung compare (the
 * pruned ones stopped earlier), which are few. The seed's share is a measure of noise: a high one says the differences
 * between settings are not much larger than between repeats.
 */
import { comparableTrials } from './queue';
import type { SweepRecord, SweepTarget, SweepValue } from './sweep';
import { appliedValue } from './targets';

/** The group of each trial's value: the value itself, or its bin when values rarely repeat. */
function groups(values: readonly SweepValue[]): string[] {
  const keys = values.map((value) => String(value));
  const distinct = new Set(keys).size;
  const numeric = values.every((value) => typeof value === 'number');
  // Grouped by value when values repeat (a grid, a list drawn from); else too few per group.
  if (!numeric || distinct * 2 <= values.length) return keys;
  const bins = Math.max(2, Math.round(Math.sqrt(values.length)));
  const order = values.map((value, i) => ({ value: Number(value), i }));
  order.sort((a, b) => a.value - b.value);
  const bin: string[] = new Array<string>(values.length).fill('');
  order.forEach(({ i }, rank) => {
    bin[i] = String(Math.floor((rank * bins) / values.length));
  });
  return bin;
}

/** Eta squared of `metrics` grouped by `keys`: between-group sum of squares over the total. */
export function etaSquared(keys: readonly string[], metrics: readonly number[]): number {
  const n = metrics.length;
  if (n < 2) return 0;
  const mean = metrics.reduce((sum, m) => sum + m, 0) / n;
  const total = metrics.reduce((sum, m) => sum + (m - mean) ** 2, 0);
  if (!(total > 0)) return 0;
  const byKey = new Map<string, { sum: number; count: number }>();
  keys.forEach((key, i) => {
    const group = byKey.get(key) ?? { sum: 0, count: 0 };
    group.sum += metrics[i] ?? 0;
    group.count += 1;
    byKey.set(key, group);
  });
  let between = 0;
  for (const { sum, count } of byKey.values()) between += count * (sum / count - mean) ** 2;
  return Math.min(1, Math.max(0, between / total));
}

/**
 * Each varied field's importance in [0, 1], highest first, over the trials that finished with a
 * result (comparableTrials); empty before two have.
 */
export function parameterImportance(
  record: SweepRecord,
): { target: SweepTarget; importance: number }[] {
  const trials = comparableTrials(record);
  if (trials.length < 2) return [];
  const metrics = trials.map((trial) => trial.metric ?? 0);
  return record.sweep.plan.fields
    .map((field, f) => {
      const values = trials.map((trial) => appliedValue(field.target, trial.values[f] ?? ''));
      return { target: field.target, importance: etaSquared(groups(values), metrics) };
    })
    .sort((a, b) => b.importance - a.importance);
}
