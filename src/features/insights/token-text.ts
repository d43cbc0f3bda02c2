/**
 * Token ids as a reader sees them, through the dataset's tokenizer: a short label per token for the
 * heatmaps' axes and the bars (padding, unknown and the boundary marked, a space made visible), and
 * the user's text as the ids the model takes (core/data/tokenizer.ts splits it as the dataset was).
 */
import { BOUNDARY_ID, PAD_ID, UNKNOWN_ID, type Tokenizer } from '../../core/data/dataset';
import { encode } from '../../core/data/tokenizer';

/** How the boundary token shows: between a toy task's prompt and answer, at a name's ends. */
export const BOUNDARY_LABEL = '¦';

const SPECIAL: Record<number, string> = {
  [PAD_ID]: '·',
  [UNKNOWN_ID]: '?',
  [BOUNDARY_ID]: BOUNDARY_LABEL,
};

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥' };

/** A short label for one token. */
export function tokenLabel(tokenizer: Tokenizer, id: number): string {
  const special = SPECIAL[id];
  if (special !== undefined) return special;
  const token = tokenizer.vocab[id];
  if (token === undefined) return '?';
  return VISIBLE[token] ?? token;
}

/** The ids of `text` after the boundary token, as the model reads a name or a text from its start. */
export function encodeText(tokenizer: Tokenizer, text: string): Int32Array<ArrayBuffer> {
  return Int32Array.from([BOUNDARY_ID, ...encode(tokenizer, text)]);
}

/** The `count` likeliest ids, likeliest first (the lower id first on a tie). */
export function topTokens(probabilities: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: probabilities.length }, (_, i) => i)
    .sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b)
    .slice(0, count);
}
