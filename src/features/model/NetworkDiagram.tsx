/**
 * The network as columns of units joined by their connections, TensorFlow-Playground style. An SVG
 * scaled by its viewBox, coloured by CSS variables so it follows the theme without redrawing.
 */
import type { CSSProperties } from 'react';
import { describeNetwork, visibleUnits } from '../plot-math';

export interface NetworkDiagramProps {
  /** Units per layer: input, hidden layers, output. */
  layerSizes: readonly number[];
  /** One label per layer, drawn under its column. */
  layerLabels: readonly string[];
}

const COLUMN_WIDTH = 110;
const UNIT_GAP = 24;
const RADIUS = 8;
const PAD = 12;
const LABEL_HEIGHT = 28;

const STYLE: CSSProperties = { display: 'block', width: '100%', height: 'auto' };
const NODE_STYLE: CSSProperties = {
  fill: 'var(--diagram-node, #7f8c99)',
  stroke: 'var(--diagram-edge, currentColor)',
  strokeWidth: 1,
};
const EDGE_STYLE: CSSProperties = {
  fill: 'none',
  stroke: 'var(--diagram-edge, currentColor)',
  strokeOpacity: 0.25,
  strokeWidth: 1,
};
const CENTRED = { textAnchor: 'middle', dominantBaseline: 'central' } as const;

const TEXT_STYLE: CSSProperties = { fill: 'var(--text, currentColor)', fontSize: 11 };

interface Column {
  x: number;
  /** Centre heights of the drawn units. */
  ys: number[];
  /** Units not drawn, and where their "+N" goes. */
  hidden: number;
  hiddenY: number;
  label: string;
}

export function NetworkDiagram({ layerSizes, layerLabels }: NetworkDiagramProps) {
  const slots = Math.max(1, ...layerSizes.map(slotCount));
  const width = Math.max(1, layerSizes.length) * COLUMN_WIDTH;
  const middle = PAD + RADIUS + ((slots - 1) * UNIT_GAP) / 2;
  const height = 2 * PAD + 2 * RADIUS + (slots - 1) * UNIT_GAP + LABEL_HEIGHT;
  const columns = layerSizes.map((size, i) => columnOf(size, i, middle, layerLabels[i] ?? ''));

  return (
    <svg
      data-testid="model.diagram"
      role="img"
      aria-label={describeNetwork(layerSizes)}
      viewBox={`0 0 ${width} ${height}`}
      style={STYLE}
    >
      <path d={edgesPath(columns)} style={EDGE_STYLE} />
      {columns.map((column, layer) => (
        <g key={layer}>
          {column.ys.map((y, unit) => (
            <circle key={unit} cx={column.x} cy={y} r={RADIUS} style={NODE_STYLE} />
          ))}
          {column.hidden > 0 && (
            <text x={column.x} y={column.hiddenY} {...CENTRED} style={TEXT_STYLE}>
              +{column.hidden}
            </text>
          )}
          <text x={column.x} y={height - LABEL_HEIGHT / 2} {...CENTRED} style={TEXT_STYLE}>
            {column.label}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Drawn units plus the "+N" slot, which takes a unit's place in the column. */
function slotCount(size: number): number {
  const { shown, hidden } = visibleUnits(size);
  return shown + (hidden > 0 ? 1 : 0);
}

/** Columns are centred vertically, so a small layer sits level with the middle of a big one. */
function columnOf(size: number, index: number, middle: number, label: string): Column {
  const { shown, hidden } = visibleUnits(size);
  const slots = slotCount(size);
  const yOf = (slot: number): number => middle + (slot - (slots - 1) / 2) * UNIT_GAP;
  return {
    x: (index + 0.5) * COLUMN_WIDTH,
    ys: Array.from({ length: shown }, (_, slot) => yOf(slot)),
    hidden,
    hiddenY: yOf(shown),
    label,
  };
}

/** Every connection between neighbouring columns in one path: one element, not hundreds. */
function edgesPath(columns: readonly Column[]): string {
  const segments: string[] = [];
  columns.slice(1).forEach((to, i) => {
    const from = columns[i] as Column;
    for (const y0 of from.ys) {
      for (const y1 of to.ys) segments.push(`M${from.x} ${y0}L${to.x} ${y1}`);
    }
  });
  return segments.join('');
}
