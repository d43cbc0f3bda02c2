/**
 * The numbers behind the sequence heatmaps: one pixel per cell in the palette's colours, with
 * alpha for strength so the page's own background (light or dark) shows where a value is zero;
 * and the sentences that say what a heatmap shows, for screen readers and for a quick read.
 */
import { classRgb, type Rgb } from '../palette';

/** Positive values (attention, a unit's positive state) in the palette's blue. */
export const POSITIVE_RGB: Rgb = classRgb(1);
/** Negative states in the palette's orange. */
export const NEGATIVE_RGB: Rgb = classRgb(0);

/**
 * RGBA of a rows x columns grid of `values` (row-major): |value| / `scale` as opacity (clipped to
 * 1), blue for positive and orange for negative values. Non-finite values stay transparent.
 */
export function heatRgba(
  values: ArrayLike<number>,
  rows: number,
  columns: number,
  scale = 1,
): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(rows * columns * 4);
  for (let i = 0; i < rows * columns; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value) || scale <= 0) continue;
    const [r, g, b] = value < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
    rgba.set([r, g, b, Math.round(Math.min(1, Math.abs(value) / scale) * 255)], i * 4);
  }
  return rgba;
}

/** The largest |value|: the hidden-state heatmap's scale, so a small state still shows. */
export function peakMagnitude(values: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < values.length; i++) {
    const value = Math.abs(values[i] as number);
    if (Number.isFinite(value) && value > peak) peak = value;
  }
  return peak;
}

/** One head's [length, length] map out of a layer's [heads, length, length] weights. */
export function headWeights(weights: Float32Array, length: number, head: number): Float32Array {
  const size = length * length;
  return weights.subarray(head * size, (head + 1) * size);
}

export interface AttentionPattern {
  /** Positions that look most at themselves, at the position just before, at the first one. */
  self: number;
  previous: number;
  first: number;
  /** The rest: positions that look most somewhere else. */
  other: number;
  /** Mean weight on the position each looks at most: near 1 is sharp, near 1/position is spread. */
  sharpness: number;
}

/**
 * Where each position of one head's map looks most (its row's largest weight). Position 0 can only
 * look at itself, so it is left out; a position whose previous one is the first counts as previous.
 */
export function attentionPattern(map: ArrayLike<number>, length: number): AttentionPattern {
  const pattern = { self: 0, previous: 0, first: 0, other: 0, sharpness: 0 };
  if (length < 2) return pattern;
  for (let row = 1; row < length; row++) {
    let best = 0;
    for (let column = 1; column <= row; column++) {
      if ((map[row * length + column] as number) > (map[row * length + best] as number)) {
        best = column;
      }
    }
    pattern.sharpness += map[row * length + best] as number;
    if (best === row) pattern.self += 1;
    else if (best === row - 1) pattern.previous += 1;
    else if (best === 0) pattern.first += 1;
    else pattern.other += 1;
  }
  pattern.sharpness /= length - 1;
  return pattern;
}

/** A sentence on one head's pattern, for the text beside the heatmap. */
export function attentionSentence(pattern: AttentionPattern): string {
  const total = pattern.self + pattern.previous + pattern.first + pattern.other;
  if (total === 0) return 'A sequence of one token can only look at itself.';
  const parts = [
    [pattern.previous, 'the token just before'],
    [pattern.self, 'themselves'],
    [pattern.first, 'the first token'],
    [pattern.other, 'a token further back'],
  ] as const;
  const said = parts
    .filter(([count]) => count > 0)
    .sort((a, b) => b[0] - a[0])
    .map(([count, where]) => `${count} of ${total} at ${where}`);
  const sharp = Math.round(pattern.sharpness * 100);
  return `Where positions look most: ${said.join(', ')}. On average ${sharp}% of a position's attention goes to the token it looks at most.`;
}
