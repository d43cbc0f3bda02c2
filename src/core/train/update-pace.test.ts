import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../protocol';
import { Pacer } from './pacer';
import { frameCost, isWatched, REFRESH_MS, UPDATE_PACE } from './update-pace';

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
    expect(frameCost(1000, 1000 + 2 * REFRESH_MS)).toBe(0);
    expect(frameCost(1000, 1000 + REFRESH_MS)).toBe(0);
  });

  it('is the time a slow frame took beyond the refreshes it waited for', () => {
    expect(frameCost(1000, 1300 + 2 * REFRESH_MS)).toBeCloseTo(300);
  });
});

describe('the page update pace', () => {
  it('redraws ten times a second where frames are cheap, and seldom where they are dear', () => {
    const cheap = new Pacer(UPDATE_PACE);
    cheap.ran(0, frameCost(0, 30));
    expect(cheap.waitFrom(0)).toBe(100);
    const dear = new Pacer(UPDATE_PACE);
    dear.ran(0, frameCost(0, 300 + 2 * REFRESH_MS));
    expect(dear.waitFrom(0)).toBeCloseTo(3000);
  });
});
