/**
 * The dataset on a canvas, with what the model makes of it: decision regions under 2-D classes,
 * or the fitted curve through 1-D regression data. It redraws about ten times a second while
 * training, so it paints imperatively in an effect: one path per class, one image for the regions.
 * While points are drawn on it (PointsPlot), it holds a fixed frame, marks the keyboard's cursor,
 * and passes the pointer and keys to whoever edits.
 */
import { useEffect, useRef, type CSSProperties, type HTMLAttributes } from 'react';
import { sizedContext, useCssWidth } from '../canvas';
import { extentOf, rangeOf, type Extent } from '../../core/data/bounds';
import type { ClassificationDataset, Dataset, RegressionDataset } from '../../core/data/dataset';
import type { Prediction } from '../../core/protocol';
import { classCss, classRgb, SERIES_CSS, usePlotTheme, type PlotTheme } from '../palette';
import { unionRange } from '../../core/chart/range';
import { scaleLinear, type Scale } from '../../core/chart/scale';
import { fillHeatmap, pointRadius } from '../plot-math';

export interface DataPlotProps {
  dataset: Dataset | null;
  prediction: Prediction | null;
  label: string;
  /** The data box to show, fixed while points are drawn; else the prediction's or the data's. */
  extent?: Extent | null;
  /** Where the keyboard would add or erase a point (data coordinates); drawn as a ring. */
  cursor?: { x: number; y: number } | null;
  /** Handlers and attributes for editing on the canvas (pointer, keys, focus). */
  editing?: HTMLAttributes<HTMLCanvasElement> | null;
}

type GridPrediction = Extract<Prediction, { kind: 'grid' }>;
type LinePrediction = Extract<Prediction, { kind: 'line' }>;

const STYLE: CSSProperties = { display: 'block', width: '100%', maxWidth: 480, aspectRatio: '1' };

/** Where a plot in CSS pixels puts data coordinates. */
interface Frame {
  ctx: CanvasRenderingContext2D;
  side: number;
  px: Scale;
  py: Scale;
  theme: PlotTheme;
}

export function DataPlot({
  dataset,
  prediction,
  label,
  extent = null,
  cursor = null,
  editing = null,
}: DataPlotProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scratchRef = useRef<HTMLCanvasElement>(null);
  const side = useCssWidth(canvasRef);
  const theme = usePlotTheme();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || side === 0) return;
    const ctx = sizedContext(canvas, side, side);
    if (!ctx) return;
    scratchRef.current ??= document.createElement('canvas');
    drawPlot(ctx, side, theme, { dataset, prediction, extent, cursor }, scratchRef.current);
  }, [side, theme, dataset, prediction, extent, cursor]);

  return (
    <canvas
      ref={canvasRef}
      data-testid="plot.data"
      role="img"
      aria-label={label}
      style={STYLE}
      {...editing}
    />
  );
}

interface Drawn {
  dataset: Dataset | null;
  prediction: Prediction | null;
  extent: Extent | null;
  cursor: { x: number; y: number } | null;
}

function drawPlot(
  ctx: CanvasRenderingContext2D,
  side: number,
  theme: PlotTheme,
  { dataset, prediction, extent, cursor }: Drawn,
  scratch: HTMLCanvasElement,
): void {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, side, side);
  if (dataset?.task === 'classification' && hasShape(dataset, 2)) {
    const grid = prediction?.kind === 'grid' ? prediction : null;
    const frame = frameOf(ctx, side, theme, extent ?? grid?.extent ?? extentOf(dataset.x));
    if (grid) drawRegions(frame, grid, scratch);
    drawAxes(frame);
    drawClasses(frame, dataset);
    if (cursor) drawCursor(frame, cursor);
  } else if (dataset?.task === 'regression' && hasShape(dataset, 1)) {
    const line = prediction?.kind === 'line' ? prediction : null;
    const frame = frameOf(ctx, side, theme, regressionExtent(dataset, line));
    drawAxes(frame);
    drawScatter(frame, dataset);
    if (line) drawCurve(frame, line);
  }
}

/** Only flat inputs of this width can be plotted; image data, say, has nothing to show here. */
const hasShape = (data: Dataset, width: number): boolean =>
  data.inputShape.length === 1 && data.inputShape[0] === width;

function frameOf(
  ctx: CanvasRenderingContext2D,
  side: number,
  theme: PlotTheme,
  extent: Extent,
): Frame {
  const px = scaleLinear(extent.xMin, extent.xMax, 0, side);
  const py = scaleLinear(extent.yMin, extent.yMax, side, 0);
  return { ctx, side, px, py, theme };
}

