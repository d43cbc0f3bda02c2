import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../protocol';
import { Pacer } from './pacer';
import {
  FrameCosts,
  frameCost,
  isWatched,
  PRESENTED_AFTER_FRAMES,
  REFRESH_MS,
  REMEMBERED_FRAMES,
  UPDATE_PACE,
  whenPresented,
  type FrameHost,
} from './update-pace';

/** The refreshes an update presented on time waits for. */
const ON_TIME = PRESENTED_AFTER_FRAMES * REFRESH_MS;

const progress: WorkerEvent = {
  type: 'progress',
  epoch: 1,
  batch: 2,
  batchesPerEpoch: 10,
  loss: 0.5,
  accuracy: 0.8,
  samplesPerSec: 1000,
};

describe('isWatched', () => {
  it('paces what only moves the curves and the boundary', () => {
    expect(isWatched(progress)).toBe(true);
    expect(isWatched({ type: 'checkpoint', runId: 'r', epoch: 3 })).toBe(true);
  });

  it('lets what answers the user through at once', () => {
    expect(isWatched({ type: 'status', status: 'paused' })).toBe(false);
    expect(isWatched({ type: 'done', runId: 'r', reason: 'stopped', epochs: 3 })).toBe(false);
  });
});

describe('frameCost', () => {
  it('is nothing for a frame presented on time', () => {
    expect(frameCost(1000, 1000 + ON_TIME)).toBeCloseTo(0);
    expect(frameCost(1000, 1000 + REFRESH_MS)).toBe(0);
  });

  it('is the time a slow frame took beyond the refreshes it waited for', () => {
    expect(frameCost(1000, 1300 + ON_TIME)).toBeCloseTo(300);
  });
});

describe('whenPresented', () => {
  /**
   * The costs read for an update that starts at 0 on a page whose animation frames begin at
   * `frames` and whose tasks of its own (afterTask, one per request, in order) run at `tasks`.
   */
  const costsOf = (frames: number[], tasks: number[]): number[] => {
    const frameTimes = [...frames];
    const taskTimes = [...tasks];
    const due: { at: number; run: () => void }[] = [];
    let now = 0;
    const host: FrameHost = {
      requestFrame(callback) {
        const at = frameTimes.shift();
        if (at !== undefined) due.push({ at, run: () => callback(at) });
      },
      afterTask(callback) {
        const at = taskTimes.shift();
        if (at !== undefined) due.push({ at, run: callback });
      },
      now: () => now,
    };
    const costs: number[] = [];
    whenPresented(0, host, (cost) => costs.push(cost));
    for (;;) {
      due.sort((a, b) => a.at - b.at);
      const next = due.shift();
      if (!next) break;
      now = next.at;
      next.run();
    }
    return costs;
  };

  it('counts the swap of a frame the compositor drew after the second frame had begun', () => {
    // Traced with SwiftShader compositing on two cores: the second and third frames began while
    // the GPU process was still swapping the update's frame (300 ms); the fourth waited for it.
    const costs = costsOf([10, 26, 33, 340], [2, 12, 28, 35]);
    expect(costs).toHaveLength(1);
    expect(costs[0]).toBeCloseTo(340 - ON_TIME);
  });

  it('costs the main thread its few milliseconds where every frame comes on time', () => {
    expect(costsOf([16, 33, 50, 66], [1, 17, 34, 51])).toEqual([4]);
  });

  it('counts the main thread where its work fits in the refreshes the frame waits for', () => {
    // Software compositing: every frame on time, but the update's task (React's commit) took
    // 14 ms and the next frame's canvases, layout and paint 10 ms more.
    const costs = costsOf([16, 33, 50, 66], [14, 26, 34, 51]);
    expect(costs).toEqual([26]);
    expect(frameCost(0, 66)).toBe(0);
  });

  it('counts a stretch once where the first frame was drawn before the task after the update', () => {
    // The first frame began at 16 inside the update's own work, which ended at 30; the frame's
    // task ran at 32. The page was busy from 0 to 32, not 30 + 16.
    expect(costsOf([16, 40, 57, 73], [30, 32, 41, 58])).toEqual([34]);
  });

  it('waits for the last stretch to be measured, after the presenting frame', () => {
    // The third frame's task comes after the fourth frame, on a thread that was kept busy.
    const costs = costsOf([16, 33, 50, 67], [1, 17, 34, 90]);
    expect(costs).toEqual([1 + 1 + 1 + 40]);
  });
});

describe('the page update pace', () => {
  it('redraws ten times a second where frames are cheap, and seldom where they are dear', () => {
    const cheap = new Pacer(UPDATE_PACE);
    cheap.ran(0, frameCost(0, 4 + ON_TIME));
    expect(cheap.waitFrom(0)).toBe(100);
    const dear = new Pacer(UPDATE_PACE);
    dear.ran(0, frameCost(0, 300 + ON_TIME));
    expect(dear.waitFrom(0)).toBeCloseTo(6000);
  });
});

describe('FrameCosts', () => {
  it('paces by a dear frame until a few cheap ones have been read since', () => {
    const costs = new FrameCosts();
    expect(costs.add(339)).toBe(339);
    for (let i = 1; i < REMEMBERED_FRAMES; i++) expect(costs.add(i % 2 ? 5 : 0)).toBe(339);
    expect(costs.add(0)).toBe(5);
  });
});
