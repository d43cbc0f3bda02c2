/**
 * A metric against one swept field: a dot per run, and where runs repeat the same settings with
 * other seeds, their mean with an error bar of one standard deviation, so the spread the seed
 * alone makes is seen beside the effect of the field.
 */
import {
  axisPosition,
  buildAxis,
  type AxisOptions,
  type AxisValue,
  type ValueAxis,
} from './value-axis';

export interface ScatterInput {
  id: string;
  x: AxisValue;
  /** The metric; null (not reached yet) or not finite: not drawn. */
  y: number | null;
  /** Runs with the same group differ only in their seed. */
  group: string;
}

export interface RepeatGroup {
  group: string;
  x: AxisValue;
  ids: string[];
  mean: number;
  /** Sample standard deviation; null with one run. */
  sd: number | null;
}

export interface ScatterBox {
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
}

export interface ScatterLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  xAxis: ValueAxis;
  yAxis: ValueAxis;
  xTicks: { at: number; label: string }[];
  yTicks: { at: number; label: string }[];
  points: { id: string; x: number; y: number }[];
  /** One per group of two or more runs: the mean and one standard deviation either side. */
  bars: { x: number; mean: number; low: number; high: number; n: number }[];
}

/** Mean and sample standard deviation (n - 1); sd is null below two values. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number | null } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, sd: null };
  const squares = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(squares / (n - 1)) };
}

const drawable = (p: ScatterInput): p is ScatterInput & { y: number } =>
  p.y !== null && Number.isFinite(p.y);

/** The runs with a metric, grouped by settings (first seen first). */
export function repeatGroups(points: readonly ScatterInput[]): RepeatGroup[] {
  const groups = new Map<string, { x: AxisValue; ids: string[]; ys: number[] }>();
  for (const p of points.filter(drawable)) {
    const group = groups.get(p.group) ?? { x: p.x, ids: [], ys: [] };
    group.ids.push(p.id);
    group.ys.push(p.y);
    groups.set(p.group, group);
  }
  return [...groups].map(([group, { x, ids, ys }]) => ({ group, x, ids, ...meanAndSd(ys) }));
}

/** Space between the plot's edge and the first and last places on it, in pixels at most. */
const INSET = 16;

export interface ScatterOptions {
  x?: AxisOptions;
  y?: AxisOptions;
}

/** The runs' metric against the field laid out in `box`. */
export function layoutScatter(
  points: readonly ScatterInput[],
  options: ScatterOptions,
  box: ScatterBox,
): ScatterLayout {
  const shown = points.filter(drawable);
  const groups = repeatGroups(shown);
  const spread = groups.flatMap((g) => (g.sd === null ? [] : [g.mean - g.sd, g.mean + g.sd]));
  const xAxis = buildAxis(
    shown.map((p) => p.x),
    { valueTicks: true, ...options.x },
  );
  const ys = shown.map((p) => p.y);
  // Whether the metric is drawn on a log scale is the metric's own call; a spread below zero
  // cannot widen a log axis, so the axis is then made of the values and the spreads above zero.
  const log = buildAxis(ys, options.y).kind === 'log';
  const yAxis = buildAxis([...ys, ...spread.filter((v) => !log || v > 0)], {
    ...options.y,
    log,
  });
  const left = box.margin.left;
  const right = Math.max(left + 1, box.width - box.margin.right);
  const top = box.margin.top;
  const bottom = Math.max(top + 1, box.height - box.margin.bottom);
  const xInset = Math.min(INSET, (right - left) / 4);
  const yInset = Math.min(INSET / 2, (bottom - top) / 4);
  const px = (t: number) => left + xInset + t * (right - left - 2 * xInset);
  const py = (t: number) => bottom - yInset - t * (bottom - top - 2 * yInset);
  const xAt = (value: AxisValue) => px(axisPosition(xAxis, value) ?? 0.5);
  const yAt = (value: number) => {
    const t = axisPosition(yAxis, value);
    // Below a log axis (a mean minus its spread under zero): the axis's foot.
    return py(t === null ? 0 : Math.min(1, Math.max(0, t)));
  };
  return {
    width: box.width,
    height: box.height,
    left,
    right,
    top,
    bottom,
    xAxis,
    yAxis,
    xTicks: xAxis.ticks.map((tick) => ({ at: px(tick.t), label: tick.label })),
    yTicks: yAxis.ticks.map((tick) => ({ at: py(tick.t), label: tick.label })),
    points: shown.map((p) => ({ id: p.id, x: xAt(p.x), y: yAt(p.y) })),
    bars: groups.flatMap((g) =>
      g.sd === null
        ? []
        : [
            {
              x: xAt(g.x),
              mean: yAt(g.mean),
              low: yAt(g.mean - g.sd),
              high: yAt(g.mean + g.sd),
              n: g.ids.length,
            },
          ],
    ),
  };
}

/** The run whose dot is nearest to (x, y) within `radius` pixels; null if none. */
export function nearestPoint(
  layout: ScatterLayout,
  x: number,
  y: number,
  radius: number,
): string | null {
  let best: string | null = null;
  let bestDistance = radius;
  for (const p of layout.points) {
    const distance = Math.hypot(p.x - x, p.y - y);
    if (distance <= bestDistance) {
      best = p.id;
      bestDistance = distance;
    }
  }
  return best;
}
