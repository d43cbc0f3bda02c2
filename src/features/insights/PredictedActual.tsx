/**
 * Predicted against actual, for a regression target: each validation example a dot, its actual
 * value across and the model's prediction up, over the diagonal where the two are equal. A good
 * model's dots hug the diagonal; a model that predicts about the mean every time draws a flat band.
 * Works for any number of features, so stored tables and the noisy sine alike.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import { sizedContext, useCssWidth } from '../canvas';
import { SERIES_CSS, usePlotTheme, type PlotTheme } from '../palette';
import { pointRadius } from '../plot-math';
import type { Insights } from '../train/slice';
import { MARGIN, parityLayout, type ParityLayout } from './parity-layout';

type Fitted = NonNullable<Insights['regression']>;

/** Dots drawn at most: the validation rows come shuffled, so the first ones are a fair sample. */
const MAX_DOTS = 2000;
const FONT = '11px system-ui, sans-serif';
const STYLE: CSSProperties = { display: 'block', width: '100%', maxWidth: 420 };

interface Props {
  fitted: Fitted;
  /** The target column, where the data names it. */
  targetName: string | null;
}

export function PredictedActual({ fitted, targetName }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();
  const target = targetName ?? 'value';

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const layout = parityLayout(fitted.actual, fitted.predicted, width);
    const ctx = sizedContext(canvas, width, layout?.height ?? width);
    if (!ctx) return;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, layout?.height ?? width);
    if (layout) paint(ctx, layout, fitted, theme, target);
  }, [width, theme, fitted, target]);

  const n = fitted.actual.length;
  const shown = Math.min(n, MAX_DOTS);
  return (
    <figure className="predicted-actual">
      <canvas
        ref={canvasRef}
        data-testid="insights.predictedActual"
        role="img"
        aria-label={`Predicted against actual ${target} for ${n} validation examples, with the diagonal where they are equal`}
        style={STYLE}
      />
      <figcaption className="muted">
        Each dot is a validation example: across, its actual {target}; up, what the model predicts.
        On the diagonal the prediction is exact; the farther a dot from it, the larger the error.
        {shown < n ? ` ${shown} of ${n} examples are shown.` : ''}
      </figcaption>
    </figure>
  );
}

function paint(
  ctx: CanvasRenderingContext2D,
  layout: ParityLayout,
  fitted: Fitted,
  theme: PlotTheme,
  target: string,
): void {
  const { left, top, size, px, py, domain } = layout;
  const bottom = top + size;
  const right = left + size;
  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  // Gridlines at the shared ticks, faint, with their labels on both axes.
  ctx.beginPath();
  domain.ticks.forEach((tick, i) => {
    const x = Math.round(px(tick)) + 0.5;
    const y = Math.round(py(tick)) + 0.5;
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    const label = layout.labels[i] ?? '';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(label, x, bottom + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, left - 5, y);
  });
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.globalAlpha = 0.4;
  ctx.stroke();
  ctx.globalAlpha = 1;

  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`actual ${target}`, left + size / 2, top + size + MARGIN.bottom - 2);
  ctx.save();
  ctx.translate(12, top + size / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText('predicted', 0, 0);
  ctx.restore();

  // The diagonal: where the prediction equals the target.
  ctx.beginPath();
  ctx.moveTo(px(domain.min), py(domain.min));
  ctx.lineTo(px(domain.max), py(domain.max));
  ctx.strokeStyle = SERIES_CSS.secondary;
  ctx.lineWidth = 2;
  ctx.setLineDash([6, 4]);
  ctx.stroke();
  ctx.setLineDash([]);

  const n = Math.min(fitted.actual.length, fitted.predicted.length, MAX_DOTS);
  const r = pointRadius(n, size);
  const dots = new Path2D();
  for (let i = 0; i < n; i++) {
    const x = px(fitted.actual[i] as number);
    const y = py(fitted.predicted[i] as number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    dots.moveTo(x + r, y);
    dots.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.strokeStyle = theme.stroke;
  ctx.lineWidth = 1;
  ctx.stroke(dots);
  ctx.fillStyle = SERIES_CSS.primary;
  ctx.globalAlpha = 0.8;
  ctx.fill(dots);
  ctx.globalAlpha = 1;
}
