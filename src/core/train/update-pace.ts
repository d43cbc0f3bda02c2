/**
 * How often the page shows a run's progress: by what showing it costs. A run's progress (its
 * curves, figures and decision boundary) is redrawn at most every 100 ms, and only as often as
 * keeps those redraws to a twentieth of the time, measured update by update: until its frame is
 * presented, and on the page's main thread; what answers the user (the status after Pause or Stop,
 * the end of a run, errors) is shown at once. A twentieth, not a tenth: where the GPU process
 * composites with SwiftShader, a redraw also stalls the training kernels queued behind its swap,
 * and where it composites in software, its raster threads take a core; neither is measured here.
 */
import type { WorkerEvent } from '../protocol';
import type { Pace } from './pacer';

export const UPDATE_PACE: Pace = { share: 0.05, minIntervalMs: 100 };

/** The display refresh taken for granted when a frame's cost is read from animation frames. */
export const REFRESH_MS = 1000 / 60;

/**
 * Animation frames after an update by which its frame has been presented. The page's own frame
 * begins at the first; the compositor then draws it while the page may already run the second and
 * third (Chromium traces: compositing with SwiftShader on two cores, the GPU process swapped a 300 ms
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

/**
 * Events that only move what is watched wait for the pace (and, in the training worker, in its
 * outbox); the others go at once.
 */
export function isWatched(event: WorkerEvent): boolean {
  return WATCHED.has(event.type);
}

/**
 * What one update's frame cost, read from the animation frame PRESENTED_AFTER_FRAMES after it
 * (`presentedAt`): the time until then, less the refreshes an update presented on time waits for.
 * A frame that was on screen in time costs nothing; one the machine took 300 ms to render and
 * present (SwiftShader compositing on a busy CPU) costs about 300 ms, whether that time went to
 * the page's scripts, its layout or the GPU process.
 */
export function frameCost(startedAt: number, presentedAt: number): number {
  return Math.max(0, presentedAt - startedAt - PRESENTED_AFTER_FRAMES * REFRESH_MS);
}

/** What the page gives the measurement: its animation frames, its tasks and its clock. */
export interface FrameHost {
  /** The page's requestAnimationFrame. */
  requestFrame(callback: (at: number) => void): void;
  /** Runs `callback` as a task of its own: after the current task, its microtasks and any
   * rendering of a frame that began in it (a MessageChannel message). */
  afterTask(callback: () => void): void;
  now(): number;
}

/**
 * Calls `done` with what the update that began at `startedAt` cost once its frame has been
 * presented (the PRESENTED_AFTER_FRAMES-th animation frame after it): the dearer of its frame's
 * cost and the main thread's time on it. The frame alone misses work that fits in the refreshes
 * it waits for: with software compositing, as Chrome does without a usable GPU, every frame came
 * on time while each update took about 16 ms of the page's thread (its task with React's commit,
 * then the next frame's canvases, style, layout and paint), so the page redrew nine times a second
 * and took a fifth of a core from a wasm run on two threads. The main thread's time is the union of
 * the stretches from the update's start, and from each frame's callback before the last, to the
 * task after it; a stretch in which the machine ran another thread counts too, which errs on the
 * side of training.
 */
export function whenPresented(
  startedAt: number,
  host: FrameHost,
  done: (costMs: number) => void,
): void {
  let frames = 0;
  let busy = 0;
  /** Where the stretches measured so far end: they end in order (one port's tasks are FIFO). */
  let measuredUntil = startedAt;
  let stretchesOpen = 0;
  let presentedAt: number | null = null;
  const finish = () => {
    if (presentedAt !== null && stretchesOpen === 0) {
      done(Math.max(frameCost(startedAt, presentedAt), busy));
    }
  };
  const stretchFrom = (from: number) => {
    stretchesOpen += 1;
    host.afterTask(() => {
      const to = host.now();
      busy += Math.max(0, to - Math.max(from, measuredUntil));
      measuredUntil = Math.max(measuredUntil, to);
      stretchesOpen -= 1;
      finish();
    });
  };
  const onFrame = (at: number) => {
    frames += 1;
    if (frames < PRESENTED_AFTER_FRAMES) {
      stretchFrom(host.now());
      host.requestFrame(onFrame);
    } else {
      presentedAt = at;
      finish();
    }
  };
  stretchFrom(startedAt);
  host.requestFrame(onFrame);
}
