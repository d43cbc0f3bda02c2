/**
 * The curves of a training metric over epochs, for one run or several: which values are drawn,
 * where a line breaks, and the axes that hold them. The canvas charts and the SVG export draw
 * from this one model.
 */
import type { EpochRecord } from '../runs/epoch';
import { finiteRange } from './range';
import { logDomain, niceDomain, niceTicks, type Domain } from './ticks';

export type CurveMetric = 'loss' | 'accuracy';
export type CurveKind = 'train' | 'validation';

export interface CurvePoint {
  epoch: number;
  value: number;
}

/** One run's train or validation curve: runs of consecutive drawable points. */
export interface CurveLine {
  /** Index of the run among those drawn, for its colour. */
  run: number;
  kind: CurveKind;
  segments: CurvePoint[][];
}

/** Beyond this, differences between values overflow and coordinates turn infinite. */
const PLOTTABLE = 1e100;

const FIELDS: Record<CurveMetric, Record<CurveKind, keyof EpochRecord>> = {
  loss: { train: 'trainLoss', validation: 'validationLoss' },
  accuracy: { train: 'trainAccuracy', validation: 'validationAccuracy' },
};

const drawable = (value: number | null, logScale: boolean): value is number =>
  value !== null &&
  Number.isFinite(value) &&
  Math.abs(value) <= PLOTTABLE &&
  (!logScale || value > 0);

/**
 * The train and validation curves of each run. An epoch without a value (no validation split, a
 * diverged loss, zero on a log scale) breaks the line there.
 */
export function curveLines(
  runs: readonly (readonly EpochRecord[])[],
  metric: CurveMetric,
  logScale = false,
): CurveLine[] {
  return runs.flatMap((epochs, run) =>
    (['train', 'validation'] as const).map((kind) => {
      const field = FIELDS[metric][kind];
      const segments: CurvePoint[][] = [];
      let open: CurvePoint[] | null = null;
      for (const record of epochs) {
        const value = record[field];
        if (drawable(record.epoch, false) && drawable(value, logScale)) {
          if (open === null) segments.push((open = []));
          open.push({ epoch: record.epoch, value });
        } else {
          open = null;
        }
      }
      return { run, kind, segments };
    }),
  );
}

const pointsOf = (lines: readonly CurveLine[]): CurvePoint[] =>
  lines.flatMap((line) => line.segments.flat());

/** Whether any line has a point to draw. */
export const hasPoints = (lines: readonly CurveLine[]): boolean =>
  lines.some((line) => line.segments.length > 0);

/** Epochs from 0 to the last one drawn (at least 1), ticked on whole epochs. */
export function epochDomain(lines: readonly CurveLine[]): Domain {
  // finiteRange, not Math.max(...): a long run has more points than a call has arguments.
  const last = Math.max(1, finiteRange(pointsOf(lines).map((p) => p.epoch))?.max ?? 1);
  return { min: 0, max: last, ticks: niceTicks(0, last, 5, 1) };
}

/** Accuracy always spans [0, 1] so runs compare at a glance; loss fits its values, from 0 up. */
export function valueDomain(
  lines: readonly CurveLine[],
  metric: CurveMetric,
  logScale = false,
): Domain {
  if (metric === 'accuracy') return { min: 0, max: 1, ticks: niceTicks(0, 1, 5) };
  const range = finiteRange(pointsOf(lines).map((p) => p.value));
  if (logScale) return range ? logDomain(range.min, range.max) : logDomain(1, 10);
  return niceDomain(Math.min(0, range?.min ?? 0), range?.max ?? 1, 4);
}
