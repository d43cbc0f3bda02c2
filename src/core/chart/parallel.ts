/**
 * Parallel coordinates: one vertical axis per column (a swept field or a final metric), one line
 * per row (a trial) through its value on each axis. Brushing an axis keeps the rows whose value
 * lies in the brushed span; a filter is kept in values (a range of numbers, a set of names), not
 * in pixels, so it survives a resize and can be typed as well as dragged.
 */
import {
  axisPosition,
  axisValueAt,
  buildAxis,
  type AxisOptions,
  type AxisValue,
  type ValueAxis,
} from './value-axis';

export interface ParallelColumn {
  key: string;
  label: string;
  /** One value per row; null where the row has none (a metric not reached yet). */
  values: readonly (AxisValue | null)[];
  options?: AxisOptions;
}

export type AxisFilter =
  { kind: 'range'; min: number; max: number } | { kind: 'set'; values: readonly string[] };

/** Filters by column key; a column without one keeps every row. */
export type ParallelFilters = Readonly<Record<string, AxisFilter>>;

export interface ParallelBox {
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
}

export interface PlacedPoint {
  x: number;
  y: number;
}

export interface PlacedAxis {
  key: string;
  label: string;
  axis: ValueAxis;
  x: number;
  ticks: { y: number; label: string }[];
}

export interface ParallelLayout {
  width: number;
  height: number;
  top: number;
  bottom: number;
  axes: PlacedAxis[];
  /** One per row, in row order: a point per axis, null where the row has no value there. */
  lines: (PlacedPoint | null)[][];
}

/** Rows whose values differ by less than this share of the range still pass a range's ends. */
const EDGE = 1e-9;

/** Whether `value` passes the filter of `axis`. */
export function passesFilter(
  axis: ValueAxis,
  filter: AxisFilter,
  value: AxisValue | null,
): boolean {
  if (value === null) return false;
  if (filter.kind === 'set') return filter.values.includes(String(value));
  if (typeof value !== 'number' || axis.kind === 'category') return false;
  const slack = EDGE * Math.max(Math.abs(filter.min), Math.abs(filter.max), 1e-300);
  return value >= filter.min - slack && value <= filter.max + slack;
}

/** For each row, whether it passes every filter. */
export function visibleRows(
  columns: readonly ParallelColumn[],
  axes: readonly ValueAxis[],
  filters: ParallelFilters,
): boolean[] {
  const rows = Math.max(0, ...columns.map((c) => c.values.length));
  return Array.from({ length: rows }, (_, row) =>
    columns.every((column, i) => {
      const filter = filters[column.key];
      const axis = axes[i];
      return filter === undefined || axis === undefined
        ? true
        : passesFilter(axis, filter, column.values[row] ?? null);
    }),
  );
}

/** The axis of each column. */
export const parallelAxes = (columns: readonly ParallelColumn[]): ValueAxis[] =>
  columns.map((column) => buildAxis(column.values, column.options));

/** The columns laid out in `box`: axes evenly apart, values from the bottom (low) up. */
export function layoutParallel(
  columns: readonly ParallelColumn[],
  box: ParallelBox,
  axes: readonly ValueAxis[] = parallelAxes(columns),
): ParallelLayout {
  const { left, right, top, bottom } = box.margin;
  const y0 = Math.max(top + 1, box.height - bottom);
  const x1 = Math.max(left, box.width - right);
  const gap = columns.length > 1 ? (x1 - left) / (columns.length - 1) : 0;
  const xOf = (i: number) => (columns.length > 1 ? left + i * gap : (left + x1) / 2);
  const yOf = (t: number) => y0 - t * (y0 - top);
  const placed = columns.map((column, i): PlacedAxis => {
    const axis = axes[i] ?? buildAxis(column.values, column.options);
    return {
      key: column.key,
      label: column.label,
      axis,
      x: xOf(i),
      ticks: axis.ticks.map((tick) => ({ y: yOf(tick.t), label: tick.label })),
    };
  });
  const rows = Math.max(0, ...columns.map((c) => c.values.length));
  const lines = Array.from({ length: rows }, (_, row) =>
    placed.map((p, i) => {
      const t = axisPosition(p.axis, columns[i]?.values[row] ?? null);
      return t === null ? null : { x: p.x, y: yOf(t) };
    }),
  );
  return { width: box.width, height: box.height, top, bottom: y0, axes: placed, lines };
}

