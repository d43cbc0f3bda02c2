/**
 * How each layer's weights spread out over the epochs: one small heatmap per layer, epochs left
 * to right, weight value bottom to top, darker where more weights lie.
 */
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { sizedContext, useCssWidth } from '../canvas';
import { SERIES_CSS, usePlotTheme } from '../palette';
import { heatmaps, type Heatmap } from './histogram-history';
import { useHistogramFrames } from './use-histogram-frames';

const ROWS = 24;
const HEIGHT = 72;
const STYLE: CSSProperties = { display: 'block', width: '100%', height: HEIGHT };

const format = (v: number) => (Math.abs(v) >= 100 ? v.toExponential(1) : v.toPrecision(2));

export function WeightHistograms() {
  const frames = useHistogramFrames();
  const maps = useMemo(() => heatmaps(frames, ROWS), [frames]);
  return (
    <div className="histograms" data-testid="insights.histograms">
      {maps.length === 0 ? (
        <p className="muted">
          The spread of each dense and conv layer’s weights appears here after the first epoch.
        </p>
      ) : (
        maps.map((map) => <LayerHeatmap key={map.layer} map={map} />)
      )}
    </div>
  );
}

function LayerHeatmap({ map }: { map: Heatmap }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useCssWidth(canvasRef);
  const theme = usePlotTheme();
  const first = map.epochs[0] ?? 0;
  const last = map.epochs[map.epochs.length - 1] ?? 0;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const ctx = sizedContext(canvas, width, HEIGHT);
    if (!ctx) return;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, HEIGHT);
    const columns = map.epochs.length;
    const cellW = width / columns;
    const cellH = HEIGHT / map.rows;
    ctx.fillStyle = SERIES_CSS.primary;
    for (let column = 0; column < columns; column++) {
      for (let row = 0; row < map.rows; row++) {
        const value = map.cells[column * map.rows + row] ?? 0;
        if (value <= 0) continue;
        ctx.globalAlpha = value;
        // Row 0 holds the lowest values: drawn at the bottom. Cells overlap by a pixel so no seams.
        ctx.fillRect(column * cellW, HEIGHT - (row + 1) * cellH, cellW + 1, cellH + 1);
      }
    }
    ctx.globalAlpha = 1;
  }, [map, width, theme]);

  const epochs = first === last ? `epoch ${first}` : `epochs ${first}–${last}`;
  return (
    <figure className="layer-histogram">
      <figcaption>
        <strong>{map.layer}</strong>{' '}
        <span className="muted">
          weights {format(map.min)} to {format(map.max)}, {epochs}
        </span>
      </figcaption>
      <div className="heatmap-axes">
        <span className="muted">{format(map.max)}</span>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`How the weights of ${map.layer} spread from ${format(map.min)} to ${format(map.max)} over ${epochs}`}
          style={STYLE}
        />
        <span className="muted">{format(map.min)}</span>
      </div>
    </figure>
  );
}
