import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_FRAMES,
  appendFrame,
  heatmaps,
  rebin,
  type Histogram,
  type HistogramFrame,
} from './histogram-history';

const histogram = (layer: string, min: number, max: number, counts: number[]): Histogram => ({
  layer,
  min,
  max,
  counts: Int32Array.from(counts),
});
const frame = (epoch: number, ...histograms: Histogram[]): HistogramFrame => ({
  epoch,
  histograms,
});

describe('appendFrame', () => {
  it('adds epochs in order, replaces a repeated epoch, and restarts on an earlier epoch', () => {
    let frames = appendFrame([], frame(0));
    frames = appendFrame(frames, frame(1));
    expect(frames.map((f) => f.epoch)).toEqual([0, 1]);
    const again = frame(1, histogram('d', 0, 1, [1]));
    frames = appendFrame(frames, again);
    expect(frames).toEqual([frame(0), again]);
    expect(appendFrame(frames, frame(0)).map((f) => f.epoch)).toEqual([0]);
  });

  it('keeps at most MAX_FRAMES, the latest', () => {
    let frames: HistogramFrame[] = [];
    for (let epoch = 0; epoch < MAX_FRAMES + 5; epoch++) frames = appendFrame(frames, frame(epoch));
    expect(frames).toHaveLength(MAX_FRAMES);
    expect(frames[0]!.epoch).toBe(5);
  });
});

describe('rebin', () => {
  it('keeps the total count, for any histogram inside the range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        (lo, width, counts, rows) => {
          const h = histogram('d', lo, lo + width, counts);
          const out = rebin(h, lo - 1, lo + width + 2, rows);
          const total = counts.reduce((a, b) => a + b, 0);
          expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 3);
        },
      ),
    );
  });

  it('moves counts to the bands where their values lie', () => {
    // Two bins over [0, 1]: 4 values in [0, 0.5), 2 in [0.5, 1]; four bands over [-1, 1].
    const out = rebin(histogram('d', 0, 1, [4, 2]), -1, 1, 4);
    expect(Array.from(out)).toEqual([0, 0, 4, 2]);
  });

  it('puts a histogram of one value in the band of that value', () => {
    expect(Array.from(rebin(histogram('d', 0.3, 0.3, [7, 0]), 0, 1, 4))).toEqual([0, 7, 0, 0]);
  });
});

describe('heatmaps', () => {
  it('gives one heatmap per layer over the epochs, on a shared axis, each column peaking at 1', () => {
    const frames = [
      frame(0, histogram('a', 0, 1, [3, 1]), histogram('b', 0, 2, [1, 1])),
      frame(1, histogram('a', -1, 1, [0, 2])),
      frame(2, histogram('a', -1, 1, [5, 5]), histogram('b', 0, 2, [2, 0])),
    ];
    const [a, b] = heatmaps(frames, 2);
    expect(a).toMatchObject({ layer: 'a', epochs: [0, 1, 2], min: -1, max: 1, rows: 2 });
    expect(Array.from(a!.cells)).toEqual([0, 1, 0, 1, 1, 1]);
    expect(b).toMatchObject({ layer: 'b', epochs: [0, 2], min: 0, max: 2 });
    expect(Array.from(b!.cells)).toEqual([1, 1, 1, 0]);
  });

  it('gives nothing before the first frame', () => {
    expect(heatmaps([], 10)).toEqual([]);
  });
});
