/**
 * A grid of values as a canvas, one pixel per cell scaled up without smoothing, with the tokens
 * along its axes when they fit. The canvas is an image for screen readers, named by `label`; the
 * views put a sentence of what it shows beside it.
 */
import { useEffect, useRef } from 'react';
import { heatRgba } from './heatmap';

/** The grid's width on screen, in CSS pixels, split among its columns. */
const WIDTH_PX = 320;
/** Labels need this much room per cell to be read. */
const LABEL_MIN_PX = 10;

interface Props {
  values: Float32Array;
  rows: number;
  columns: number;
  /** The |value| drawn at full strength. */
  scale: number;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  label: string;
  testId: string;
}

const cellPx = (count: number): number => Math.max(4, Math.min(22, Math.floor(WIDTH_PX / count)));

export function Heatmap({
  values,
  rows,
  columns,
  scale,
  rowLabels,
  columnLabels,
  label,
  testId,
}: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || rows === 0 || columns === 0) return;
    context.clearRect(0, 0, columns, rows);
    context.putImageData(
      new ImageData(heatRgba(values, rows, columns, scale), columns, rows),
      0,
      0,
    );
  }, [values, rows, columns, scale]);
  const cell = cellPx(Math.max(rows, columns));
  const showColumns = cell >= LABEL_MIN_PX && columnLabels.length === columns;
  const showRows = cell >= LABEL_MIN_PX && rowLabels.length === rows;
  return (
    <div className="heatmap" style={{ ['--cell' as string]: `${cell}px` }}>
      <span />
      <div className="heatmap-columns" aria-hidden="true">
        {showColumns && columnLabels.map((text, i) => <span key={i}>{text}</span>)}
      </div>
      <div className="heatmap-rows" aria-hidden="true">
        {showRows && rowLabels.map((text, i) => <span key={i}>{text}</span>)}
      </div>
      <canvas
        ref={canvas}
        width={columns}
        height={rows}
        style={{ width: columns * cell, height: rows * cell }}
        role="img"
        aria-label={label}
        data-testid={testId}
      />
    </div>
  );
}
