import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTar } from './tar';

interface Parsed {
  path: string;
  type: string;
  bytes: Uint8Array;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/\0.*$/s, '');

/** Reads headers back as tar does: checksum verified, stops at the first zero block. */
function parseTar(tar: Uint8Array): Parsed[] {
  const entries: Parsed[] = [];
  for (let offset = 0; offset < tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const stored = parseInt(text(header.subarray(148, 156)).trim(), 8);
    const sum = header.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b), 0);
    expect(stored).toBe(sum);
    expect(text(header.subarray(257, 263))).toBe('ustar');
    expect(text(header.subarray(263, 265))).toBe('00');
    const size = parseInt(text(header.subarray(124, 136)), 8);
    entries.push({
      path: text(header.subarray(0, 100)),
      type: String.fromCharCode(header[156] as number),
      bytes: tar.slice(offset + 512, offset + 512 + size),
    });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

describe('createTar', () => {
  it('writes ustar entries that read back with their names, types and bytes', () => {
    const name = fc.stringMatching(/^[a-z0-9_]{1,40}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path: name, bytes: fc.uint8Array({ maxLength: 1500 }) }), {
          selector: (e) => e.path,
          maxLength: 5,
        }),
        (files) => {
          const tar = createTar([{ path: 'dir/' }, ...files]);
          expect(tar.length % 10240).toBe(0);
          expect(parseTar(tar)).toEqual([
            { path: 'dir/', type: '5', bytes: new Uint8Array(0) },
            ...files.map((f) => ({ path: f.path, type: '0', bytes: f.bytes })),
          ]);
        },
      ),
    );
  });

  it('ends with at least two zero blocks, starting a new record when they do not fit', () => {
    // Header and 18 data blocks leave one block of the first record: too few for the end marker.
    const tar = createTar([{ path: 'a', bytes: new Uint8Array(10240 - 2 * 512) }]);
    expect(tar.length).toBe(2 * 10240);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it('refuses names longer than a ustar name field', () => {
    expect(() => createTar([{ path: 'x'.repeat(101), bytes: new Uint8Array(1) }])).toThrow(
      RangeError,
    );
  });
});
