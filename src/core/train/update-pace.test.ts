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
  /** Animation frames at the given times, one per request. */
  const framesAt = (times: number[]) => {
    const left = [...times];
    return (callback: (at: number) => void) => {
      const at = left.shift();
      if (at !== undefined) callback(at);
    };
  };

  it('counts the swap of a frame the compositor drew after the second frame had begun', () => {
    // Traced with software compositing on two cores: the second and third frames began while the
    // GPU process was still swapping the update's frame (300 ms); the fourth waited for it.
    const costs: number[] = [];
    whenPresented(0, framesAt([10, 26, 33, 340]), (cost) => costs.push(cost));
    expect(costs).toHaveLength(1);
    expect(costs[0]).toBeCloseTo(340 - ON_TIME);
  });

  it('costs nothing where every frame comes on time', () => {
    const costs: number[] = [];
    whenPresented(0, framesAt([16, 33, 50, 66]), (cost) => costs.push(cost));
    expect(costs).toEqual([0]);
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
