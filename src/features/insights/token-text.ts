/**
 * Token ids as a reader sees them, through the dataset's tokenizer: a short label per token for the
 * heatmaps' axes and the bars (padding, unknown and the boundary marked, a space made visible), the
 * text of a generated sample, and the user's text as the ids the model takes.
 */
import { BOUNDARY_ID, PAD_ID, UNKNOWN_ID, type Tokenizer } from '../../core/data/dataset';

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

/** A sample's text: characters joined, or words with spaces. */
export function decodeTokens(tokenizer: Tokenizer, ids: ArrayLike<number>): string {
  const tokens = Array.from(ids, (id) =>
    SPECIAL[id] !== undefined ? (SPECIAL[id] as string) : (tokenizer.vocab[id] ?? '?'),
  );
  return tokens.join(tokenizer.kind === 'char' ? '' : ' ');
}

/**
 * The ids of `text` after the boundary token, as the model reads a name or a text from its start:
 * a character's or a lower-cased word's id, or the unknown token's.
 */
export function encodeText(tokenizer: Tokenizer, text: string): Int32Array<ArrayBuffer> {
  const index = new Map(tokenizer.vocab.map((token, id) => [token, id] as const));
  const pieces =
    tokenizer.kind === 'char'
      ? Array.from(text)
      : (text.toLowerCase().match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}']/gu) ?? []);
  const ids = pieces.map((piece) => {
    const id = index.get(piece);
    return id === undefined || id <= BOUNDARY_ID ? UNKNOWN_ID : id;
  });
  return Int32Array.from([BOUNDARY_ID, ...ids]);
}

/** The `count` likeliest ids, likeliest first (the lower id first on a tie). */
export function topTokens(probabilities: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: probabilities.length }, (_, i) => i)
    .sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b)
    .slice(0, count);
}
