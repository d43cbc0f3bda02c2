/** The median of a few timed rounds: one slow round (GC, JIT tiering, a busy machine) moves it little. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Milliseconds to seconds, kept to the millisecond so reports stay readable. */
export const toSeconds = (ms: number): number => Math.round(ms) / 1000;
