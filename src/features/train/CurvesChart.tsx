/**
 * Train and validation curves of one metric over epochs, on a canvas. It is redrawn after every
 * epoch, so it paints imperatively in an effect rather than through a React element per point.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import { sizedContext, useCssWidth } from '../canvas';
import { SERIES_CSS, usePlotTheme, type PlotTheme } from '../palette';
import {
  finiteRange,
  formatTick,
  logDomain,
  niceDomain,
  niceTicks,
  scaleLinear,
  scaleLog,
  type Domain,
  type Scale,
} from '../plot-math';
import type { EpochPoint } from './history';

export interface CurvesChartProps {
  history: readonly EpochPoint[];
  metric: 'loss' | 'accuracy';
  logScale?: boolean;
  testId: string;
  title: string;
}

const HEIGHT = 160;
const STYLE: CSSProperties = { display: 'block', width: '100%', height: HEIGHT };
const MARGIN = { left: 44, right: 10, top: 26, bottom: 22 };
const FONT = '11px system-ui, sans-serif';
const TITLE_FONT = '600 12px system-ui, sans-serif';
const DASH = [5, 4];

interface Point {
  epoch: number;
  value: number;
}

interface Series {
  name: string;
  color: string;
  dashed: boolean;
  points: Point[];
}

/** The plot area in CSS pixels and the scales onto it. */
interface Frame {
  ctx: CanvasRenderingContext2D;
  left: number;
  right: number;
  top: number;
  bottom: number;
  sx: Scale;
  sy: Scale;
  theme: PlotTheme;
}

export function CurvesChart({
  history,
  metric,
  logScale = false,
  testId,
  title,
}: CurvesChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ctx = sizedContext(canvas, width, HEIGHT);
    if (!ctx) return;
    drawChart(ctx, width, theme, title, seriesOf(history, metric, logScale), metric, logScale);
  }, [width, theme, title, history, metric, logScale]);

  return (
    <canvas ref={canvasRef} data-testid={testId} role="img" aria-label={title} style={STYLE} />
  );
}

/** Both curves, without the epochs that have no value (no validation split, a diverged loss). */
function seriesOf(
  history: readonly EpochPoint[],
  metric: CurvesChartProps['metric'],
  logScale: boolean,
): Series[] {
  const pick = (read: (p: EpochPoint) => number | null): Point[] =>
    history.flatMap((p) => {
      const value = read(p);
      const drawable = value !== null && Number.isFinite(value) && (!logScale || value > 0);
      return drawable ? [{ epoch: p.epoch, value }] : [];
    });
  const loss = metric === 'loss';
  return [
    {
      name: 'train',
      color: SERIES_CSS.primary,
      dashed: false,
      points: pick((p) => (loss ? p.trainLoss : p.trainAccuracy)),
    },
    {
      name: 'validation',
      color: SERIES_CSS.secondary,
      dashed: true,
      points: pick((p) => (loss ? p.validationLoss : p.validationAccuracy)),
    },
  ];
}

/** Accuracy always spans [0, 1] so runs compare at a glance; loss fits its values. */
function valueDomain(
  series: readonly Series[],
  metric: CurvesChartProps['metric'],
  logScale: boolean,
): Domain {
  if (metric === 'accuracy') return { min: 0, max: 1, ticks: niceTicks(0, 1, 5) };
  const range = finiteRange(series.flatMap((s) => s.points.map((p) => p.value)));
  if (logScale) return range ? logDomain(range.min, range.max) : logDomain(1, 10);
  return niceDomain(Math.min(0, range?.min ?? 0), range?.max ?? 1, 4);
}

function drawChart(
  ctx: CanvasRenderingContext2D,
  width: number,
  theme: PlotTheme,
  title: string,
  series: readonly Series[],
  metric: CurvesChartProps['metric'],
  logScale: boolean,
): void {
  ctx.clearRect(0, 0, width, HEIGHT);
  const lastEpoch = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.epoch)));
  const y = valueDomain(series, metric, logScale);
  const left = MARGIN.left;
  const right = Math.max(left + 1, width - MARGIN.right);
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const sx = scaleLinear(0, lastEpoch, left, right);
  const sy = (logScale ? scaleLog : scaleLinear)(y.min, y.max, bottom, top);
  const frame: Frame = { ctx, left, right, top, bottom, sx, sy, theme };
  drawValueAxis(frame, y, logScale);
  drawEpochAxis(frame, lastEpoch);
  series.forEach((s) => drawSeries(frame, s));
  drawHeader(ctx, width, theme, title, series);
}

function drawValueAxis({ ctx, left, right, sy, theme }: Frame, y: Domain, logScale: boolean): void {
  const step = y.ticks.length > 1 ? (y.ticks[1] as number) - (y.ticks[0] as number) : 1;
  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  for (const tick of y.ticks) {
    const py = Math.round(sy(tick)) + 0.5;
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.fillText(formatTick(tick, logScale ? tick : step), left - 6, py);
  }
  // Gridlines fainter than the axes, so the curves stay the strongest marks.
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.4;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function drawEpochAxis({ ctx, left, right, bottom, sx, theme }: Frame, lastEpoch: number): void {
  ctx.beginPath();
  ctx.moveTo(left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.moveTo(left + 0.5, MARGIN.top);
  ctx.lineTo(left + 0.5, bottom);
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of niceTicks(0, lastEpoch, 5, 1)) {
    ctx.fillText(formatTick(tick, 1), sx(tick), bottom + 5);
  }
}

/** A lone point has no segment to draw, so it shows as a dot. */
function drawSeries({ ctx, sx, sy }: Frame, series: Series): void {
  const [first, ...rest] = series.points;
  if (!first) return;
  ctx.strokeStyle = series.color;
  ctx.fillStyle = series.color;
  ctx.beginPath();
  if (rest.length === 0) {
    ctx.arc(sx(first.epoch), sy(first.value), 3, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  ctx.moveTo(sx(first.epoch), sy(first.value));
  for (const p of rest) ctx.lineTo(sx(p.epoch), sy(p.value));
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  ctx.setLineDash(series.dashed ? DASH : []);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Title on the left, legend on the right, both above the plot area. */
function drawHeader(
  ctx: CanvasRenderingContext2D,
  width: number,
  theme: PlotTheme,
  title: string,
  series: readonly Series[],
): void {
  const mid = MARGIN.top / 2;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillStyle = theme.text;
  ctx.font = TITLE_FONT;
  ctx.fillText(title, 4, mid);
  ctx.font = FONT;
  ctx.lineWidth = 2;
  let x = width - MARGIN.right;
  for (const s of [...series].reverse()) {
    x -= ctx.measureText(s.name).width;
    ctx.fillStyle = theme.text;
    ctx.fillText(s.name, x, mid);
    x -= 20;
    ctx.beginPath();
    ctx.moveTo(x, mid);
    ctx.lineTo(x + 15, mid);
    ctx.strokeStyle = s.color;
    ctx.setLineDash(s.dashed ? DASH : []);
    ctx.stroke();
    x -= 12;
  }
  ctx.setLineDash([]);
}
