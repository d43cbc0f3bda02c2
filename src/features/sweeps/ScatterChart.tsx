/** The objective against one swept field, on a canvas; a click on a dot picks that run. */
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import {
  layoutScatter,
  nearestPoint,
  type ScatterBox,
  type ScatterInput,
  type ScatterOptions,
} from '../../core/chart/scatter';
import { sizedContext, useCssWidth } from '../canvas';
import { usePlotTheme } from '../palette';
import { paintScatter } from './paint-scatter';

const HEIGHT = 200;
const DOT_REACH = 8;

const box = (width: number): ScatterBox => ({
  width,
  height: HEIGHT,
  margin: { left: 52, right: 12, top: 10, bottom: 40 },
});

export interface ScatterChartProps {
  fieldKey: string;
  fieldLabel: string;
  metricLabel: string;
  points: readonly ScatterInput[];
  options: ScatterOptions;
  bestId: string | null;
  selectedId: string | null;
  /** Whether some runs repeat settings with other seeds (then the bars are explained). */
  repeats: boolean;
  onSelect(trialId: string): void;
}

export function ScatterChart(props: ScatterChartProps) {
  const { fieldKey, fieldLabel, metricLabel, points, options, bestId, selectedId, onSelect } =
    props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();
  const layout = useMemo(
    () => layoutScatter(points, options, box(Math.max(width, 1))),
    [points, options, width],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ctx = sizedContext(canvas, width, HEIGHT);
    if (!ctx) return;
    paintScatter(ctx, layout, theme, { best: bestId, selected: selectedId, xLabel: fieldLabel });
  }, [layout, theme, bestId, selectedId, fieldLabel, width]);

  const onClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const id = nearestPoint(layout, event.clientX - rect.left, event.clientY - rect.top, DOT_REACH);
    if (id !== null) onSelect(id);
  };

  const title = `${metricLabel} against ${fieldLabel}`;
  return (
    <figure className="sweep-scatter">
      <figcaption>{title}</figcaption>
      <canvas
        ref={canvasRef}
        data-testid="sweep.scatter"
        data-field={fieldKey}
        role="img"
        aria-label={`${title}: ${layout.points.length} runs${props.repeats ? ', with the spread over seeds as bars' : ''}.`}
        style={{ display: 'block', width: '100%', height: HEIGHT }}
        onClick={onClick}
      />
    </figure>
  );
}
