/**
 * How often the page shows a run's progress: by what showing it costs. A run's progress (its
 * curves, figures and decision boundary) is redrawn at most every 100 ms, and only as often as
 * keeps those redraws to a tenth of the time, measured frame by frame; what answers the user (the
 * status after Pause or Stop, the end of a run, errors) is shown at once.
 */
import type { WorkerEvent } from '../protocol';
import type { Pace } from './pacer';

export const UPDATE_PACE: Pace = { share: 0.1, minIntervalMs: 100 };

/** The display refresh taken for granted when a frame's cost is read from animation frames. */
export const REFRESH_MS = 1000 / 60;

const WATCHED: ReadonlySet<WorkerEvent['type']> = new Set([
  'progress',
  'epochEnd',
  'prediction',
  'insights',
  'checkpoint',
]);

/** Events that only move what is watched wait for the pace; the others go at once. */
export function isWatched(event: WorkerEvent): boolean {
  return WATCHED.has(event.type);
}

/**
 * What one update cost the page, read from the second animation frame after it (`secondFrameAt`):
 * the time until then, less the two refreshes an update presented on time waits for. A frame that
 * was on screen in time costs nothing; one the machine took 300 ms to render and present (software
 * compositing on a busy CPU) costs about 300 ms, whether that time went to the page's scripts,
 * its layout or the GPU process.
 */
export function frameCost(startedAt: number, secondFrameAt: number): number {
  return Math.max(0, secondFrameAt - startedAt - 2 * REFRESH_MS);
}
