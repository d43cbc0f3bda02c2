import { describe, expect, it } from 'vitest';
import { BOUNDARY_ID } from '../data/dataset';
import { createRng } from '../data/rng';
import {
  drawFrom,
  generateSamples,
  sampleToken,
  samplingDistribution,
  type NextTokenProbabilities,
} from './sampling';

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

describe('samplingDistribution', () => {
  const p = [0.05, 0.05, 0.1, 0.5, 0.2, 0.1];

  it('keeps the probabilities at temperature 1, without padding and the unknown token', () => {
    const d = samplingDistribution(p, 1, 0);
    expect(d[0]).toBe(0);
    expect(d[1]).toBe(0);
    expect(sum(d)).toBeCloseTo(1, 12);
    expect(d[3]).toBeCloseTo(0.5 / 0.9, 12);
    expect(d[4]).toBeCloseTo(0.2 / 0.9, 12);
  });

  it('sharpens below 1 and flattens above, as logits divided by the temperature', () => {
    const cold = samplingDistribution(p, 0.5, 0);
    const hot = samplingDistribution(p, 2, 0);
    // p^(1/t) renormalised: at t = 0.5 the ratio of two tokens is squared.
    expect((cold[3] as number) / (cold[4] as number)).toBeCloseTo((0.5 / 0.2) ** 2, 9);
    expect((hot[3] as number) / (hot[4] as number)).toBeCloseTo(Math.sqrt(0.5 / 0.2), 9);
    expect(sum(cold)).toBeCloseTo(1, 12);
    expect(sum(hot)).toBeCloseTo(1, 12);
  });

  it('puts everything on the likeliest token at temperature 0, and survives tiny ones', () => {
    expect(Array.from(samplingDistribution(p, 0, 0))).toEqual([0, 0, 0, 1, 0, 0]);
    const tiny = samplingDistribution(p, 1e-4, 0);
    expect(tiny[3]).toBeCloseTo(1, 12);
    expect(sum(tiny)).toBeCloseTo(1, 12);
  });

  it('keeps only the top k, the lower id first on a tie', () => {
    const d = samplingDistribution(p, 1, 2);
    expect(Array.from(d, (x) => x > 0)).toEqual([false, false, false, true, true, false]);
    expect(d[3]).toBeCloseTo(0.5 / 0.7, 12);
    const tie = samplingDistribution(p, 1, 3);
    expect(tie[2]).toBeGreaterThan(0);
    expect(tie[5]).toBe(0);
  });

  it('is all zero when nothing can be drawn', () => {
    expect(sum(samplingDistribution([0.5, 0.5, 0, 0], 1, 0))).toBe(0);
    expect(sum(samplingDistribution([0, 0, Number.NaN, 0], 1, 0))).toBe(0);
  });
});

describe('drawFrom', () => {
  it('inverts the cumulative distribution', () => {
    const d = [0, 0.25, 0, 0.75];
    expect(drawFrom(d, 0)).toBe(1);
    expect(drawFrom(d, 0.2499)).toBe(1);
    expect(drawFrom(d, 0.25)).toBe(3);
    expect(drawFrom(d, 0.999999)).toBe(3);
    expect(drawFrom([0, 0], 0.5)).toBe(-1);
  });
});

describe('sampleToken', () => {
  it('draws tokens at the rate of their probability', () => {
    const rng = createRng(7);
    const counts = [0, 0, 0, 0];
    const draws = 20000;
    for (let i = 0; i < draws; i++) {
      const t = sampleToken([0, 0, 0.3, 0.7], { temperature: 1, topK: 0 }, rng);
      counts[t] = (counts[t] ?? 0) + 1;
    }
    expect((counts[2] as number) / draws).toBeCloseTo(0.3, 1);
    expect((counts[3] as number) / draws).toBeCloseTo(0.7, 1);
  });
});

/**
 * A bigram "model" over the vocabulary [pad, unk, boundary, a, b, c]: after the boundary mostly
 * a, after a mostly b, after b mostly c, after c mostly the boundary.
 */
const V = 6;
const FOLLOWS: Record<number, number[]> = {
  2: [0, 0, 0.05, 0.8, 0.1, 0.05],
  3: [0, 0, 0.05, 0.1, 0.8, 0.05],
  4: [0, 0, 0.05, 0.05, 0.1, 0.8],
  5: [0, 0, 0.8, 0.1, 0.05, 0.05],
};
function bigram(asked: number[][]): NextTokenProbabilities {
  return (sequences) => {
    asked.push(sequences.map((s) => s.length));
    const out = new Float32Array(sequences.length * V);
    sequences.forEach((s, row) => out.set(FOLLOWS[s[s.length - 1] as number] as number[], row * V));
    return Promise.resolve(out);
  };
}

describe('generateSamples', () => {
  const request = { count: 6, maxLength: 12, temperature: 1, topK: 0, seed: 3 };

  it('gives the same samples for the same seed, and others for another seed', async () => {
    const first = await generateSamples(bigram([]), V, request);
    const again = await generateSamples(bigram([]), V, request);
    const other = await generateSamples(bigram([]), V, { ...request, seed: 4 });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it("keeps each sample's draws whatever the number of samples asked", async () => {
    const six = await generateSamples(bigram([]), V, request);
    const two = await generateSamples(bigram([]), V, { ...request, count: 2 });
    expect(two).toEqual(six.slice(0, 2));
  });

  it('starts after the boundary, stops at the next one, never draws padding or unknown', async () => {
    const asked: number[][] = [];
    const samples = await generateSamples(bigram(asked), V, { ...request, count: 16 });
    for (const sample of samples) {
      expect(sample).not.toContain(BOUNDARY_ID);
      expect(sample.every((t) => t >= 3 && t < V)).toBe(true);
      expect(sample.length).toBeLessThanOrEqual(request.maxLength);
    }
    // The first question is about sixteen sequences that hold only the boundary.
    expect(asked[0]).toEqual(Array<number>(16).fill(1));
    // Finished samples are not asked about again.
    expect(
      asked.every((lengths, i) => i === 0 || lengths.length <= (asked[i - 1]?.length ?? 0)),
    ).toBe(true);
  });

  it('is greedy at temperature 0 and bounded by maxLength', async () => {
    const greedy = await generateSamples(bigram([]), V, { ...request, temperature: 0 });
    for (const sample of greedy) expect(sample).toEqual([3, 4, 5]);
    const cut = await generateSamples(bigram([]), V, { ...request, temperature: 0, maxLength: 2 });
    for (const sample of cut) expect(sample).toEqual([3, 4]);
  });
});
