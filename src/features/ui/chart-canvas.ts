/**
 * Paints core/chart's curves layout on a canvas: faint gridlines with the value labels, the axes
 * with the epoch labels, the lines, a mark where a line went off the top of the chart, and
 * optionally a title with a legend above the plot. The SVG export writes the same layout as markup.
 */
import {
  DASH,
  DOT_RADIUS,
  LINE_WIDTH,
  type CurvesLayout,
  type PlacedClip,
  type PlacedLine,
} from '../../core/chart/curves-layout';
import type { PlotTheme } from '../palette';

const FONT = '11px system-ui, sans-serif';
const TITLE_FONT = '600 12px system-ui, sans-serif';

export type LineColour = (line: Pick<PlacedLine, 'run' | 'kind'>) => string;

export function paintCurves(
  ctx: CanvasRenderingContext2D,
  layout: CurvesLayout,
  theme: PlotTheme,
  colourOf: LineColour,
): void {
  ctx.clearRect(0, 0, layout.width, layout.height);
  paintValueAxis(ctx, layout, theme);
  paintEpochAxis(ctx, layout, theme);
  for (const line of layout.lines) paintLine(ctx, line, colourOf(line));
  for (const clip of layout.clipped) paintClip(ctx, clip, theme, colourOf(clip), layout.right);
}

/** Half the width of the triangle that marks a point above the chart. */
const CLIP_MARK = 5;

/**
 * An upward triangle in the line's colour at the top edge, outlined in the background colour so it
 * stands out over the lines; the highest spike of a line is labelled with its value.
 */
function paintClip(
  ctx: CanvasRenderingContext2D,
  clip: PlacedClip,
  theme: PlotTheme,
  colour: string,
  right: number,
) {
  ctx.beginPath();
  ctx.moveTo(clip.x, clip.y - 1);
  ctx.lineTo(clip.x + CLIP_MARK, clip.y + 2 * CLIP_MARK);
  ctx.lineTo(clip.x - CLIP_MARK, clip.y + 2 * CLIP_MARK);
  ctx.closePath();
  ctx.setLineDash([]);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = theme.background;
  ctx.fillStyle = colour;
  ctx.stroke();
  ctx.fill();
  if (clip.label === null) return;
  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  ctx.textBaseline = 'top';
  const text = `↑ ${clip.label}`;
  // Beside the mark, on its left where the right edge would cut the label.
  const fits = clip.x + CLIP_MARK + 3 + ctx.measureText(text).width <= right;
  ctx.textAlign = fits ? 'left' : 'right';
  ctx.fillText(text, fits ? clip.x + CLIP_MARK + 3 : clip.x - CLIP_MARK - 3, clip.y + 1);
}

function paintValueAxis(ctx: CanvasRenderingContext2D, layout: CurvesLayout, theme: PlotTheme) {
  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  for (const tick of layout.valueTicks) {
    // On the pixel grid, so a 1px line is one crisp row rather than two blurred ones.
    const y = Math.round(tick.at) + 0.5;
    ctx.moveTo(layout.left, y);
    ctx.lineTo(layout.right, y);
    ctx.fillText(tick.label, layout.left - 6, y);
  }
  // Gridlines fainter than the axes, so the curves stay the strongest marks.
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.4;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function paintEpochAxis(ctx: CanvasRenderingContext2D, layout: CurvesLayout, theme: PlotTheme) {
  const { left, right, top, bottom } = layout;
  ctx.beginPath();
  ctx.moveTo(left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.moveTo(left + 0.5, top);
  ctx.lineTo(left + 0.5, bottom);
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of layout.epochTicks) ctx.fillText(tick.label, tick.at, bottom + 5);
}

/** Each segment as a polyline; a segment of one point as a dot, or it would not show. */
function paintLine(ctx: CanvasRenderingContext2D, line: PlacedLine, colour: string) {
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = LINE_WIDTH;
  ctx.lineJoin = 'round';
  ctx.setLineDash(line.dashed ? DASH : []);
  for (const [first, ...rest] of line.segments) {
    if (!first) continue;
    ctx.beginPath();
    if (rest.length === 0) {
      ctx.arc(first.x, first.y, DOT_RADIUS, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.moveTo(first.x, first.y);
    for (const p of rest) ctx.lineTo(p.x, p.y);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/**
 * The title on the left and, on the right, the train and validation line styles of the first run,
 * both in the margin above the plot.
 */
export function paintHeader(
  ctx: CanvasRenderingContext2D,
  layout: CurvesLayout,
  theme: PlotTheme,
  title: string,
  colourOf: LineColour,
): void {
  const mid = layout.top / 2;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillStyle = theme.text;
  ctx.font = TITLE_FONT;
  ctx.fillText(title, 4, mid);
  ctx.font = FONT;
  ctx.lineWidth = LINE_WIDTH;
  let x = layout.right;
  for (const kind of ['validation', 'train'] as const) {
    x -= ctx.measureText(kind).width;
    ctx.fillStyle = theme.text;
    ctx.fillText(kind, x, mid);
    x -= 20;
    ctx.beginPath();
    ctx.moveTo(x, mid);
    ctx.lineTo(x + 15, mid);
    ctx.strokeStyle = colourOf({ run: 0, kind });
    ctx.setLineDash(kind === 'validation' ? DASH : []);
    ctx.stroke();
    x -= 12;
  }
  ctx.setLineDash([]);
}
