/**
 * What a next-token loss (a mean in nats) says in the units people quote: perplexity, the number
 * of equally likely tokens the model is as unsure as, and bits per token, what a code built on the
 * model would spend per token (bits per character for a character model).
 */
export interface TokenMetrics {
  perplexity: number;
  bitsPerToken: number;
}

export function tokenMetrics(loss: number): TokenMetrics {
  return { perplexity: Math.exp(loss), bitsPerToken: loss / Math.LN2 };
}
