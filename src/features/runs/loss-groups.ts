/**
 * What the runs page's charts say in words: the selected runs grouped by the loss they minimised
 * (each group gets its own chart, as a mean squared error and a cross-entropy are not on one
 * scale), the note that says so, and the note naming what a clipped axis left off the chart.
 */
import { formatSpike } from '../../core/chart/curves-layout';
import type { ClippedPoint } from '../../core/chart/curves-spikes';
import type { LossName } from '../../core/train/config';
import { LOSS_WORDS } from './run-metric';

export interface LossGroup<T> {
  loss: LossName;
  runs: T[];
}

/** The runs by loss, in the order the losses first appear, each run's order kept. */
export function groupByLoss<T>(runs: readonly T[], lossOf: (run: T) => LossName): LossGroup<T>[] {
  const groups: LossGroup<T>[] = [];
  for (const run of runs) {
    const loss = lossOf(run);
    const group = groups.find((g) => g.loss === loss);
    if (group) group.runs.push(run);
    else groups.push({ loss, runs: [run] });
  }
  return groups;
}

/** Why there are several loss charts; null when there is one. */
export function lossNote(groups: readonly LossGroup<unknown>[]): string | null {
  if (groups.length < 2) return null;
  const losses = groups.map((g) => LOSS_WORDS[g.loss]).join(', ');
  return (
    `These runs minimised different losses (${losses}), whose values are not on one scale: ` +
    'each loss has its own chart.'
  );
}

/** How many clipped points the note names before it counts the rest. */
const NAMED_SPIKES = 3;

/** What a chart left off its axis, by run name; `names[i]` is the name of the chart's run i. */
export function spikeNote(spikes: readonly ClippedPoint[], names: readonly string[]): string {
  const named = spikes
    .slice(0, NAMED_SPIKES)
    .map((s) => `${names[s.run] ?? ''}: ${s.kind} ${formatSpike(s.value)} at epoch ${s.epoch}`);
  const more = spikes.length - named.length;
  return (
    `Off the top of the chart (marked ▲), so the other curves keep their scale: ${named.join('; ')}` +
    (more > 0 ? `; and ${more} more.` : '.')
  );
}
