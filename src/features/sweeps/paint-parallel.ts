/**
 * Paints core/chart's parallel-coordinates layout: the axes with their names and ticks, the brushed
 * spans, the trials' lines (filtered-out ones faint), the best run and the selected run on top.
 */
import {
  filterSpans,
  rowAt,
  type ParallelFilters,
  type ParallelLayout,
} from '../../core/chart/parallel';
import { classCss, type PlotTheme } from '../palette';

const FONT = '11px system-ui, sans-serif';
const LABEL_FONT = '600 11px system-ui, sans-serif';
/** The best run in the first class colour, the selected one in the second, in every chart. */
export const BEST_CLASS = 0;
export const SELECTED_CLASS = 1;
export const BEST_COLOUR = classCss(BEST_CLASS);
export const SELECTED_COLOUR = classCss(SELECTED_CLASS);
const BRUSH_WIDTH = 14;
/** Between the lines of an axis's name. */
const LINE_HEIGHT = 13;

export interface ParallelMarks {
  visible: readonly boolean[];
  best: number | null;
  selected: number | null;
  filters: ParallelFilters;
}

/** `text` cut with an ellipsis to fit `width` pixels. */
function fitted(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** `text` in at most two lines of `width` pixels, broken between words; the rest cut. */
function wrapped(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const words = text.split(' ');
  let first = '';
  while (words.length > 0) {
    const next = first === '' ? (words[0] ?? '') : `${first} ${words[0] ?? ''}`;
    if (first !== '' && ctx.measureText(next).width > width) break;
    first = next;
    words.shift();
  }
  const lines = [fitted(ctx, first, width)];
  if (words.length > 0) lines.push(fitted(ctx, words.join(' '), width));
  return lines;
}

function paintLine(
  ctx: CanvasRenderingContext2D,
  points: ParallelLayout['lines'][number],
  colour: string,
  width: number,
  alpha: number,
) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.globalAlpha = alpha;
  ctx.beginPath();
  let open = false;
  for (const p of points) {
    if (p === null) {
      open = false;
      continue;
    }
    if (open) ctx.lineTo(p.x, p.y);
    else ctx.moveTo(p.x, p.y);
    open = true;
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

export function paintParallel(
  ctx: CanvasRenderingContext2D,
  layout: ParallelLayout,
  theme: PlotTheme,
  marks: ParallelMarks,
): void {
  ctx.clearRect(0, 0, layout.width, layout.height);
  const gap =
    layout.axes.length > 1
      ? Math.abs((layout.axes[1]?.x ?? 0) - (layout.axes[0]?.x ?? 0))
      : layout.width;

  for (const axis of layout.axes) {
    const filter = marks.filters[axis.key];
    if (!filter) continue;
    ctx.fillStyle = SELECTED_COLOUR;
    ctx.globalAlpha = 0.25;
    for (const span of filterSpans(axis.axis, filter)) {
      const top = rowAt(layout, span.to);
      const bottom = rowAt(layout, span.from);
      ctx.fillRect(axis.x - BRUSH_WIDTH / 2, top, BRUSH_WIDTH, Math.max(2, bottom - top));
    }
    ctx.globalAlpha = 1;
  }

  ctx.lineJoin = 'round';
  layout.lines.forEach((line, row) => {
    if (row === marks.best || row === marks.selected) return;
    const shown = marks.visible[row] !== false;
    paintLine(ctx, line, shown ? theme.text : theme.axis, shown ? 1.5 : 1, shown ? 0.45 : 0.35);
  });
  if (marks.best !== null) {
    const line = layout.lines[marks.best];
    if (line) paintLine(ctx, line, BEST_COLOUR, 3, 1);
  }
  if (marks.selected !== null && marks.selected !== marks.best) {
    const line = layout.lines[marks.selected];
    if (line) paintLine(ctx, line, SELECTED_COLOUR, 3, 1);
  }

  ctx.strokeStyle = theme.text;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const axis of layout.axes) {
    const x = Math.round(axis.x) + 0.5;
    ctx.moveTo(x, layout.top);
    ctx.lineTo(x, layout.bottom);
  }
  ctx.stroke();

  ctx.textBaseline = 'middle';
  layout.axes.forEach((axis, i) => {
    const last = i === layout.axes.length - 1 && layout.axes.length > 1;
    ctx.font = FONT;
    ctx.textAlign = last ? 'right' : 'left';
    const dx = last ? -5 : 5;
    for (const tick of axis.ticks) {
      // A halo in the background colour keeps a label readable over the lines.
      ctx.lineWidth = 3;
      ctx.strokeStyle = theme.background;
      ctx.strokeText(tick.label, axis.x + dx, tick.y);
      ctx.fillStyle = theme.text;
      ctx.fillText(tick.label, axis.x + dx, tick.y);
      ctx.fillRect(axis.x - 2, Math.round(tick.y), 5, 1);
    }
    // Each name centred over its axis in two lines at most, as wide as the gap to the next
    // axis allows and, for the outer axes, as the canvas's edge allows.
    ctx.font = LABEL_FONT;
    ctx.textAlign = 'center';
    ctx.fillStyle = theme.text;
    const room = Math.min(gap - 8, 2 * (axis.x - 2), 2 * (layout.width - axis.x - 2));
    const lines = wrapped(ctx, axis.label, Math.max(24, room));
    lines.forEach((line, k) => {
      ctx.fillText(line, axis.x, layout.top - 12 - (lines.length - 1 - k) * LINE_HEIGHT);
    });
  });
}
