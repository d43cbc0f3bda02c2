/**
 * Weight histograms over epochs, as the heatmap of WeightHistograms shows them: each epoch's
 * histogram has its own range, so they are re-binned onto one shared value axis per layer.
 */
import type { Insights } from '../train/slice';

export type Histogram = Insights['histograms'][number];

export interface HistogramFrame {
  epoch: number;
  histograms: Histogram[];
}

/** Older epochs are dropped past this many, so a long run keeps a bounded history. */
export const MAX_FRAMES = 300;

/**
 * The history with this epoch's histograms added. An epoch already there is replaced; an epoch
 * before the last one means a new run (or a run resumed earlier), so the history starts again.
 */
export function appendFrame(
  frames: readonly HistogramFrame[],
  frame: HistogramFrame,
): HistogramFrame[] {
  const last = frames[frames.length - 1];
  if (last && frame.epoch < last.epoch) return [frame];
  const kept = last && last.epoch === frame.epoch ? frames.slice(0, -1) : frames;
  return [...kept, frame].slice(-MAX_FRAMES);
}

export interface Heatmap {
  layer: string;
  epochs: number[];
  /** The value axis, shared by every column. */
  min: number;
  max: number;
  rows: number;
  /**
   * Column-major: cells[column * rows + row], row 0 at `min`. Each column is the share of the
   * layer's weights in that value band, scaled so the column's fullest band is 1.
   */
  cells: Float32Array;
}

/** One heatmap per layer, in the order layers appear in the latest frame. */
export function heatmaps(frames: readonly HistogramFrame[], rows: number): Heatmap[] {
  const latest = frames[frames.length - 1];
  if (!latest) return [];
  return latest.histograms.map((h) => heatmapOf(frames, h.layer, rows));
}

function heatmapOf(frames: readonly HistogramFrame[], layer: string, rows: number): Heatmap {
  const columns = frames.flatMap((frame) => {
    const histogram = frame.histograms.find((h) => h.layer === layer);
    return histogram ? [{ epoch: frame.epoch, histogram }] : [];
  });
  const min = Math.min(...columns.map((c) => c.histogram.min));
  const max = Math.max(...columns.map((c) => c.histogram.max));
  const cells = new Float32Array(columns.length * rows);
  columns.forEach(({ histogram }, column) => {
    const band = rebin(histogram, min, max, rows);
    const peak = Math.max(...band);
    band.forEach((value, row) => {
      cells[column * rows + row] = peak > 0 ? value / peak : 0;
    });
  });
  return { layer, epochs: columns.map((c) => c.epoch), min, max, rows, cells };
}

/**
 * Spreads each bin's count evenly over its value interval and collects it into `rows` equal
 * bands over [min, max]; counts outside the range go to the nearest band, so none are lost.
 */
export function rebin(histogram: Histogram, min: number, max: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const span = max - min;
  // Positions in band units: band b covers [b, b + 1).
  const at = (value: number) => (span > 0 ? ((value - min) / span) * rows : 0);
  const add = (band: number, amount: number) => {
    const index = Math.min(rows - 1, Math.max(0, Math.floor(band)));
    out[index] = (out[index] ?? 0) + amount;
  };
  const bins = histogram.counts.length;
  const width = (histogram.max - histogram.min) / bins;
  for (let bin = 0; bin < bins; bin++) {
    const count = histogram.counts[bin] ?? 0;
    if (count === 0) continue;
    const from = at(histogram.min + bin * width);
    const to = at(histogram.min + (bin + 1) * width);
    if (!(to > from)) {
      add(from, count);
      continue;
    }
    for (let band = Math.floor(from); band < to; band++) {
      add(band, (count * (Math.min(to, band + 1) - Math.max(from, band))) / (to - from));
    }
  }
  return out;
}
