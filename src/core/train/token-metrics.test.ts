import { describe, expect, test } from 'vitest';
import { tokenMetrics } from './token-metrics';

describe('tokenMetrics', () => {
  test('a uniform guess over 27 tokens has perplexity 27 and log2(27) bits per token', () => {
    const { perplexity, bitsPerToken } = tokenMetrics(Math.log(27));
    expect(perplexity).toBeCloseTo(27, 10);
    expect(bitsPerToken).toBeCloseTo(Math.log2(27), 10);
  });

  test('a loss of 0 is perplexity 1 and no bits; NaN stays NaN', () => {
    expect(tokenMetrics(0)).toEqual({ perplexity: 1, bitsPerToken: 0 });
    expect(tokenMetrics(NaN).perplexity).toBeNaN();
  });
});
