import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { deflateSync, gzipSync } from 'fflate';
import { DataFormatError, LimitExceededError } from '../../errors';
import { gunzipCapped, inflateRawCapped, isGzip } from './inflate';
import { concat } from './test-fixtures';

const text = new TextEncoder().encode('the quick brown fox '.repeat(500));

describe('isGzip', () => {
  it('recognises the gzip signature only', () => {
    expect(isGzip(gzipSync(text))).toBe(true);
    expect(isGzip(text)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });
});

describe('gunzipCapped', () => {
  it('returns what was compressed, for any bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 5000 }),
        fc.integer({ min: 0, max: 9 }),
        (data, level) => {
          const result = gunzipCapped(gzipSync(data, { level: level as 0 }), data.length);
          expect(result.ok && Array.from(result.value)).toEqual(Array.from(data));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reads concatenated members as one stream', () => {
    const result = gunzipCapped(concat(gzipSync(text), gzipSync(text)), 1e6);
    expect(result.ok && result.value.length).toBe(text.length * 2);
  });

  it('accepts output of exactly the cap and refuses one byte more', () => {
    expect(gunzipCapped(gzipSync(text), text.length).ok).toBe(true);
    const over = gunzipCapped(gzipSync(text), text.length - 1);
    expect(!over.ok && over.error).toBeInstanceOf(LimitExceededError);
  });

  it('stops a gzip bomb at the cap, counting what it produced', () => {
    const bomb = gzipSync(new Uint8Array(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(50_000);
    const result = gunzipCapped(bomb, 1024 * 1024);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(LimitExceededError);
    expect((result.error as LimitExceededError).limit).toBe('inflated-bytes');
  });

  const badGzip = (bytes: Uint8Array) => {
    const result = gunzipCapped(bytes, 1e6);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(DataFormatError);
    expect((result.error as DataFormatError).reason).toBe('bad-gzip');
  };

  it('refuses bytes that are not gzip', () => badGzip(text));
  it('refuses a file cut inside its header', () => badGzip(gzipSync(text).subarray(0, 5)));
  it('refuses a file cut inside its data', () => badGzip(gzipSync(text).subarray(0, 40)));
  it('refuses a file cut inside its trailer', () => {
    const whole = gzipSync(text);
    badGzip(whole.subarray(0, whole.length - 3));
  });
  it('refuses a file whose checksum does not match', () => {
    const damaged = gzipSync(new Uint8Array(100));
    damaged[damaged.length - 6]! ^= 0xff;
    badGzip(damaged);
  });

  it('never throws, whatever follows the signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const result = gunzipCapped(concat(new Uint8Array([0x1f, 0x8b, 8, 0]), tail), 10_000);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('inflateRawCapped', () => {
  it('returns what was deflated', () => {
    const result = inflateRawCapped(deflateSync(text), text.length);
    expect(result.ok && new TextDecoder().decode(result.value)).toBe(
      new TextDecoder().decode(text),
    );
  });

  it('refuses output beyond the cap', () => {
    const result = inflateRawCapped(deflateSync(new Uint8Array(5_000_000)), 100_000);
    expect(!result.ok && (result.error as LimitExceededError).limit).toBe('inflated-bytes');
  });

  it('refuses cut or empty data as bad-deflate', () => {
    for (const bytes of [deflateSync(text).subarray(0, 10), new Uint8Array(0)]) {
      const result = inflateRawCapped(bytes, 1e6);
      expect(!result.ok && (result.error as DataFormatError).reason).toBe('bad-deflate');
    }
  });
});
