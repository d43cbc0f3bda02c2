import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DataFormatError } from '../../errors';
import { readTar } from './tar';
import { concat, writeTar } from './test-fixtures';

const bytesOf = (text: string) => new TextEncoder().encode(text);

function reasonOf(bytes: Uint8Array): string | undefined {
  const result = readTar(bytes);
  expect(result.ok).toBe(false);
  if (result.ok) return undefined;
  expect(result.error).toBeInstanceOf(DataFormatError);
  return result.error.reason;
}

describe('readTar', () => {
  it('returns regular files with their paths, skipping directories and links', () => {
    const longPath = `${'deep/'.repeat(25)}file.bin`;
    const tar = writeTar([
      { path: 'batches/', bytes: new Uint8Array(0), type: '5' },
      { path: 'batches/a.bin', bytes: new Uint8Array(1000).fill(3) },
      { path: 'batches/link', bytes: new Uint8Array(0), type: '2' },
      { path: longPath, bytes: bytesOf('deep') },
      { path: 'empty.txt', bytes: new Uint8Array(0) },
    ]);
    const result = readTar(tar);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((f) => [f.path, f.bytes.length])).toEqual([
      ['batches/a.bin', 1000],
      [longPath, 4],
      ['empty.txt', 0],
    ]);
    expect(result.value[0]!.bytes.every((b) => b === 3)).toBe(true);
  });

  it('takes the path and size from a pax header', () => {
    const longName = `${'x'.repeat(150)}.bin`;
    const record = ` path=${longName}\n`;
    const length = record.length + String(record.length + 3).length;
    const pax = bytesOf(`${length}${record}`);
    const tar = writeTar([
      { path: 'PaxHeader', bytes: pax, type: 'x' },
      { path: 'short', bytes: bytesOf('body') },
    ]);
    const result = readTar(tar);
    expect(result.ok && result.value.map((f) => f.path)).toEqual([longName]);
  });

  it('round-trips any files', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,20}$/), fc.uint8Array({ maxLength: 1500 })), {
          maxLength: 5,
        }),
        (files) => {
          const result = readTar(writeTar(files.map(([path, bytes]) => ({ path, bytes }))));
          expect(result.ok && result.value.map((f) => [f.path, Array.from(f.bytes)])).toEqual(
            files.map(([path, bytes]) => [path, Array.from(bytes)]),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses bytes that are not a tar', () => {
    expect(reasonOf(new Uint8Array(2048).fill(65))).toBe('not-tar');
  });

  it('refuses a damaged header', () => {
    const tar = writeTar([{ path: 'a.bin', bytes: bytesOf('hello') }]);
    tar[0] = 'b'.charCodeAt(0);
    expect(reasonOf(tar)).toBe('bad-tar');
  });

  it('refuses a file whose size runs past the end of the archive', () => {
    const tar = writeTar([{ path: 'a.bin', bytes: new Uint8Array(3000) }]);
    expect(reasonOf(tar.subarray(0, 2048))).toBe('tar-truncated');
  });

  it('refuses an archive cut inside a header block', () => {
    const tar = writeTar([{ path: 'a.bin', bytes: new Uint8Array(512) }]);
    expect(reasonOf(concat(tar.subarray(0, 1024), tar.subarray(0, 100)))).toBe('tar-truncated');
  });

  it('never throws on damaged archives', () => {
    const tar = writeTar([
      { path: 'a.bin', bytes: new Uint8Array(700) },
      { path: 'b.bin', bytes: bytesOf('b') },
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(tar.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        fc.nat(tar.length),
        (edits, cut) => {
          const damaged = tar.slice(0, cut);
          for (const [at, value] of edits) if (at < damaged.length) damaged[at] = value;
          expect(typeof readTar(damaged).ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
