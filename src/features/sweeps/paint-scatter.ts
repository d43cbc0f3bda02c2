/**
 * Paints core/chart's scatter layout: gridlines with the metric's labels, the field's values under
 * the plot, error bars of repeated settings, a dot per run with the best and selected ones marked.
 */
import type { ScatterLayout } from '../../core/chart/scatter';
import type { PlotTheme } from '../palette';
import { BEST_COLOUR, SELECTED_COLOUR } from './paint-parallel';

const FONT = '11px system-ui, sans-serif';
const DOT = 3.5;
const CAP = 4;

export interface ScatterMarks {
  best: string | null;
  selected: string | null;
  /** The field's name, under its values. */
  xLabel: string;
}

export function paintScatter(
  ctx: CanvasRenderingContext2D,
  layout: ScatterLayout,
  theme: PlotTheme,
  marks: ScatterMarks,
): void {
  const { left, right, top, bottom } = layout;
  ctx.clearRect(0, 0, layout.width, layout.height);
  ctx.font = FONT;
  ctx.fillStyle = theme.text;

  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  for (const tick of layout.yTicks) {
    const y = Math.round(tick.at) + 0.5;
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.fillText(tick.label, left - 6, y);
  }
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.4;
  ctx.stroke();
  ctx.globalAlpha = 1;

  ctx.beginPath();
  ctx.moveTo(left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.moveTo(left + 0.5, top);
  ctx.lineTo(left + 0.5, bottom);
  ctx.strokeStyle = theme.axis;
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of layout.xTicks) ctx.fillText(tick.label, tick.at, bottom + 5);
  ctx.fillText(marks.xLabel, (left + right) / 2, bottom + 20);

  ctx.strokeStyle = theme.text;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const bar of layout.bars) {
    ctx.moveTo(bar.x, bar.low);
    ctx.lineTo(bar.x, bar.high);
    for (const y of [bar.low, bar.high]) {
      ctx.moveTo(bar.x - CAP, y);
      ctx.lineTo(bar.x + CAP, y);
    }
    // The mean: a wider tick across the bar.
    ctx.moveTo(bar.x - CAP * 2, bar.mean);
    ctx.lineTo(bar.x + CAP * 2, bar.mean);
  }
  ctx.stroke();

  const marked = (id: string) => id === marks.best || id === marks.selected;
  for (const p of layout.points) {
    if (marked(p.id)) continue;
    ctx.globalAlpha = 0.6;
    ctx.fillStyle = theme.text;
    ctx.beginPath();
    ctx.arc(p.x, p.y, DOT, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  for (const p of layout.points) {
    if (!marked(p.id)) continue;
    ctx.fillStyle = p.id === marks.selected ? SELECTED_COLOUR : BEST_COLOUR;
    ctx.strokeStyle = theme.background;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(p.x, p.y, DOT + 1.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}
