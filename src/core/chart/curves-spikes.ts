/**
 * A divergent spike left out of the loss axis: one epoch's 3e13 among losses near 1 would press
 * every other curve flat against zero. A value is a spike when it is more than SPIKE_FACTOR times
 * the median of all the values drawn (the median, because up to half the points may be spikes
 * without moving it). The axis then fits the rest, and each spike is drawn at the top edge with a
 * mark. The factor is wide on purpose: a loss that falls from 2.3 to 0.05 over a run, or a
 * regression loss from 600 to 10, is a curve to show, not a spike. A log scale already holds
 * decades, so it clips only what is a further hundred times beyond.
 */
import type { EpochRecord } from '../runs/epoch';
import { curveLines, type CurveLine, type CurveKind, type CurveMetric } from './curves';

export const SPIKE_FACTOR = { linear: 100, log: 10_000 } as const;

/** A point left off the chart: whose, which curve, when, and its value. */
export interface ClippedPoint {
  run: number;
  kind: CurveKind;
  epoch: number;
  value: number;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/**
 * The value above which a point of these lines is a spike, or null when none is: accuracy never
 * clips (it spans [0, 1]), nor does a chart whose median is not positive.
 */
export function spikeLimit(
  lines: readonly CurveLine[],
  metric: CurveMetric,
  logScale: boolean,
): number | null {
  if (metric !== 'loss') return null;
  const values = lines.flatMap((line) => line.segments.flat().map((p) => p.value));
  const middle = median(values);
  if (middle === null || middle <= 0) return null;
  const limit = middle * (logScale ? SPIKE_FACTOR.log : SPIKE_FACTOR.linear);
  return values.some((v) => v > limit) ? limit : null;
}

/** The lines without their points above `limit`, for fitting the axis to the rest. */
export const belowLimit = (lines: readonly CurveLine[], limit: number): CurveLine[] =>
  lines.map((line) => ({
    ...line,
    segments: line.segments
      .map((segment) => segment.filter((p) => p.value <= limit))
      .filter((segment) => segment.length > 0),
  }));

/** Every point above the limit, in run and epoch order. */
export function spikesOf(lines: readonly CurveLine[], limit: number): ClippedPoint[] {
  return lines.flatMap((line) =>
    line.segments
      .flat()
      .filter((p) => p.value > limit)
      .map((p) => ({ run: line.run, kind: line.kind, epoch: p.epoch, value: p.value })),
  );
}

/** The points a chart of these runs leaves off its axis (what the page tells beside it). */
export function clippedPoints(
  runs: readonly (readonly EpochRecord[])[],
  metric: CurveMetric,
  logScale: boolean,
): ClippedPoint[] {
  const lines = curveLines(runs, metric, logScale);
  const limit = spikeLimit(lines, metric, logScale);
  return limit === null ? [] : spikesOf(lines, limit);
}
