import { describe, expect, it } from 'vitest';
import { BOUNDARY_ID, UNKNOWN_ID, type Tokenizer } from '../../core/data/dataset';
import { decode } from '../../core/data/tokenizer';
import { encodeText, tokenLabel, topTokens } from './token-text';

const chars: Tokenizer = { kind: 'char', vocab: ['<pad>', '<unk>', '<b>', 'a', 'n', ' ', 'e'] };
const words: Tokenizer = { kind: 'word', vocab: ['<pad>', '<unk>', '<b>', 'the', 'cat', '.'] };

describe('token text', () => {
  it('labels special tokens and makes a space visible', () => {
    expect([0, 1, 2, 3, 5, 99].map((id) => tokenLabel(chars, id))).toEqual([
      '·',
      '?',
      '¦',
      'a',
      '␣',
      '?',
    ]);
  });

  it('encodes text after the boundary, unknown pieces as the unknown token', () => {
    expect(Array.from(encodeText(chars, 'anz'))).toEqual([BOUNDARY_ID, 3, 4, UNKNOWN_ID]);
    expect(Array.from(encodeText(words, 'The dog.'))).toEqual([BOUNDARY_ID, 3, UNKNOWN_ID, 5]);
    // Text that spells a special token's name is not that token.
    expect(Array.from(encodeText(chars, ''))).toEqual([BOUNDARY_ID]);
    expect(Array.from(encodeText(words, '<b>'))).toEqual([
      BOUNDARY_ID,
      UNKNOWN_ID,
      UNKNOWN_ID,
      UNKNOWN_ID,
    ]);
  });

  it('round-trips text the vocabulary covers', () => {
    const ids = encodeText(chars, 'anne ane');
    expect(decode(chars, ids.subarray(1))).toBe('anne ane');
  });
});

describe('topTokens', () => {
  it('orders ids by probability, the lower id first on a tie', () => {
    expect(topTokens([0.1, 0.4, 0.1, 0.4], 3)).toEqual([1, 3, 0]);
    expect(topTokens([], 3)).toEqual([]);
  });
});
