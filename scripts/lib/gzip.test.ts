import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipDeterministic } from './gzip';

describe('gzipDeterministic', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(new Uint8Array(gunzipSync(gzipDeterministic(bytes)))).toEqual(bytes);
      }),
    );
  });

  it('writes a header with no name, no mtime and the Unix OS code', () => {
    const out = gzipDeterministic(new TextEncoder().encode('hello'));
    expect(Array.from(out.subarray(0, 10))).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  });
});
