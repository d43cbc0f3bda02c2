import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { BundleError } from '../errors';
import { encodeBase64url } from './base64url';
import {
  LINK_BUDGET_BYTES,
  MAX_LINK_CHARS,
  decodeLink,
  encodeInlineLink,
  encodeUrlLink,
} from './link';
import { zerosBomb } from './test-bombs';
import { allowedJson } from './test-json';

const refusal = (hash: string) => {
  const result = decodeLink(hash);
  expect(result.ok).toBe(false);
  return result.ok ? { reason: 'ok', message: '' } : result.error;
};

const inlineOf = (bytes: Uint8Array) => `#b=${encodeBase64url(bytes)}`;
const HEX = 'ab'.repeat(32);

describe('inline links', () => {
  it('encode -> decode gives back the JSON, for any JSON text', () => {
    fc.assert(
      fc.property(allowedJson(4), (text) => {
        const { fragment, bytes } = encodeInlineLink(text);
        expect(fragment).toMatch(/^#b=[A-Za-z0-9_-]+$/);
        expect(bytes).toBe(fragment.length);
        expect(decodeLink(fragment)).toEqual({
          ok: true,
          value: { kind: 'inline', json: JSON.parse(text) },
        });
      }),
      { numRuns: 200 },
    );
  });

  it('accepts the fragment with or without its #, and ignores unknown keys', () => {
    const { fragment } = encodeInlineLink('{"title":"Spiral"}');
    const expected = { ok: true, value: { kind: 'inline', json: { title: 'Spiral' } } };
    expect(decodeLink(fragment.slice(1))).toEqual(expected);
    expect(decodeLink(`${fragment}&cell=2`)).toEqual(expected);
  });

  it('is deterministic and keeps a lesson-sized bundle well under the budget', () => {
    const lesson = JSON.stringify({
      notebook: { title: 'Spiral', cells: Array.from({ length: 8 }, (_, i) => ({ text: `${i}` })) },
      runs: [],
    });
    const a = encodeInlineLink(lesson);
    expect(encodeInlineLink(lesson)).toEqual(a);
    expect(a.bytes).toBeLessThan(LINK_BUDGET_BYTES);
  });

  it('refuses an empty #b=', () => {
    expect(refusal('#b=').reason).toBe('link-empty');
    expect(refusal('#b').reason).toBe('link-empty');
  });

  it('refuses a truncated link, at any cut', () => {
    const { fragment } = encodeInlineLink(JSON.stringify({ title: 'x'.repeat(300), n: [1, 2] }));
    const reasons = new Set<string>();
    for (let cut = 4; cut < fragment.length; cut += 1) {
      reasons.add(refusal(fragment.slice(0, cut)).reason);
    }
    expect([...reasons].sort()).toEqual([
      'base64url-trailing-bits',
      'base64url-truncated',
      'link-bad-deflate',
    ]);
  });

  it('refuses standard base64, naming it', () => {
    const plus = refusal('#b=ab+c');
    expect(plus.reason).toBe('base64url-standard');
    expect(plus.message).toContain('standard base64');
    expect(refusal('#b=ab/c').reason).toBe('base64url-standard');
    expect(refusal('#b=ab%2Bc').reason).toBe('base64url-standard');
  });

  it('decodes percent-encoding once and refuses a doubly encoded link', () => {
    const double = refusal('#b=ab%2541cd');
    expect(double.reason).toBe('link-double-encoded');
    expect(double.message).toContain('twice');
    expect(refusal('#b=ab%zzcd').reason).toBe('link-percent-encoding');
    const { fragment } = encodeInlineLink('[1]');
    expect(decodeLink(fragment.replace('#b=', '#%62=')).ok).toBe(true);
  });

  it('refuses a deflate bomb of 1 GB of zeros by counting what it inflates to', () => {
    const bomb = zerosBomb(1024);
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    const start = performance.now();
    const error = refusal(inlineOf(bomb));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(error.reason).toBe('link-inflated-too-large');
    expect(error.message).toContain('16 MB');
  });

  it('refuses bytes that are not deflate, and deflated bytes that are not UTF-8 text', () => {
    expect(refusal(inlineOf(new Uint8Array([0xff, 0xff, 0xff]))).reason).toBe('link-bad-deflate');
    const binary = deflateSync(new Uint8Array([0xff, 0xfe, 0x00]));
    expect(refusal(inlineOf(binary)).reason).toBe('link-not-text');
  });

  it('passes JSON refusals through: deep nesting, forbidden keys, bad JSON', () => {
    expect(refusal(encodeInlineLink('['.repeat(100_000)).fragment).reason).toBe('json-too-deep');
    expect(refusal(encodeInlineLink('{"__proto__":{}}').fragment).reason).toBe(
      'json-forbidden-key',
    );
    expect(refusal(encodeInlineLink('{"constructor":{}}').fragment).reason).toBe(
      'json-forbidden-key',
    );
    expect(refusal(encodeInlineLink('{"a":').fragment).reason).toBe('bad-json');
  });

  it('refuses a link longer than any browser keeps, before decoding it', () => {
    expect(refusal(`#b=${'A'.repeat(MAX_LINK_CHARS)}`).reason).toBe('link-too-long');
  });
});

describe('links by reference', () => {
  it('encode -> decode gives back the address and the hash, one percent-decoding only', () => {
    const url = 'https://example.org/a%20b/lesson.gradlab.zip?x=1&y=2#frag';
    const link = encodeUrlLink(url, HEX.toUpperCase());
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(decodeLink(link.value)).toEqual({
      ok: true,
      value: { kind: 'url', url, sha256: HEX },
    });
  });

  it('makes the hash optional', () => {
    const link = encodeUrlLink('https://example.org/x.json', null);
    expect(link).toEqual({ ok: true, value: '#url=https%3A%2F%2Fexample.org%2Fx.json' });
    expect(decodeLink(link.ok ? link.value : '')).toEqual({
      ok: true,
      value: { kind: 'url', url: 'https://example.org/x.json', sha256: null },
    });
  });

  it('allows plain http only for this machine', () => {
    const local = decodeLink(`#url=${encodeURIComponent('http://localhost:4173/b.json')}`);
    expect(local.ok).toBe(true);
  });

  it('refuses http, file, data and javascript addresses', () => {
    for (const url of [
      'http://example.org/b.json',
      'file:///etc/passwd',
      'data:application/json,{}',
      'javascript:alert(1)',
      'not an address',
    ]) {
      const error = refusal(`#url=${encodeURIComponent(url)}`);
      expect(error.reason).toBe('link-refused-url');
      expect(encodeUrlLink(url, null).ok).toBe(false);
    }
    expect(refusal('#url=http%3A%2F%2Fexample.org%2Fb.json').message).toContain('plain http');
  });

  it('refuses an address with credentials in it', () => {
    const error = refusal(`#url=${encodeURIComponent('https://me:secret@example.org/b.json')}`);
    expect(error.reason).toBe('link-url-credentials');
  });

  it('refuses a doubly encoded address', () => {
    const twice = encodeURIComponent(encodeURIComponent('https://example.org/b.json'));
    expect(refusal(`#url=${twice}`).reason).toBe('link-double-encoded');
  });

  it('refuses a sha256 that is not 64 hex digits', () => {
    const url = encodeURIComponent('https://example.org/b.json');
    for (const sha of ['xyz', HEX.slice(1), `${HEX}0`, 'g'.repeat(64), '']) {
      const error = refusal(`#url=${url}&sha256=${sha}`);
      expect(error.reason).toBe('link-bad-sha256');
      expect(error.message).toContain('64 hexadecimal digits');
    }
  });
});

describe('decodeLink', () => {
  it('refuses fragments with no bundle, with both forms, or with a key twice', () => {
    expect(refusal('').reason).toBe('link-no-bundle');
    expect(refusal('#/notebook').reason).toBe('link-no-bundle');
    expect(refusal('#b=AA&url=https%3A%2F%2Fa.org').reason).toBe('link-ambiguous');
    expect(refusal('#b=AA&b=AA').reason).toBe('link-duplicate-key');
  });

  it('gives every refusal its own message', () => {
    const hashes = [
      '#b=',
      '#b=ab+c',
      '#b=YQ==',
      '#b=ab%2541',
      '#b=ab%zz',
      '#b=YWJjZ',
      '#b=AAAA',
      '#url=http%3A%2F%2Fexample.org',
      `#url=https%3A%2F%2Fexample.org&sha256=xyz`,
      '#x=1',
    ];
    const messages = hashes.map((hash) => refusal(hash).message);
    expect(new Set(messages).size).toBe(hashes.length);
  });

  it('never throws and finishes fast on random fragments', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((s) => `#b=${s}`),
      fc.string({ maxLength: 200 }).map((s) => `#url=${s}&sha256=${s}`),
      fc.uint8Array({ maxLength: 200 }).map(inlineOf),
      fc
        .string({ unit: fc.constantFrom(...'%25AZaz09-_+/=&#b'), maxLength: 100 })
        .map((s) => `#b=${s}`),
    );
    fc.assert(
      fc.property(fragment, (hash) => {
        const start = performance.now();
        const result = decodeLink(hash);
        expect(performance.now() - start).toBeLessThan(100);
        if (!result.ok) expect(result.error).toBeInstanceOf(BundleError);
      }),
      { numRuns: 300 },
    );
  });
});
