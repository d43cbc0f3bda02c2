import { describe, expect, it } from 'vitest';
import { describeSeconds, secondsLeft } from './eta';

describe('time left', () => {
  const pace = { epochs: 10, epochsDone: 4, batch: 5, batchesPerEpoch: 10, batchSize: 32 };

  it('is the batches left times their size over the pace', () => {
    // 6 epochs x 10 batches - 5 done = 55 batches of 32 at 320 samples/s.
    expect(secondsLeft({ ...pace, samplesPerSec: 320 })).toBeCloseTo(5.5);
  });

  it('is unknown before there is a pace', () => {
    expect(secondsLeft({ ...pace, samplesPerSec: 0 })).toBeNull();
    expect(secondsLeft({ ...pace, samplesPerSec: Number.NaN })).toBeNull();
  });

  it('reads as people say it', () => {
    expect(describeSeconds(0.2)).toBe('under a second left');
    expect(describeSeconds(42.4)).toBe('about 42 s left');
    expect(describeSeconds(150)).toBe('about 3 min left');
    expect(describeSeconds(3 * 3600 + 20 * 60)).toBe('about 3 h 20 min left');
  });
});
