/**
 * A training curve as a static SVG string, for pages that run no script (the standalone export):
 * one colour per run, train solid and validation dashed, a few axis ticks and a legend.
 *
 * Every number written into the SVG is finite: NaN and infinite values (a diverged loss) are left
 * out, breaking the line there, and so are values beyond ±1e100, whose differences would overflow.
 */
import { escapeHtml } from '../markdown/escape';
import type { EpochRecord } from '../runs/epoch';

export interface ChartRun {
  label: string;
  epochs: EpochRecord[];
}

export type ChartMetric = 'loss' | 'accuracy';

/** Print-friendly colours, distinct in greyscale order too; runs past the eighth reuse them. */
export const RUN_COLOURS = [
  '#1f6fb4',
  '#d1495b',
  '#2a9d4b',
  '#8e5cc2',
  '#e07b00',
  '#138a8a',
  '#8c564b',
  '#c2418f',
] as const;

const WIDTH = 640;
const PLOT_HEIGHT = 240;
const MARGIN = { left: 56, right: 16, top: 14, bottom: 34 } as const;
const LEGEND_ROW = 18;
const MAX_LABEL_LENGTH = 60;
const PLOTTABLE = 1e100;

interface Point {
  x: number;
  y: number;
}

interface Series {
  colour: string;
  dashed: boolean;
  points: (Point | null)[];
}

const METRIC_FIELDS: Record<
  ChartMetric,
  { train: 'trainLoss' | 'trainAccuracy'; validation: 'validationLoss' | 'validationAccuracy' }
> = {
  loss: { train: 'trainLoss', validation: 'validationLoss' },
  accuracy: { train: 'trainAccuracy', validation: 'validationAccuracy' },
};

const METRIC_TITLES: Record<ChartMetric, string> = { loss: 'Loss', accuracy: 'Accuracy' };

function plottable(value: number | null): value is number {
  return value !== null && Number.isFinite(value) && Math.abs(value) <= PLOTTABLE;
}

/** Whether any epoch of any run has an accuracy to draw. */
export function hasAccuracy(runs: ChartRun[]): boolean {
  return runs.some((run) =>
    run.epochs.some(
      (epoch) => plottable(epoch.trainAccuracy) || plottable(epoch.validationAccuracy),
    ),
  );
}

function seriesOf(runs: ChartRun[], metric: ChartMetric): Series[] {
  const fields = METRIC_FIELDS[metric];
  return runs.flatMap((run, index) => {
    const colour = RUN_COLOURS[index % RUN_COLOURS.length] ?? RUN_COLOURS[0];
    const points = (field: keyof EpochRecord) =>
      run.epochs.map((epoch) => {
        const value = epoch[field];
        return plottable(epoch.epoch) && plottable(value) ? { x: epoch.epoch, y: value } : null;
      });
    const train = points(fields.train);
    const validation = points(fields.validation);
    const all: Series[] = [{ colour, dashed: false, points: train }];
    if (validation.some((point) => point !== null)) {
      all.push({ colour, dashed: true, points: validation });
    }
    return all;
  });
}

/** A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `count` parts. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw);
  return step ?? 10 * power;
}

function ticks(min: number, max: number, count: number, integer: boolean): number[] {
  let step = niceStep(max - min, count);
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.ceil(min / step) * step;
  const values: number[] = [];
  for (let value = first; value <= max + step * 1e-9 && values.length <= count * 3; value += step) {
    values.push(Number(value.toPrecision(12)));
  }
  return values;
}

/** The range to draw, never empty and never overflowing. */
function domain(values: number[], floor: number | null): [number, number] {
  // A loop, not Math.min(...values): a long run has more points than a call has arguments.
  let min = floor ?? Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (max - min <= Math.abs(max) * 1e-12) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  return [min, max];
}

function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return value.toExponential(1);
  return String(Number(value.toPrecision(4)));
}

const coordinate = (value: number) => value.toFixed(1);

function truncate(label: string): string {
  return label.length > MAX_LABEL_LENGTH ? `${label.slice(0, MAX_LABEL_LENGTH - 1)}…` : label;
}

/**
 * The curves of `metric` over the runs' epochs as an `<svg>` element, or a "No run yet" note
 * when no run has a point to draw. Labels are escaped.
 */
export function metricChartSvg(runs: ChartRun[], metric: ChartMetric): string {
  const series = seriesOf(runs, metric);
  const points = series.flatMap((one) => one.points.filter((point) => point !== null));
  if (points.length === 0) return '<p class="no-run">No run yet.</p>';

  const [xMin, xMax] = domain(
    points.map((point) => point.x),
    null,
  );
  const [yMin, yMax] =
    metric === 'accuracy'
      ? domain([0, 1, ...points.map((point) => point.y)], null)
      : domain(
          points.map((point) => point.y),
          0,
        );
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotBottom = MARGIN.top + PLOT_HEIGHT;
  const toX = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const toY = (y: number) => plotBottom - ((y - yMin) / (yMax - yMin)) * PLOT_HEIGHT;

  const parts: string[] = [];
  for (const value of ticks(yMin, yMax, 4, false)) {
    const y = coordinate(toY(value));
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e3e6ea"/>`,
      `<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${formatTick(value)}</text>`,
    );
  }
  for (const value of ticks(xMin, xMax, 6, true)) {
    const x = coordinate(toX(value));
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${plotBottom}" y2="${plotBottom + 4}" stroke="#555"/>`,
      `<text x="${x}" y="${plotBottom + 16}" text-anchor="middle">${formatTick(value)}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#555"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${plotBottom}" stroke="#555"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${plotBottom + 30}" text-anchor="middle">epoch</text>`,
  );

  for (const one of series) {
    const dash = one.dashed ? ' stroke-dasharray="6 4"' : '';
    let d = '';
    one.points.forEach((point, index) => {
      if (!point) return;
      const command = one.points[index - 1] ? 'L' : 'M';
      d += `${command}${coordinate(toX(point.x))} ${coordinate(toY(point.y))}`;
      const isolated = !one.points[index - 1] && !one.points[index + 1];
      if (isolated) {
        parts.push(
          `<circle cx="${coordinate(toX(point.x))}" cy="${coordinate(toY(point.y))}" r="3" fill="${one.colour}"/>`,
        );
      }
    });
    parts.push(`<path d="${d}" fill="none" stroke="${one.colour}" stroke-width="2"${dash}/>`);
  }

  let legendY = plotBottom + 52;
  runs.forEach((run, index) => {
    const colour = RUN_COLOURS[index % RUN_COLOURS.length] ?? RUN_COLOURS[0];
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + 24}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${MARGIN.left + 30}" y="${legendY}" dominant-baseline="middle">${escapeHtml(truncate(run.label))}</text>`,
    );
    legendY += LEGEND_ROW;
  });
  if (series.some((one) => one.dashed)) {
    const x = MARGIN.left;
    parts.push(
      `<line x1="${x}" x2="${x + 24}" y1="${legendY}" y2="${legendY}" stroke="#555" stroke-width="2"/>`,
      `<text x="${x + 30}" y="${legendY}" dominant-baseline="middle">train</text>`,
      `<line x1="${x + 90}" x2="${x + 114}" y1="${legendY}" y2="${legendY}" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x + 120}" y="${legendY}" dominant-baseline="middle">validation</text>`,
    );
    legendY += LEGEND_ROW;
  }

  const height = legendY;
  const title = METRIC_TITLES[metric];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${title} per epoch" font-family="system-ui, sans-serif" font-size="11" fill="#333">` +
    `<title>${title} per epoch</title>${parts.join('')}</svg>`
  );
}