/** The fraction along the axes at pixel row `y` (clamped to [0, 1]). */
export function fractionAt(layout: ParallelLayout, y: number): number {
  const span = layout.bottom - layout.top;
  if (span <= 0) return 0;
  return Math.min(1, Math.max(0, (layout.bottom - y) / span));
}

/** The pixel row of fraction `t`. */
export const rowAt = (layout: ParallelLayout, t: number): number =>
  layout.bottom - t * (layout.bottom - layout.top);

/** The index of the axis within `tolerance` pixels of `x`, the nearest one; null if none. */
export function axisNear(layout: ParallelLayout, x: number, tolerance: number): number | null {
  let best: number | null = null;
  let bestDistance = tolerance;
  layout.axes.forEach((axis, i) => {
    const distance = Math.abs(axis.x - x);
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

/** A drag shorter than this share of the axis is a click: it clears the axis's filter. */
const MIN_BRUSH = 0.02;

/**
 * The filter a drag from fraction `t0` to `t1` along `axis` makes: the range of numbers, or the
 * names placed inside it. Null for a click, or a drag that holds no name.
 */
export function filterFromDrag(axis: ValueAxis, t0: number, t1: number): AxisFilter | null {
  const lo = Math.max(0, Math.min(t0, t1));
  const hi = Math.min(1, Math.max(t0, t1));
  if (hi - lo < MIN_BRUSH) return null;
  if (axis.kind === 'category') {
    const values = axis.categories.filter((name) => {
      const t = axisPosition(axis, name);
      return t !== null && t >= lo && t <= hi;
    });
    return values.length > 0 ? { kind: 'set', values } : null;
  }
  return { kind: 'range', min: axisValueAt(axis, lo), max: axisValueAt(axis, hi) };
}

/** Half the height of the mark around a brushed name, as a share of the axis. */
const NAME_MARK = 0.04;

/** The spans of the axis (fractions) a filter covers, for drawing the brush. */
export function filterSpans(axis: ValueAxis, filter: AxisFilter): { from: number; to: number }[] {
  if (filter.kind === 'set') {
    return filter.values.flatMap((name) => {
      const t = axisPosition(axis, name);
      return t === null
        ? []
        : [{ from: Math.max(0, t - NAME_MARK), to: Math.min(1, t + NAME_MARK) }];
    });
  }
  if (axis.kind === 'category') return [];
  const a = axisPosition(axis, Math.max(filter.min, axis.kind === 'log' ? axis.min : -Infinity));
  const b = axisPosition(axis, filter.max);
  if (a === null || b === null) return [];
  const from = Math.max(0, Math.min(a, b));
  const to = Math.min(1, Math.max(a, b));
  return to >= from ? [{ from, to }] : [];
}

function distanceToSegment(p: PlacedPoint, a: PlacedPoint, b: PlacedPoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Distance from `p` to a line drawn through its placed points (gaps at nulls). */
function distanceToLine(p: PlacedPoint, line: readonly (PlacedPoint | null)[]): number {
  let best = Infinity;
  line.forEach((point, i) => {
    if (point === null) return;
    best = Math.min(best, Math.hypot(p.x - point.x, p.y - point.y));
    const next = line[i + 1];
    if (next) best = Math.min(best, distanceToSegment(p, point, next));
  });
  return best;
}

/**
 * The row whose line passes nearest to (x, y), within `tolerance` pixels; rows hidden by
 * `visible` are not picked.
 */
export function nearestLine(
  layout: ParallelLayout,
  x: number,
  y: number,
  tolerance: number,
  visible?: readonly boolean[],
): number | null {
  let best: number | null = null;
  let bestDistance = tolerance;
  layout.lines.forEach((line, row) => {
    if (visible && visible[row] === false) return;
    const distance = distanceToLine({ x, y }, line);
    if (distance <= bestDistance) {
      best = row;
      bestDistance = distance;
    }
  });
  return best;
}
