/**
 * How a language model's next-token probabilities become text: temperature reshapes them (each
 * probability to the power 1/t, renormalised: the logits divided by t), top-k keeps the k likeliest,
 * and a seeded uniform draw picks one. Each sample has its own random stream derived from the seed,
 * so the same seed and the same model give the same samples whatever else was asked.
 *
 * Generation starts from the boundary token and stops at the next one (a name is
 * `BOUNDARY name BOUNDARY`), or after `maxLength` tokens.
 */
import { BOUNDARY_ID, PAD_ID, UNKNOWN_ID } from '../data/dataset';
import { createRng, deriveSeed, type Rng } from '../data/rng';

export interface SamplingSettings {
  /** 0 takes the likeliest token every time; 1 draws from the model's own probabilities. */
  temperature: number;
  /** Draws only among the k likeliest tokens; 0 for all of them. */
  topK: number;
  seed: number;
}

export const SAMPLING_LIMITS = {
  temperature: { min: 0, max: 5 },
  topK: { min: 0, max: 1000 },
  count: { min: 1, max: 16 },
  maxLength: { min: 1, max: 256 },
} as const;

export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 1, topK: 0, seed: 1 };

/** Tokens that are never drawn: padding and the unknown token say nothing to a reader. */
const NEVER_DRAWN: readonly number[] = [PAD_ID, UNKNOWN_ID];

/** Salt for the samples' streams, apart from every other use of a seed. */
const SAMPLE_SALT = 0x5a3b1e;

/**
 * The distribution a draw is made from: `probabilities` with `excluded` ids removed, the top `topK`
 * kept (ties at the k-th value broken towards the lower id), then sharpened or flattened by
 * `temperature` and renormalised. Temperature 0 puts everything on the likeliest allowed token. All
 * zero when no token is allowed or none has a positive probability.
 */
export function samplingDistribution(
  probabilities: ArrayLike<number>,
  temperature: number,
  topK: number,
  excluded: readonly number[] = NEVER_DRAWN,
): Float64Array {
  const n = probabilities.length;
  const out = new Float64Array(n);
  const allowed: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = probabilities[i] as number;
    if (!excluded.includes(i) && Number.isFinite(p) && p > 0) allowed.push(i);
  }
  if (allowed.length === 0) return out;
  allowed.sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b);
  const kept = topK > 0 ? allowed.slice(0, Math.floor(topK)) : allowed;
  if (temperature <= 0) {
    out[kept[0] as number] = 1;
    return out;
  }
  // In logs, relative to the likeliest, so a low temperature does not underflow to all zeros.
  const top = Math.log(probabilities[kept[0] as number] as number);
  let total = 0;
  for (const i of kept) {
    const weight = Math.exp((Math.log(probabilities[i] as number) - top) / temperature);
    out[i] = weight;
    total += weight;
  }
  for (const i of kept) out[i] = (out[i] as number) / total;
  return out;
}

/** The id whose cumulative probability first exceeds `u` in [0, 1); the last allowed one at 1. */
export function drawFrom(distribution: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  let last = -1;
  for (let i = 0; i < distribution.length; i++) {
    const p = distribution[i] as number;
    if (p <= 0) continue;
    cumulative += p;
    last = i;
    if (u < cumulative) return i;
  }
  return last;
}

/** One token drawn from `probabilities` with `settings`; -1 when nothing can be drawn. */
export function sampleToken(
  probabilities: ArrayLike<number>,
  settings: Pick<SamplingSettings, 'temperature' | 'topK'>,
  rng: Rng,
): number {
  const distribution = samplingDistribution(probabilities, settings.temperature, settings.topK);
  return drawFrom(distribution, rng.next());
}

/**
 * The model's next-token probabilities for each of `sequences` (token ids so far, each starting
 * with the boundary), concatenated: `sequences.length` rows of the vocabulary's size.
 */
export type NextTokenProbabilities = (
  sequences: readonly (readonly number[])[],
) => Promise<Float32Array>;

export interface SampleRequest extends SamplingSettings {
  count: number;
  /** Tokens generated at most per sample, the closing boundary not counted. */
  maxLength: number;
}

/**
 * `count` samples, each the tokens drawn after the opening boundary up to (not including) the
 * closing one. Asks `next` once per position for the samples still going.
 */
export async function generateSamples(
  next: NextTokenProbabilities,
  vocabSize: number,
  request: SampleRequest,
): Promise<number[][]> {
  const rngs = Array.from({ length: request.count }, (_, i) =>
    createRng(deriveSeed(request.seed, SAMPLE_SALT, i)),
  );
  const sequences: number[][] = rngs.map(() => [BOUNDARY_ID]);
  const going = new Set(sequences.keys());
  for (let step = 0; step < request.maxLength && going.size > 0; step++) {
    const asked = [...going];
    const probabilities = await next(asked.map((i) => sequences[i] as number[]));
    asked.forEach((i, row) => {
      const rowProbabilities = probabilities.subarray(row * vocabSize, (row + 1) * vocabSize);
      const token = sampleToken(rowProbabilities, request, rngs[i] as Rng);
      if (token < 0 || token === BOUNDARY_ID) going.delete(i);
      else (sequences[i] as number[]).push(token);
    });
  }
  return sequences.map((sequence) => sequence.slice(1));
}
