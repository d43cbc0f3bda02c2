/**
 * Training curves on a canvas, at the element's width: core/chart's layout painted by
 * chart-canvas. Curves change after every epoch, so it paints imperatively in an effect rather
 * than through a React element per point.
 */
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { CurveMetric } from '../../core/chart/curves';
import { layoutCurves, type ChartBox } from '../../core/chart/curves-layout';
import type { EpochRecord } from '../../core/runs/epoch';
import { sizedContext, useCssWidth } from '../canvas';
import { usePlotTheme } from '../palette';
import { paintCurves, paintHeader, type LineColour } from './chart-canvas';

export interface CurvesCanvasProps {
  /** Each run's epochs. */
  runs: readonly (readonly EpochRecord[])[];
  metric: CurveMetric;
  logScale?: boolean;
  /** Leave divergent spikes off the loss axis, marked at its top edge (core/chart/curves-spikes). */
  clipSpikes?: boolean;
  height: number;
  /** Must keep its identity between renders (a module-level function), or every render repaints. */
  colourOf: LineColour;
  /** Painted above the plot with the train and validation line styles: for a chart of one run. */
  title?: string;
  testId: string;
  label: string;
}

const margin = (titled: boolean): ChartBox['margin'] => ({
  left: 44,
  right: 10,
  top: titled ? 26 : 10,
  bottom: 22,
});

export function CurvesCanvas({
  runs,
  metric,
  logScale = false,
  clipSpikes = false,
  height,
  colourOf,
  title,
  testId,
  label,
}: CurvesCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();
  const style = useMemo<CSSProperties>(
    () => ({ display: 'block', width: '100%', height }),
    [height],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ctx = sizedContext(canvas, width, height);
    if (!ctx) return;
    const box = { width, height, margin: margin(title !== undefined) };
    const layout = layoutCurves(runs, { metric, logScale, clipSpikes }, box);
    paintCurves(ctx, layout, theme, colourOf);
    if (title !== undefined) paintHeader(ctx, layout, theme, title, colourOf);
  }, [width, height, theme, runs, metric, logScale, clipSpikes, colourOf, title]);

  return (
    <canvas ref={canvasRef} data-testid={testId} role="img" aria-label={label} style={style} />
  );
}
