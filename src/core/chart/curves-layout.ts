/**
 * The curves model placed in a box of pixels: the plot area, the ticks with their labels and the
 * lines as pixel coordinates. A painter (canvas on the page, SVG in the export) only draws this.
 */
import type { EpochRecord } from '../runs/epoch';
import { curveLines, epochDomain, valueDomain, type CurveKind, type CurveMetric } from './curves';
import { belowLimit, spikeLimit, spikesOf, type ClippedPoint } from './curves-spikes';
import { scaleLinear, scaleLog } from './scale';
import { formatTick } from './ticks';

/** Validation curves are dashed: on, off, in pixels. */
export const DASH = [5, 4] as const;
export const LINE_WIDTH = 2;
/** A point with no neighbour has no segment to draw, so it shows as a dot of this radius. */
export const DOT_RADIUS = 3;

export interface ChartBox {
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
}

export interface CurvesOptions {
  metric: CurveMetric;
  /** A log scale for the loss; accuracy stays linear on [0, 1]. */
  logScale?: boolean;
  /** Fit the loss axis to all but divergent spikes, drawn at the top edge (curves-spikes.ts). */
  clipSpikes?: boolean;
}

export interface PlacedTick {
  /** Pixels along the axis: x for epochs, y for values. */
  at: number;
  label: string;
}

export interface PlacedPoint {
  x: number;
  y: number;
}

export interface PlacedLine {
  run: number;
  kind: CurveKind;
  dashed: boolean;
  segments: PlacedPoint[][];
}

/** A point above the axis, drawn at the top edge; the highest of each line's spikes is labelled. */
export interface PlacedClip extends ClippedPoint, PlacedPoint {
  label: string | null;
}

export interface CurvesLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  epochTicks: PlacedTick[];
  valueTicks: PlacedTick[];
  /** Only the lines with something to draw. */
  lines: PlacedLine[];
  /** Points left off the axis (only with `clipSpikes`). */
  clipped: PlacedClip[];
}

/** The runs' curves of `options.metric` laid out in `box`; a run is the epochs it recorded. */
export function layoutCurves(
  runs: readonly (readonly EpochRecord[])[],
  options: CurvesOptions,
  box: ChartBox,
): CurvesLayout {
  const log = options.metric === 'loss' && options.logScale === true;
  const lines = curveLines(runs, options.metric, log);
  const limit = options.clipSpikes === true ? spikeLimit(lines, options.metric, log) : null;
  const epochs = epochDomain(lines);
  const values = valueDomain(
    limit === null ? lines : belowLimit(lines, limit),
    options.metric,
    log,
  );
  const left = box.margin.left;
  const right = Math.max(left + 1, box.width - box.margin.right);
  const top = box.margin.top;
  const bottom = Math.max(top + 1, box.height - box.margin.bottom);
  const sx = scaleLinear(epochs.min, epochs.max, left, right);
  const scaleY = (log ? scaleLog : scaleLinear)(values.min, values.max, bottom, top);
  const sy = (value: number) => (limit !== null && value > limit ? top : scaleY(value));
  const spikes = limit === null ? [] : spikesOf(lines, limit);
  const [first = 0, second = first + 1] = values.ticks;
  return {
    width: box.width,
    height: box.height,
    left,
    right,
    top,
    bottom,
    epochTicks: epochs.ticks.map((tick) => ({ at: sx(tick), label: formatTick(tick, 1) })),
    // On a log scale each tick is its own step: 0.001 needs three decimals where 10 needs none.
    valueTicks: values.ticks.map((tick) => ({
      at: scaleY(tick),
      label: formatTick(tick, log ? tick : second - first),
    })),
    lines: lines
      .filter((line) => line.segments.length > 0)
      .map((line) => ({
        run: line.run,
        kind: line.kind,
        dashed: line.kind === 'validation',
        segments: line.segments.map((segment) =>
          segment.map((p) => ({ x: sx(p.epoch), y: sy(p.value) })),
        ),
      })),
    clipped: spikes.map((spike) => ({
      ...spike,
      x: sx(spike.epoch),
      y: top,
      label: isHighest(spike, spikes) ? formatSpike(spike.value) : null,
    })),
  };
}

/** Whether no other spike of the same line is higher (the first of equals wins). */
function isHighest(spike: ClippedPoint, spikes: readonly ClippedPoint[]): boolean {
  const line = spikes.filter((s) => s.run === spike.run && s.kind === spike.kind);
  const top = line.reduce((a, b) => (b.value > a.value ? b : a));
  return top === spike;
}

/** `3e13`, `1.2e5`, `850`: a spike's value in a few characters. */
export function formatSpike(value: number): string {
  if (Math.abs(value) < 1e4) return String(Number(value.toPrecision(3)));
  const [mantissa = '', exponent = ''] = value.toExponential(1).split('e');
  return `${Number(mantissa)}e${exponent.replace('+', '')}`;
}
