import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash';
import { sha256HexSync } from './sha256-sync';

describe('sha256HexSync', () => {
  it('gives the FIPS 180-4 examples', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(sha256HexSync(text(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256HexSync(text('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('equals SubtleCrypto on every length around the block boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
        expect(sha256HexSync(bytes)).toBe(await sha256Hex(bytes));
      }),
    );
  });

  it('hashes a view into a larger buffer by its own bytes', async () => {
    const buffer = Uint8Array.from({ length: 200 }, (_, i) => i);
    const view = buffer.subarray(13, 150);
    expect(sha256HexSync(view)).toBe(await sha256Hex(view.slice()));
  });
});
