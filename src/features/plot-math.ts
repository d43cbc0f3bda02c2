/**
 * The pure arithmetic behind the plots and the network diagram: scales, tick choice, labels,
 * heatmap pixels. Kept free of the DOM so it is unit-tested in Node; the components only draw.
 */
import type { Rgb } from './palette';

/** An axis: the range it spans and where its ticks go. */
export interface Domain {
  min: number;
  max: number;
  ticks: number[];
}

export interface Range {
  min: number;
  max: number;
}

/** A step of 1, 2 or 5 times a power of ten that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * magnitude;
}

/** Decimal places that show a multiple of `step` exactly. */
const decimalsOf = (step: number): number => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));

/** The multiples first..last of `step`, rounded so 0.1 * 3 prints as 0.3. */
function multiplesBetween(step: number, first: number, last: number): number[] {
  const decimals = Math.min(100, decimalsOf(step));
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}

/** Multiples of `step` in [min, max]. */
function multiplesOf(step: number, min: number, max: number): number[] {
  return multiplesBetween(step, Math.ceil(min / step - 1e-9), Math.floor(max / step + 1e-9));
}

/** About `count` round ticks inside [min, max]; `minStep` keeps e.g. epochs on integers. */
export function niceTicks(min: number, max: number, count: number, minStep = 0): number[] {
  if (!(max > min)) return Number.isFinite(min) ? [min] : [];
  return multiplesOf(Math.max(minStep, niceStep(max - min, count)), min, max);
}

/** [min, max] widened out to round ticks, so the top gridline sits at the axis end. */
export function niceDomain(min: number, max: number, count: number): Domain {
  const lo = Number.isFinite(min) ? min : 0;
  const hi = Number.isFinite(max) && max > lo ? max : lo + 1;
  const step = niceStep(hi - lo, count);
  // Ticks from the same indices as the ends: recomputing them from the ends can lose one to
  // rounding when lo / step is large.
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  return { min: first * step, max: last * step, ticks: multiplesBetween(step, first, last) };
}

/** Powers of ten around [min, max] (both > 0), at most `maxTicks` of them. */
export function logDomain(min: number, max: number, maxTicks = 6): Domain {
  const valid = min > 0 && Number.isFinite(min) && max >= min && Number.isFinite(max);
  const lo = valid ? Math.floor(Math.log10(min)) : 0;
  const hi = valid ? Math.max(lo + 1, Math.ceil(Math.log10(max))) : 1;
  const every = Math.ceil((hi - lo + 1) / maxTicks);
  const ticks: number[] = [];
  // Number('1e-5') is exact where 10 ** -5 may not print cleanly.
  for (let k = lo; k <= hi; k += every) ticks.push(Number(`1e${k}`));
  return { min: Number(`1e${lo}`), max: Number(`1e${hi}`), ticks };
}

/** A tick label: as many decimals as the step needs, exponents only where decimals get long. */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const decimals = decimalsOf(Math.abs(step));
  if (decimals > 4 || Math.abs(value) >= 1e5) return value.toExponential(0).replace('+', '');
  return value.toFixed(decimals);
}

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a collapsed domain maps everything to the middle. */
export function scaleLinear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  if (span === 0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / span;
  return (v) => r0 + (v - d0) * k;
}

/** As scaleLinear, on log10 of values; d0 and d1 must be > 0. */
export function scaleLog(d0: number, d1: number, r0: number, r1: number): Scale {
  const linear = scaleLinear(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => linear(Math.log10(v));
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

/** Canvas backing-store pixels for a CSS length, so lines stay sharp on high-DPI screens. */
export const backingSize = (cssPixels: number, dpr: number): number =>
  Math.max(1, Math.round(cssPixels * (dpr > 0 ? dpr : 1)));

/** Point radius in CSS pixels: smaller as points crowd the plot, but never too small to see. */
export function pointRadius(count: number, side: number): number {
  const spacing = side / Math.sqrt(Math.max(1, count));
  return Math.min(4, Math.max(1.5, spacing * 0.25));
}

/**
 * Opacity of a decision-region cell: faint where the model is at chance (pmax = 1/k), stronger as
 * it grows sure, capped so points drawn on top stay visible.
 */
export function confidenceAlpha(pmax: number, numClasses: number): number {
  if (!Number.isFinite(pmax)) return 0;
  const chance = 1 / Math.max(2, numClasses);
  const sureness = Math.min(1, Math.max(0, (pmax - chance) / (1 - chance)));
  return 0.15 + 0.6 * sureness;
}

/**
 * RGBA pixels of the decision regions: each cell in its argmax class colour with confidenceAlpha,
 * non-premultiplied as ImageData wants, so the canvas blends it over whatever background is set.
 */
export function fillHeatmap(
  out: Uint8ClampedArray,
  probabilities: Float32Array,
  numClasses: number,
  colorOf: (cls: number) => Rgb,
): void {
  const cells = Math.min(out.length / 4, probabilities.length / numClasses);
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * numClasses;
    let best = 0;
    let pmax = probabilities[base] as number;
    for (let c = 1; c < numClasses; c++) {
      const p = probabilities[base + c] as number;
      if (p > pmax) {
        pmax = p;
        best = c;
      }
    }
    const [r, g, b] = colorOf(best);
    const at = cell * 4;
    out[at] = r;
    out[at + 1] = g;
    out[at + 2] = b;
    out[at + 3] = Math.round(255 * confidenceAlpha(pmax, numClasses));
  }
}

/** Units a diagram column draws: all up to `max`, else one fewer and a "+hidden" slot. */
export function visibleUnits(size: number, max = 10): { shown: number; hidden: number } {
  if (size <= max) return { shown: Math.max(0, size), hidden: 0 };
  return { shown: max - 1, hidden: size - (max - 1) };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "16", "16 and 8", "16, 16 and 8". */
function listOf(values: readonly number[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${String(values.at(-1))}`;
}

function hiddenPhrase(hidden: readonly number[]): string {
  if (hidden.length === 0) return 'no hidden layers';
  const units = hidden.length === 1 && hidden[0] === 1 ? 'unit' : 'units';
  return `${plural(hidden.length, 'hidden layer', 'hidden layers')} of ${listOf(hidden)} ${units}`;
}

/** What a screen reader says for the diagram: sizes of input, hidden layers and output. */
export function describeNetwork(layerSizes: readonly number[]): string {
  const [input, ...rest] = layerSizes;
  const output = rest.at(-1);
  if (input === undefined) return 'Network: no layers';
  const inputs = plural(input, 'input', 'inputs');
  if (output === undefined) return `Network: ${inputs}`;
  const outputs = plural(output, 'output', 'outputs');
  return `Network: ${inputs}, ${hiddenPhrase(rest.slice(0, -1))}, ${outputs}`;
}