/** The data and the fitted curve both in view, padded so neither touches the edge. */
function regressionExtent(data: RegressionDataset, line: LinePrediction | null): Extent {
  let x = rangeOf(data.x);
  let y = rangeOf(data.targets);
  if (line && line.xs.length > 0) {
    x = unionRange(x, rangeOf(line.xs));
    y = unionRange(y, rangeOf(line.ys));
  }
  return { xMin: x.min, xMax: x.max, yMin: y.min, yMax: y.max };
}

/**
 * One pixel per grid cell, stretched over the grid's extent with smoothing: the cells' centres are
 * where the model was asked, and interpolating between them is what makes the boundary look
 * smooth. The grid fills the plot, unless points drawn since moved the frame.
 */
function drawRegions(
  { ctx, px, py }: Frame,
  grid: GridPrediction,
  scratch: HTMLCanvasElement,
): void {
  const { resolution, numClasses, probabilities } = grid;
  if (resolution === 0 || probabilities.length !== resolution * resolution * numClasses) return;
  if (scratch.width !== resolution) scratch.width = resolution;
  if (scratch.height !== resolution) scratch.height = resolution;
  const scratchCtx = scratch.getContext('2d');
  if (!scratchCtx) return;
  const image = scratchCtx.createImageData(resolution, resolution);
  fillHeatmap(image.data, probabilities, numClasses, classRgb);
  scratchCtx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const { xMin, xMax, yMin, yMax } = grid.extent;
  ctx.drawImage(scratch, px(xMin), py(yMax), px(xMax) - px(xMin), py(yMin) - py(yMax));
}

/** A ring with a cross: visible over any class colour, and not mistaken for a point. */
function drawCursor({ ctx, px, py, theme }: Frame, cursor: { x: number; y: number }): void {
  const x = px(cursor.x);
  const y = py(cursor.y);
  ctx.beginPath();
  ctx.arc(x, y, 9, 0, 2 * Math.PI);
  ctx.moveTo(x - 14, y);
  ctx.lineTo(x + 14, y);
  ctx.moveTo(x, y - 14);
  ctx.lineTo(x, y + 14);
  ctx.strokeStyle = theme.text;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function drawAxes({ ctx, side, px, py, theme }: Frame): void {
  const x0 = px(0);
  const y0 = py(0);
  ctx.beginPath();
  if (x0 >= 0 && x0 <= side) {
    ctx.moveTo(x0, 0);
    ctx.lineTo(x0, side);
  }
  if (y0 >= 0 && y0 <= side) {
    ctx.moveTo(0, y0);
    ctx.lineTo(side, y0);
  }
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.stroke();
}

/** Points bucketed into one path per class: a fill and a stroke per class, not per point. */
function drawClasses(frame: Frame, data: ClassificationDataset): void {
  const { px, py } = frame;
  const r = pointRadius(data.n, frame.side);
  const paths = Array.from({ length: data.numClasses }, () => new Path2D());
  for (let i = 0; i < data.n; i++) {
    const path = paths[data.labels[i] as number];
    const x = px(data.x[2 * i] as number);
    const y = py(data.x[2 * i + 1] as number);
    if (path && Number.isFinite(x) && Number.isFinite(y)) addDot(path, x, y, r);
  }
  paths.forEach((path, cls) => paintDots(frame, path, classCss(cls)));
}

function drawScatter(frame: Frame, data: RegressionDataset): void {
  const { px, py } = frame;
  const r = pointRadius(data.n, frame.side);
  const path = new Path2D();
  for (let i = 0; i < data.n; i++) {
    const x = px(data.x[i] as number);
    const y = py(data.targets[i] as number);
    if (Number.isFinite(x) && Number.isFinite(y)) addDot(path, x, y, r);
  }
  paintDots(frame, path, SERIES_CSS.primary);
}

function addDot(path: Path2D, x: number, y: number, r: number): void {
  path.moveTo(x + r, y);
  path.arc(x, y, r, 0, 2 * Math.PI);
}

/**
 * Outline first, fill over it: only the outer half of the outline shows, so a dense cluster keeps
 * its colour instead of turning into a mesh of outlines.
 */
function paintDots({ ctx, theme }: Frame, path: Path2D, color: string): void {
  ctx.strokeStyle = theme.stroke;
  ctx.lineWidth = 1.5;
  ctx.stroke(path);
  ctx.fillStyle = color;
  ctx.fill(path);
}

/** Breaks the line at non-finite outputs (a diverged model) rather than drawing to infinity. */
function drawCurve({ ctx, px, py }: Frame, line: LinePrediction): void {
  ctx.beginPath();
  let drawing = false;
  for (let i = 0; i < line.xs.length; i++) {
    const x = px(line.xs[i] as number);
    const y = py(line.ys[i] as number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      drawing = false;
    } else if (drawing) {
      ctx.lineTo(x, y);
    } else {
      ctx.moveTo(x, y);
      drawing = true;
    }
  }
  ctx.strokeStyle = SERIES_CSS.secondary;
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.stroke();
}
