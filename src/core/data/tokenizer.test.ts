import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNDARY_ID, PAD_ID, UNKNOWN_ID } from './dataset';
import {
  buildTokenizer,
  compareCodePoints,
  decode,
  encode,
  RESERVED_TOKENS,
  tokenizerProblem,
  tokensOf,
} from './tokenizer';

describe('tokenizers', () => {
  it('orders a vocabulary by frequency, then code point, after the reserved ids', () => {
    const tokenizer = buildTokenizer('char', ['banana', 'cab']);
    expect(tokenizer.vocab).toEqual([...RESERVED_TOKENS, 'a', 'b', 'n', 'c']);
    expect(tokenizer.vocab[PAD_ID]).toBe('<pad>');
    expect(tokenizer.vocab[UNKNOWN_ID]).toBe('<unk>');
    expect(tokenizer.vocab[BOUNDARY_ID]).toBe('<s>');
  });

  it('splits words lower-cased, with punctuation marks as tokens of their own', () => {
    expect(tokensOf('word', "Don't STOP, now!")).toEqual(["don't", 'stop', ',', 'now', '!']);
  });

  it('caps a word vocabulary and encodes what it left out as the unknown token', () => {
    const tokenizer = buildTokenizer('word', ['the cat and the dog and the bird'], 5);
    expect(tokenizer.vocab).toEqual([...RESERVED_TOKENS, 'the', 'and']);
    expect(encode(tokenizer, 'the bird')).toEqual([3, UNKNOWN_ID]);
  });

  it('never reads a reserved token from the text', () => {
    const tokenizer = buildTokenizer('word', ['<s> a']);
    expect(encode(tokenizer, '<s>')).not.toContain(BOUNDARY_ID);
  });

  it('round-trips any text through a character vocabulary built from it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const tokenizer = buildTokenizer('char', [text]);
        expect(decode(tokenizer, encode(tokenizer, text))).toBe(text);
      }),
    );
  });

  it('round-trips word ids through their text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('hello', 'world', ',', '.', "it's", 'a', 'b2'), {
          maxLength: 30,
        }),
        (words) => {
          const text = words.join(' ');
          const tokenizer = buildTokenizer('word', [text]);
          const ids = encode(tokenizer, text);
          expect(ids).toHaveLength(words.length);
          expect(encode(tokenizer, decode(tokenizer, ids))).toEqual(ids);
        },
      ),
    );
  });

  it('is deterministic: the same text gives the same vocabulary in any order of building', () => {
    const a = buildTokenizer('char', ['abc', 'cba']);
    const b = buildTokenizer('char', ['cba', 'abc']);
    expect(a).toEqual(b);
  });

  it('orders by code point above U+FFFF', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect(['\u{1F600}', '\uFFFF'].sort(compareCodePoints)).toEqual(['\uFFFF', '\u{1F600}']);
  });

  it('says what is wrong with a tokenizer from untrusted JSON', () => {
    expect(tokenizerProblem(buildTokenizer('char', ['ab']))).toBeNull();
    expect(tokenizerProblem({ kind: 'bpe', vocab: [] })).toMatch(/neither char nor word/);
    expect(tokenizerProblem({ kind: 'char', vocab: ['<pad>', '<unk>', '<s>', 'a', 'a'] })).toMatch(
      /repeats/,
    );
  });
});
