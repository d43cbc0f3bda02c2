import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeBase64url, encodeBase64url } from './base64url';

const reasonOf = (text: string) => {
  const result = decodeBase64url(text);
  return result.ok ? 'ok' : result.error.reason;
};

/** The reference: standard base64 from btoa, turned into base64url without padding. */
const reference = (bytes: Uint8Array) =>
  btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('base64url', () => {
  it('encodes as RFC 4648 §5 without padding, and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(reference(bytes));
        const back = decodeBase64url(text);
        expect(back.ok && Array.from(back.value)).toEqual(Array.from(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('handles inputs far beyond the argument limit of String.fromCharCode', () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 1).map((_, i) => (i * 7) & 255);
    const text = encodeBase64url(bytes);
    expect(text.length).toBe(Math.ceil((bytes.length * 4) / 3));
    const back = decodeBase64url(text);
    expect(back.ok && back.value.length).toBe(bytes.length);
    expect(back.ok && back.value[bytes.length - 1]).toBe(bytes[bytes.length - 1]);
  });

  it('decodes the empty text to no bytes', () => {
    const result = decodeBase64url('');
    expect(result.ok && result.value.length).toBe(0);
  });

  it('refuses standard base64, padding, whitespace and other characters, each with its reason', () => {
    expect(reasonOf('ab+d')).toBe('base64url-standard');
    expect(reasonOf('ab/d')).toBe('base64url-standard');
    expect(reasonOf('YQ==')).toBe('base64url-padding');
    expect(reasonOf('YWJj\nZGVm')).toBe('base64url-whitespace');
    expect(reasonOf('YWJj ZGVm')).toBe('base64url-whitespace');
    expect(reasonOf('YWJj%41')).toBe('base64url-character');
    expect(reasonOf('YWJjé')).toBe('base64url-character');
    expect(reasonOf('YW\u0000J')).toBe('base64url-character');
  });

  it('gives each refusal its own message, naming the position', () => {
    const messages = ['ab+d', 'YQ==', 'YW J', 'YW%J', 'YWJjZ', 'YR'].map((text) => {
      const result = decodeBase64url(text);
      return result.ok ? '' : result.error.message;
    });
    expect(new Set(messages).size).toBe(messages.length);
    expect(messages[0]).toContain('position 3');
  });

  it('refuses a length no encoding can have, and nonzero spare bits, as a cut or altered link', () => {
    expect(reasonOf('YWJjZ')).toBe('base64url-truncated');
    expect(reasonOf('YR')).toBe('base64url-trailing-bits');
    expect(reasonOf('YQ')).toBe('ok');
  });
});
