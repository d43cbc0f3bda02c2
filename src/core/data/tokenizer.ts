/**
 * Text to token ids and back. A vocabulary is built from the text itself, deterministically (ids
 * ordered by frequency, ties by code point), so the same text and choices give the same tokenizer,
 * the same packed bytes and the same SHA-256. Ids 0..2 are reserved (PAD_ID, UNKNOWN_ID,
 * BOUNDARY_ID in dataset.ts).
 */
import { BOUNDARY_ID, PAD_ID, UNKNOWN_ID, type Tokenizer } from './dataset';

export type TokenizerKind = Tokenizer['kind'];
export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['char', 'word'];

/** How the reserved ids read in a vocabulary (a word or a character never spells these). */
export const RESERVED_TOKENS = ['<pad>', '<unk>', '<s>'] as const;

/** A word vocabulary of more tokens than this is refused: the output layer would be too wide. */
export const MAX_VOCAB = 20_000;

/** Lower-cased words (letters, digits, inner apostrophes) and single punctuation marks. */
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

export function tokensOf(kind: TokenizerKind, text: string): string[] {
  return kind === 'char' ? Array.from(text) : (text.toLowerCase().match(WORD) ?? []);
}

/** Orders strings by Unicode code point (`<` compares UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const pa = Array.from(a);
  const pb = Array.from(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = (pa[i]?.codePointAt(0) ?? 0) - (pb[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return pa.length - pb.length;
}

/**
 * The tokenizer of `texts`: the reserved tokens, then the most frequent tokens (ties by code point)
 * up to `maxSize` ids in all; the tokens left out encode as UNKNOWN_ID.
 */
export function buildTokenizer(
  kind: TokenizerKind,
  texts: Iterable<string>,
  maxSize: number = MAX_VOCAB,
): Tokenizer {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const token of tokensOf(kind, text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .sort(([ta, ca], [tb, cb]) => cb - ca || compareCodePoints(ta, tb))
    .slice(0, Math.max(0, maxSize - RESERVED_TOKENS.length))
    .map(([token]) => token);
  return { kind, vocab: [...RESERVED_TOKENS, ...ranked] };
}

const idsOf = new WeakMap<Tokenizer, Map<string, number>>();

function lookup(tokenizer: Tokenizer): Map<string, number> {
  let ids = idsOf.get(tokenizer);
  if (ids === undefined) {
    // Reserved ids are never looked up by spelling: a text's "<s>" is not a boundary.
    ids = new Map(
      tokenizer.vocab.map((token, id) => [token, id] as const).filter(([, id]) => id > BOUNDARY_ID),
    );
    idsOf.set(tokenizer, ids);
  }
  return ids;
}

export function encode(tokenizer: Tokenizer, text: string): number[] {
  const ids = lookup(tokenizer);
  return tokensOf(tokenizer.kind, text).map((token) => ids.get(token) ?? UNKNOWN_ID);
}

/** Padding is dropped; the unknown and boundary tokens read as their names. */
export function decode(tokenizer: Tokenizer, ids: Iterable<number>): string {
  const tokens: string[] = [];
  for (const id of ids) {
    if (id !== PAD_ID) tokens.push(tokenizer.vocab[id] ?? RESERVED_TOKENS[UNKNOWN_ID]);
  }
  return tokens.join(tokenizer.kind === 'char' ? '' : ' ');
}

/** Why `tokenizer` cannot be one (untrusted JSON, e.g. a packed header), or null. */
export function tokenizerProblem(tokenizer: unknown): string | null {
  if (typeof tokenizer !== 'object' || tokenizer === null) return 'it has no tokenizer';
  const { kind, vocab } = tokenizer as Record<string, unknown>;
  if (kind !== 'char' && kind !== 'word') return 'its tokenizer is neither char nor word';
  if (!Array.isArray(vocab) || !vocab.every((token) => typeof token === 'string')) {
    return "its tokenizer's vocabulary is not a list of tokens";
  }
  if (vocab.length <= BOUNDARY_ID + 1 || vocab.length > MAX_VOCAB) {
    return `its vocabulary has ${vocab.length} tokens, not ${BOUNDARY_ID + 2} to ${MAX_VOCAB}`;
  }
  if (new Set(vocab).size !== vocab.length) return 'its vocabulary repeats a token';
  return null;
}
