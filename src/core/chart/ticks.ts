/**
 * Axis ticks: round steps (1, 2 or 5 times a power of ten), domains widened out to them, decades
 * for a log scale, and labels with as many decimals as the step needs.
 */

/** An axis: the range it spans and where its ticks go. */
export interface Domain {
  min: number;
  max: number;
  ticks: number[];
}

/** A step of 1, 2 or 5 times a power of ten that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  const step = nice * magnitude;
  // Among the smallest doubles the powers of ten run out; the span itself still makes a step.
  return step > 0 && Number.isFinite(step) ? step : span;
}

/** Decimal places that show a multiple of `step` exactly. */
const decimalsOf = (step: number): number => Math.max(0, -Math.floor(Math.log10(step) + 1e-9));

/**
 * The multiples first..last of `step`, rounded so 0.1 * 3 is 0.3. Fixed decimals keep small steps
 * far from zero; past what toFixed can show, significant digits keep tiny steps apart.
 */
function multiplesBetween(step: number, first: number, last: number): number[] {
  const decimals = decimalsOf(step);
  const round = (value: number) =>
    Number(decimals <= 20 ? value.toFixed(decimals) : value.toPrecision(15));
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(round(i * step));
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
  // A flat range opens upwards by 1, or by a tenth where 1 is lost to rounding (lo = -1e100).
  const hi = Number.isFinite(max) && max > lo ? max : lo + Math.max(1, Math.abs(lo) / 10);
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
  // 1e-324 is 0 in a double: the lowest decade that still has a logarithm is 1e-323.
  const lo = valid ? Math.max(-323, Math.floor(Math.log10(min))) : 0;
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
