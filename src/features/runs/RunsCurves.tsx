/**
 * Loss or accuracy of several runs on one canvas: one colour per run, train solid and validation
 * dashed, so runs compare at a glance. The legend is HTML below it, readable by screen readers.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import type { StoredRun } from '../../storage/runs-repo';
import { sizedContext, useCssWidth } from '../canvas';
import { classCss, usePlotTheme, type PlotTheme } from '../palette';
import {
  finiteRange,
  formatTick,
  niceDomain,
  niceTicks,
  scaleLinear,
  type Domain,
} from '../plot-math';
import './runs-curves.css';

/** What the chart needs of a run: a stored run, or a lesson's recorded run beside the live curve. */
export type CurveRun = Pick<StoredRun, 'id' | 'name' | 'epochs'>;

export interface RunsCurvesProps {
  runs: readonly CurveRun[];
  metric: 'loss' | 'accuracy';
  title: string;
  testId: string;
}

const HEIGHT = 200;
const STYLE: CSSProperties = { display: 'block', width: '100%', height: HEIGHT };
const MARGIN = { left: 44, right: 10, top: 10, bottom: 22 };
const FONT = '11px system-ui, sans-serif';
const DASH = [5, 4];

interface Line {
  color: string;
  dashed: boolean;
  points: { epoch: number; value: number }[];
}

function linesOf(runs: readonly CurveRun[], metric: RunsCurvesProps['metric']): Line[] {
  return runs.flatMap((run, i) => {
    const pick = (read: (e: CurveRun['epochs'][number]) => number | null) =>
      run.epochs.flatMap((e) => {
        const value = read(e);
        return value !== null && Number.isFinite(value) ? [{ epoch: e.epoch, value }] : [];
      });
    const loss = metric === 'loss';
    return [
      {
        color: classCss(i),
        dashed: false,
        points: pick((e) => (loss ? e.trainLoss : e.trainAccuracy)),
      },
      {
        color: classCss(i),
        dashed: true,
        points: pick((e) => (loss ? e.validationLoss : e.validationAccuracy)),
      },
    ];
  });
}

function draw(
  ctx: CanvasRenderingContext2D,
  width: number,
  theme: PlotTheme,
  lines: readonly Line[],
  metric: RunsCurvesProps['metric'],
): void {
  ctx.clearRect(0, 0, width, HEIGHT);
  const values = lines.flatMap((l) => l.points.map((p) => p.value));
  const range = finiteRange(values);
  const y: Domain =
    metric === 'accuracy'
      ? { min: 0, max: 1, ticks: niceTicks(0, 1, 5) }
      : niceDomain(Math.min(0, range?.min ?? 0), range?.max ?? 1, 4);
  const lastEpoch = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p.epoch)));
  const left = MARGIN.left;
  const right = Math.max(left + 1, width - MARGIN.right);
  const bottom = HEIGHT - MARGIN.bottom;
  const sx = scaleLinear(0, lastEpoch, left, right);
  const sy = scaleLinear(y.min, y.max, bottom, MARGIN.top);
  const step = y.ticks.length > 1 ? (y.ticks[1] as number) - (y.ticks[0] as number) : 1;

  ctx.font = FONT;
  ctx.fillStyle = theme.text;
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  for (const tick of y.ticks) {
    const py = Math.round(sy(tick)) + 0.5;
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.fillText(formatTick(tick, step), left - 6, py);
  }
  ctx.stroke();
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of niceTicks(0, lastEpoch, 5, 1)) {
    ctx.fillText(formatTick(tick, 1), sx(tick), bottom + 5);
  }

  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  for (const line of lines) {
    const [first, ...rest] = line.points;
    if (!first) continue;
    ctx.strokeStyle = line.color;
    ctx.fillStyle = line.color;
    ctx.setLineDash(line.dashed ? DASH : []);
    ctx.beginPath();
    if (rest.length === 0) {
      ctx.arc(sx(first.epoch), sy(first.value), 3, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.moveTo(sx(first.epoch), sy(first.value));
    for (const p of rest) ctx.lineTo(sx(p.epoch), sy(p.value));
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

export function RunsCurves({ runs, metric, title, testId }: RunsCurvesProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ctx = sizedContext(canvas, width, HEIGHT);
    if (ctx) draw(ctx, width, theme, linesOf(runs, metric), metric);
  }, [width, theme, runs, metric]);

  return (
    <figure className="runs-curves">
      <figcaption>{title}</figcaption>
      <canvas
        ref={canvasRef}
        data-testid={testId}
        role="img"
        aria-label={`${title} of ${runs.map((r) => r.name).join(', ')}`}
        style={STYLE}
      />
      <ul className="runs-legend">
        {runs.map((run, i) => (
          <li key={run.id}>
            <span className="runs-swatch" style={{ background: classCss(i) }} aria-hidden="true" />
            {run.name}
          </li>
        ))}
        <li className="muted">solid: train · dashed: validation</li>
      </ul>
    </figure>
  );
}
