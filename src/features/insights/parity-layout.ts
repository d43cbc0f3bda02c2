/**
 * Where the predicted-against-actual plot puts things: one square plot whose two axes share a
 * domain (round ticks around every actual and predicted value), so the diagonal where a
 * prediction equals its target is the 45° line. Pure, so it is unit-tested without a canvas.
 */
import { finiteRange, unionRange } from '../../core/chart/range';
import { scaleLinear, type Scale } from '../../core/chart/scale';
import { formatTick, niceDomain, type Domain } from '../../core/chart/ticks';

/** Room for the tick labels and the axis titles, in CSS pixels. */
export const MARGIN = { left: 48, right: 10, top: 10, bottom: 38 } as const;
const TICKS = 4;

export interface ParityLayout {
  width: number;
  height: number;
  /** The plot square: its left and top edges and its side, in CSS pixels. */
  left: number;
  top: number;
  size: number;
  domain: Domain;
  /** Data to CSS pixels: across for actual values, up for predicted ones. */
  px: Scale;
  py: Scale;
  labels: string[];
}

/** Null when neither array holds a finite value: there is nothing to place. */
export function parityLayout(
  actual: Float32Array,
  predicted: Float32Array,
  width: number,
): ParityLayout | null {
  const a = finiteRange(actual);
  const p = finiteRange(predicted);
  const range = a && p ? unionRange(a, p) : (a ?? p);
  if (range === null) return null;
  const domain = niceDomain(range.min, range.max, TICKS);
  const size = Math.max(0, width - MARGIN.left - MARGIN.right);
  const { left, top } = MARGIN;
  const step = (domain.ticks[1] ?? domain.max) - (domain.ticks[0] ?? domain.min);
  return {
    width,
    height: top + size + MARGIN.bottom,
    left,
    top,
    size,
    domain,
    px: scaleLinear(domain.min, domain.max, left, left + size),
    py: scaleLinear(domain.min, domain.max, top + size, top),
    labels: domain.ticks.map((tick) => formatTick(tick, step)),
  };
}
