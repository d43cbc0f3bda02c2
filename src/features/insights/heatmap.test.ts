import { describe, expect, it } from 'vitest';
import {
  attentionPattern,
  attentionSentence,
  headWeights,
  heatRgba,
  NEGATIVE_RGB,
  peakMagnitude,
  POSITIVE_RGB,
} from './heatmap';

describe('heatRgba', () => {
  it('draws strength as opacity, positive blue and negative orange, nothing where zero', () => {
    const rgba = heatRgba([1, -0.5, 0, Number.NaN], 2, 2);
    expect(Array.from(rgba.subarray(0, 4))).toEqual([...POSITIVE_RGB, 255]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([...NEGATIVE_RGB, 128]);
    expect(rgba[11]).toBe(0);
    expect(rgba[15]).toBe(0);
  });

  it('scales by the given peak and clips above it', () => {
    const rgba = heatRgba([0.25, 2], 1, 2, 0.5);
    expect(rgba[3]).toBe(128);
    expect(rgba[7]).toBe(255);
    expect(peakMagnitude([0.1, -0.3, Number.NaN])).toBeCloseTo(0.3);
  });
});

describe('attentionPattern', () => {
  // Three positions; rows sum to 1 over the positions at or before them.
  const previous = [1, 0, 0, 0.9, 0.1, 0, 0.1, 0.8, 0.1];
  const diagonal = [1, 0, 0, 0.2, 0.8, 0, 0.1, 0.1, 0.8];

  it('says where each position looks most, and how sharply', () => {
    expect(attentionPattern(previous, 3)).toEqual({
      self: 0,
      previous: 2,
      first: 0,
      other: 0,
      sharpness: expect.closeTo(0.85, 6) as number,
    });
    expect(attentionPattern(diagonal, 3).self).toBe(2);
    expect(attentionSentence(attentionPattern(previous, 3))).toBe(
      "Where positions look most: 2 of 2 at the token just before. On average 85% of a position's attention goes to the token it looks at most.",
    );
  });

  it('takes one head out of a layer', () => {
    const layer = Float32Array.from([...previous, ...diagonal]);
    expect(Array.from(headWeights(layer, 3, 1))).toEqual(Array.from(Float32Array.from(diagonal)));
    expect(attentionSentence(attentionPattern([1], 1))).toMatch(/one token/);
  });
});
