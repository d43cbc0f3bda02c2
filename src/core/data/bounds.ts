/** Where to draw a model's predictions: a padded box around 2-D data, its grid, and 1-D lines. */

export interface Extent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * A square box around interleaved (x, y) points, widened by `pad` times its side on each side.
 * Square so the decision-boundary canvas is not stretched; non-finite values are skipped.
 */
export function extentOf(x: Float32Array, pad = 0.1): Extent {
  const xs = rangeOfColumn(x, 0, 2);
  const ys = rangeOfColumn(x, 1, 2);
  const side = Math.max(xs.max - xs.min, ys.max - ys.min);
  const half = side / 2 + pad * side;
  const cx = (xs.min + xs.max) / 2;
  const cy = (ys.min + ys.max) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** The padded range of 1-D values, e.g. to choose where linePoints draws a regression curve. */
export function rangeOf(values: Float32Array, pad = 0.1): { min: number; max: number } {
  const { min, max } = rangeOfColumn(values, 0, 1);
  const margin = pad * (max - min);
  return { min: min - margin, max: max + margin };
}

/** Cell centres of a resolution x resolution grid, row-major from the top row (yMax) down. */
export function gridPoints(extent: Extent, resolution: number): Float32Array {
  const out = new Float32Array(resolution * resolution * 2);
  const dx = (extent.xMax - extent.xMin) / resolution;
  const dy = (extent.yMax - extent.yMin) / resolution;
  for (let row = 0; row < resolution; row++) {
    const y = extent.yMax - (row + 0.5) * dy;
    for (let col = 0; col < resolution; col++) {
      const at = (row * resolution + col) * 2;
      out[at] = extent.xMin + (col + 0.5) * dx;
      out[at + 1] = y;
    }
  }
  return out;
}

/** `count` evenly spaced values from min to max, both ends included. */
export function linePoints(min: number, max: number, count: number): Float32Array {
  if (count === 1) return Float32Array.of((min + max) / 2);
  return Float32Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}

/**
 * Min and max of every `stride`-th value from `offset`. Empty data gets [-1, 1], the generators'
 * range; a single value gets a span of 2 around it, so a box never collapses to a point.
 */
function rangeOfColumn(
  values: Float32Array,
  offset: number,
  stride: number,
): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: -1, max: 1 };
  if (max - min < 1e-9) return { min: min - 1, max: max + 1 };
  return { min, max };
}
