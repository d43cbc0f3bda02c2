/**
 * A training curve as a static SVG string, for pages that run no script (the standalone export):
 * one colour per run, train solid and validation dashed, a few axis ticks and a legend. It writes
 * core/chart's curves layout, the one the page's canvases paint, so every number in it is finite.
 */
import { hasPoints, curveLines, type CurveMetric } from '../chart/curves';
import {
  DASH,
  DOT_RADIUS,
  LINE_WIDTH,
  layoutCurves,
  type ChartBox,
  type PlacedLine,
} from '../chart/curves-layout';
import { escapeHtml } from '../markdown/escape';
import type { EpochRecord } from '../runs/epoch';

export interface ChartRun {
  label: string;
  epochs: EpochRecord[];
}

export type ChartMetric = CurveMetric;

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

const BOX: ChartBox = {
  width: 640,
  height: 14 + 240 + 34,
  margin: { left: 56, right: 16, top: 14, bottom: 34 },
};
const LEGEND_ROW = 18;
const MAX_LABEL_LENGTH = 60;
const AXIS = '#555';
const GRID = '#e3e6ea';
const DASHARRAY = ` stroke-dasharray="${DASH.join(' ')}"`;

const METRIC_TITLES: Record<ChartMetric, string> = { loss: 'Loss', accuracy: 'Accuracy' };

const runColour = (run: number): string => RUN_COLOURS[run % RUN_COLOURS.length] ?? RUN_COLOURS[0];

const coordinate = (value: number) => value.toFixed(1);

function truncate(label: string): string {
  return label.length > MAX_LABEL_LENGTH ? `${label.slice(0, MAX_LABEL_LENGTH - 1)}…` : label;
}

/** Whether any epoch of any run has an accuracy to draw. */
export function hasAccuracy(runs: ChartRun[]): boolean {
  return hasPoints(
    curveLines(
      runs.map((run) => run.epochs),
      'accuracy',
    ),
  );
}

/** A path through each segment, and a dot for each segment of one point, or it would not show. */
function lineSvg(line: PlacedLine): string {
  const colour = runColour(line.run);
  const dots = line.segments.flatMap(([p, ...rest]) =>
    p && rest.length === 0
      ? [
          `<circle cx="${coordinate(p.x)}" cy="${coordinate(p.y)}" r="${DOT_RADIUS}" fill="${colour}"/>`,
        ]
      : [],
  );
  const d = line.segments
    .map((segment) =>
      segment.map((p, i) => `${i === 0 ? 'M' : 'L'}${coordinate(p.x)} ${coordinate(p.y)}`).join(''),
    )
    .join('');
  const dash = line.dashed ? DASHARRAY : '';
  return `${dots.join('')}<path d="${d}" fill="none" stroke="${colour}" stroke-width="${LINE_WIDTH}"${dash}/>`;
}

/**
 * The curves of `metric` over the runs' epochs as an `<svg>` element, or a "No run yet" note
 * when no run has a point to draw. Labels are escaped.
 */
export function metricChartSvg(runs: ChartRun[], metric: ChartMetric): string {
  const layout = layoutCurves(
    runs.map((run) => run.epochs),
    { metric },
    BOX,
  );
  if (layout.lines.length === 0) return '<p class="no-run">No run yet.</p>';
  const { left, right, top, bottom } = layout;

  const parts: string[] = [];
  for (const tick of layout.valueTicks) {
    const y = coordinate(tick.at);
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="${GRID}"/>`,
      `<text x="${left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${tick.label}</text>`,
    );
  }
  for (const tick of layout.epochTicks) {
    const x = coordinate(tick.at);
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 4}" stroke="${AXIS}"/>`,
      `<text x="${x}" y="${bottom + 16}" text-anchor="middle">${tick.label}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${AXIS}"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="${AXIS}"/>`,
    `<text x="${(left + right) / 2}" y="${bottom + 30}" text-anchor="middle">epoch</text>`,
    ...layout.lines.map(lineSvg),
  );

  let legendY = bottom + 52;
  runs.forEach((run, index) => {
    parts.push(
      `<line x1="${left}" x2="${left + 24}" y1="${legendY}" y2="${legendY}" stroke="${runColour(index)}" stroke-width="${LINE_WIDTH}"/>`,
      `<text x="${left + 30}" y="${legendY}" dominant-baseline="middle">${escapeHtml(truncate(run.label))}</text>`,
    );
    legendY += LEGEND_ROW;
  });
  if (layout.lines.some((line) => line.dashed)) {
    parts.push(
      `<line x1="${left}" x2="${left + 24}" y1="${legendY}" y2="${legendY}" stroke="${AXIS}" stroke-width="${LINE_WIDTH}"/>`,
      `<text x="${left + 30}" y="${legendY}" dominant-baseline="middle">train</text>`,
      `<line x1="${left + 90}" x2="${left + 114}" y1="${legendY}" y2="${legendY}" stroke="${AXIS}" stroke-width="${LINE_WIDTH}"${DASHARRAY}/>`,
      `<text x="${left + 120}" y="${legendY}" dominant-baseline="middle">validation</text>`,
    );
    legendY += LEGEND_ROW;
  }

  const height = legendY;
  const title = METRIC_TITLES[metric];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BOX.width} ${height}" width="${BOX.width}" height="${height}" role="img" aria-label="${title} per epoch" font-family="system-ui, sans-serif" font-size="11" fill="#333">` +
    `<title>${title} per epoch</title>${parts.join('')}</svg>`
  );
}
