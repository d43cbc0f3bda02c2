/**
 * Parallel coordinates of a sweep's trials on a canvas. Dragging along an axis brushes it (the
 * table below keeps only the runs inside every brush); a click on an axis clears its brush; a
 * click on a line picks that run. The brushes are also typed ranges and ticked names in the
 * filter panel under the chart, so the keyboard can do all the mouse does.
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import {
  axisNear,
  filterFromDrag,
  fractionAt,
  layoutParallel,
  nearestLine,
  type AxisFilter,
  type ParallelBox,
  type ParallelColumn,
  type ParallelFilters,
} from '../../core/chart/parallel';
import type { ValueAxis } from '../../core/chart/value-axis';
import { sizedContext, useCssWidth } from '../canvas';
import { usePlotTheme } from '../palette';
import { paintParallel } from './paint-parallel';
import { FilterPanel } from './FilterPanel';

const HEIGHT = 260;
/** Pixels from an axis within which a press brushes it rather than picks a line. */
const AXIS_REACH = 10;
const LINE_REACH = 6;
/** A press that moves less than this is a click. */
const CLICK = 3;

const box = (width: number): ParallelBox => ({
  width,
  height: HEIGHT,
  margin: { left: 48, right: 48, top: 38, bottom: 12 },
});

export interface ParallelChartProps {
  columns: readonly ParallelColumn[];
  axes: readonly ValueAxis[];
  /** The trial of each row. */
  rowIds: readonly string[];
  visible: readonly boolean[];
  bestId: string | null;
  selectedId: string | null;
  filters: ParallelFilters;
  onFilter(key: string, filter: AxisFilter | null): void;
  onSelect(trialId: string): void;
}

/** Where a press began, and on which axis (null: off the axes). */
interface Press {
  axis: number | null;
  x: number;
  y: number;
}

/** The brush being dragged, drawn in place of its axis's stored one. */
interface Preview {
  key: string;
  filter: AxisFilter | null;
}

export function ParallelChart(props: ParallelChartProps) {
  const { columns, axes, rowIds, visible, bestId, selectedId, filters, onFilter, onSelect } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();
  // A ref, not state: pointer events can come faster than renders, and each must see the press.
  const press = useRef<Press | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const layout = useMemo(
    () => layoutParallel(columns, box(Math.max(width, 1)), axes),
    [columns, axes, width],
  );

  const shownFilters = useMemo((): ParallelFilters => {
    if (preview === null) return filters;
    const rest = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== preview.key));
    return preview.filter ? { ...rest, [preview.key]: preview.filter } : rest;
  }, [preview, filters]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ctx = sizedContext(canvas, width, HEIGHT);
    if (!ctx) return;
    const rowOf = (id: string | null) => (id === null ? null : rowIds.indexOf(id));
    const best = rowOf(bestId);
    const selected = rowOf(selectedId);
    paintParallel(ctx, layout, theme, {
      visible,
      best: best === -1 ? null : best,
      selected: selected === -1 ? null : selected,
      filters: shownFilters,
    });
  }, [layout, theme, visible, bestId, selectedId, rowIds, shownFilters, width]);

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  /** The brush from the press to `y`, or null while the pointer has moved too little for one. */
  const dragged = (start: Press, x: number, y: number): Preview | null => {
    const axis = start.axis === null ? undefined : layout.axes[start.axis];
    if (!axis || Math.hypot(x - start.x, y - start.y) < CLICK) return null;
    return {
      key: axis.key,
      filter: filterFromDrag(axis.axis, fractionAt(layout, start.y), fractionAt(layout, y)),
    };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    const { x, y } = point(event);
    event.currentTarget.setPointerCapture(event.pointerId);
    press.current = { axis: axisNear(layout, x, AXIS_REACH), x, y };
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = press.current;
    if (!start) return;
    const { x, y } = point(event);
    const next = dragged(start, x, y);
    if (next) setPreview(next);
  };

  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = press.current;
    press.current = null;
    setPreview(null);
    if (!start) return;
    const { x, y } = point(event);
    const brush = dragged(start, x, y);
    const axis = start.axis === null ? undefined : layout.axes[start.axis];
    if (axis) {
      // A drag brushes the axis; a click on it clears its brush.
      onFilter(axis.key, brush?.filter ?? null);
      return;
    }
    if (Math.hypot(x - start.x, y - start.y) >= CLICK) return;
    const row = nearestLine(layout, x, y, LINE_REACH, visible);
    const id = row === null ? undefined : rowIds[row];
    if (id !== undefined) onSelect(id);
  };

  const described = columns.map((c) => c.label).join(', ');
  return (
    <div className="sweep-parallel">
      <canvas
        ref={canvasRef}
        data-testid="sweep.parallel"
        data-axis-keys={layout.axes.map((a) => a.key).join(' ')}
        data-axis-x={layout.axes.map((a) => Math.round(a.x)).join(' ')}
        data-plot-top={layout.top}
        data-plot-bottom={layout.bottom}
        role="img"
        aria-label={`Parallel coordinates of ${rowIds.length} runs over ${described}. Drag along an axis to keep only the runs inside; use the filters below with the keyboard.`}
        style={{ display: 'block', width: '100%', height: HEIGHT, touchAction: 'none' }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          press.current = null;
          setPreview(null);
        }}
      />
      <FilterPanel columns={columns} axes={axes} filters={filters} onFilter={onFilter} />
    </div>
  );
}
