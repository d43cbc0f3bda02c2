/** Extents of data: the smallest and largest finite values, and the union of two extents. */

export interface Range {
  min: number;
  max: number;
}

/** The smallest range holding both. */
export const unionRange = (a: Range, b: Range): Range => ({
  min: Math.min(a.min, b.min),
  max: Math.max(a.max, b.max),
});

/** Min and max of the finite values, or null when there are none. */
export function finiteRange(values: Iterable<number | null>): Range | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}
