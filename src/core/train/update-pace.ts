/**
 * How often the page shows a run's progress: by what showing it costs. A run's progress (its
 * curves, figures and decision boundary) is redrawn at most every 100 ms, and only as often as
 * keeps those redraws to a twentieth of the time, measured frame by frame up to the frame's
 * presentation; what answers the user (the status after Pause or Stop, the end of a run, errors)
 * is shown at once. A twentieth, not a tenth: where the GPU process composites in software, a
 * redraw also stalls the training kernels queued behind its swap, beyond what the frame measured.
 */
import type { WorkerEvent } from '../protocol';
import type { Pace } from './pacer';

export const UPDATE_PACE: Pace = { share: 0.05, minIntervalMs: 100 };

/** The display refresh taken for granted when a frame's cost is read from animation frames. */
export const REFRESH_MS = 1000 / 60;

/**
 * Animation frames after an update by which its frame has been presented. The page's own frame
 * begins at the first; the compositor then draws it while the page may already run the second and
 * third (Chromium traces: with software compositing on two cores the GPU process swapped a 300 ms
 * frame after the second had begun); the next cannot begin before that swap is done. So the
 * fourth frame's time includes what presenting the update cost, the second's did not.
 */
export const PRESENTED_AFTER_FRAMES = 4;

/** How many updates' frame costs the pace remembers (FrameCosts). */
export const REMEMBERED_FRAMES = 5;

/**
 * The cost the next update is paced by: the dearest of the last few. A reading can still miss
 * its frame's swap (React may commit after the first animation frame, and the swap then comes
 * after the fourth): traced, one update read 339 ms and the next two 5 ms and 0 ms, though the
 * GPU process spent 350 ms and 290 ms presenting them. What a redraw of the same page costs does
 * not change from one update to the next, so a cheap reading just after a dear one is not trusted.
 */
export class FrameCosts {
  private readonly recent: number[] = [];

  /** Records one update's measured cost; returns the cost to pace the next update by. */
  add(costMs: number): number {
    this.recent.push(costMs);
    if (this.recent.length > REMEMBERED_FRAMES) this.recent.shift();
    return Math.max(...this.recent);
  }
}

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
 * What one update cost the page, read from the animation frame PRESENTED_AFTER_FRAMES after it
 * (`presentedAt`): the time until then, less the refreshes an update presented on time waits for.
 * A frame that was on screen in time costs nothing; one the machine took 300 ms to render and
 * present (software compositing on a busy CPU) costs about 300 ms, whether that time went to the
 * page's scripts, its layout or the GPU process.
 */
export function frameCost(startedAt: number, presentedAt: number): number {
  return Math.max(0, presentedAt - startedAt - PRESENTED_AFTER_FRAMES * REFRESH_MS);
}

/**
 * Calls `done` with what the update that began at `startedAt` cost once its frame has been
 * presented: at the PRESENTED_AFTER_FRAMES-th animation frame `requestFrame` (the page's
 * requestAnimationFrame) gives after it.
 */
export function whenPresented(
  startedAt: number,
  requestFrame: (callback: (at: number) => void) => void,
  done: (costMs: number) => void,
): void {
  let frames = 0;
  const onFrame = (at: number) => {
    frames += 1;
    if (frames < PRESENTED_AFTER_FRAMES) requestFrame(onFrame);
    else done(frameCost(startedAt, at));
  };
  requestFrame(onFrame);
}
