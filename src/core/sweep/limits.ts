/** How big a sweep may be: enough for any study a browser can finish, small enough to list. */
export const SWEEP_LIMITS = {
  fields: 8,
  /** Values of one field (a list's length, a range's count). */
  values: 64,
  maxRuns: 500,
  /** A week of running. */
  maxMinutes: 7 * 24 * 60,
  nameLength: 200,
  idLength: 200,
  /** A name in a values list (`relu`, `adam`). */
  valueLength: 40,
} as const;
