/** Scales: functions from data values to pixels, linear or on log10 of the values. */

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a collapsed domain maps everything to the middle. */
export function scaleLinear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  if (span === 0) return () => (r0 + r1) / 2;
  // Divided first: (r1 - r0) / span overflows for a span of tiny values.
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** As scaleLinear, on log10 of values; d0 and d1 must be > 0. */
export function scaleLog(d0: number, d1: number, r0: number, r1: number): Scale {
  const linear = scaleLinear(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => linear(Math.log10(v));
}
