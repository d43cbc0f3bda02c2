/**
 * Auto's remembered measurements as they are stored (one settings record, so no schema upgrade):
 * the figures by measurement key (measurement-key.ts), the newest MAX_REMEMBERED kept. What is
 * read back may come from any past version or be damaged, so it is parsed; an entry that does not
 * parse is dropped and its model is measured again, which costs a second or so.
 */
import * as v from 'valibot';
import { BackendMeasurementsSchema, type BackendMeasurement } from '../protocol';

/** The settings record that holds them. */
export const MEASUREMENTS_SETTING = 'backendMeasurements';

/** Enough for every model a user switches between; each entry is a few hundred bytes. */
export const MAX_REMEMBERED = 32;

const RememberedSchema = v.object({
  /** What was measured, in words (measurement-key.ts describeMeasuredModel). */
  model: v.string(),
  results: BackendMeasurementsSchema,
  /** When, in ms since the epoch: the oldest entry goes first. */
  at: v.number(),
});
export type Remembered = v.InferOutput<typeof RememberedSchema>;

export type RememberedMeasurements = Record<string, Remembered>;

/** The stored record's entries; those that do not parse are left out. */
export function readRemembered(raw: unknown): RememberedMeasurements {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const entries: RememberedMeasurements = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = v.safeParse(RememberedSchema, value);
    if (parsed.success) entries[key] = parsed.output;
  }
  return entries;
}

/** The entries with `key` set to `entry`, the oldest dropped beyond MAX_REMEMBERED. */
export function remember(
  entries: RememberedMeasurements,
  key: string,
  entry: { model: string; results: readonly BackendMeasurement[]; at: number },
): RememberedMeasurements {
  const all = { ...entries, [key]: { ...entry, results: [...entry.results] } };
  const newest = Object.entries(all)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_REMEMBERED);
  return Object.fromEntries(newest);
}
