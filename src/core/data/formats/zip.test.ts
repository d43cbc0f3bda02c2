import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { DataFormatError, LimitExceededError } from '../../errors';
import { unzipCapped } from './zip';
import { craftedZip, zerosBomb, type CraftedLocal } from '../../bundle/test-bombs';
import { crc32 } from './crc32';
import { writeStoredZip } from './test-fixtures';

const limits = { maxTotalBytes: 10_000_000, maxEntries: 100 };
const bytesOf = (text: string) => new TextEncoder().encode(text);
const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function reasonOf(bytes: Uint8Array, l = limits): string | undefined {
  const result = unzipCapped(bytes, l);
  expect(result.ok).toBe(false);
  if (result.ok) return undefined;
  expect(result.error).toBeInstanceOf(DataFormatError);
  return (result.error as DataFormatError).reason;
}

describe('unzipCapped', () => {
  it('returns the files, deflated or stored, skipping directories and macOS junk', () => {
    const zip = zipSync({
      'cats/': {},
      'cats/1.txt': bytesOf('meow '.repeat(100)),
      'dogs/1.txt': [bytesOf('woof'), { level: 0 }],
      '__MACOSX/cats/._1.txt': bytesOf('junk'),
      'cats/.DS_Store': bytesOf('junk'),
    });
    const result = unzipCapped(zip, limits);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((e) => [e.path, textOf(e.bytes)])).toEqual([
      ['cats/1.txt', 'meow '.repeat(100)],
      ['dogs/1.txt', 'woof'],
    ]);
  });

  it('round-trips any set of files', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.uint8Array({ maxLength: 2000 })),
        (files) => {
          const result = unzipCapped(zipSync(files), limits);
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(
            Object.fromEntries(result.value.map((e) => [e.path, Array.from(e.bytes)])),
          ).toEqual(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Array.from(v)])));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('says not-zip for bytes that are not a ZIP', () => {
    expect(reasonOf(bytesOf('just some text, not an archive'))).toBe('not-zip');
  });

  it('says bad-zip for a ZIP cut short', () => {
    const zip = zipSync({ 'a.txt': bytesOf('hello '.repeat(50)) });
    expect(reasonOf(zip.subarray(0, zip.length - 30))).toBe('bad-zip');
  });

  it('says bad-zip when an entry fails its checksum', () => {
    const zip = writeStoredZip([{ path: 'a.txt', bytes: bytesOf('hello') }]);
    zip[30 + 'a.txt'.length]! ^= 0xff;
    expect(reasonOf(zip)).toBe('bad-zip');
  });

  it('refuses an entry that inflates far beyond its declared size, naming it', () => {
    const zip = zipSync({ 'bomb.bin': new Uint8Array(5_000_000) });
    const view = new DataView(zip.buffer);
    const central = zip.findIndex(
      (_, i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint32(22, 100, true);
    view.setUint32(central + 24, 100, true);
    const result = unzipCapped(zip, limits);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect((result.error as DataFormatError).reason).toBe('zip-size-mismatch');
    expect(result.error.message).toContain('bomb.bin');
  });

  it('refuses archives whose output would pass the total cap', () => {
    const zip = zipSync({ 'a.bin': new Uint8Array(600_000), 'b.bin': new Uint8Array(600_000) });
    const result = unzipCapped(zip, { maxTotalBytes: 1_000_000, maxEntries: 10 });
    expect(!result.ok && result.error).toBeInstanceOf(LimitExceededError);
    expect(!result.ok && (result.error as LimitExceededError).limit).toBe('inflated-bytes');
  });

  it('refuses archives with more files than allowed', () => {
    const zip = zipSync({ a: bytesOf('1'), b: bytesOf('2'), c: bytesOf('3') });
    const result = unzipCapped(zip, { maxTotalBytes: 1000, maxEntries: 2 });
    expect(!result.ok && result.error).toBeInstanceOf(LimitExceededError);
  });

  it('refuses encrypted entries', () => {
    const zip = writeStoredZip([{ path: 'secret.txt', bytes: bytesOf('hidden') }]);
    const central = zip.length - 22 - (46 + 'secret.txt'.length);
    zip[central + 8] = 1;
    expect(reasonOf(zip)).toBe('zip-encrypted');
  });

  it('refuses names that climb out of the archive', () => {
    for (const path of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:\\evil.txt']) {
      expect(reasonOf(writeStoredZip([{ path, bytes: bytesOf('x') }]))).toBe('zip-unsafe-path');
    }
  });

  it('reads sizes from a zip64 extra field', () => {
    const zip = writeStoredZip([{ path: 'a.txt', bytes: bytesOf('zip64 sized') }], { zip64: true });
    const result = unzipCapped(zip, limits);
    expect(result.ok && textOf(result.value[0]!.bytes)).toBe('zip64 sized');
  });

  it('refuses zip64 sizes it cannot find', () => {
    const zip = writeStoredZip([{ path: 'a.txt', bytes: bytesOf('x') }]);
    const central = zip.length - 22 - (46 + 'a.txt'.length);
    new DataView(zip.buffer).setUint32(central + 24, 0xffffffff, true);
    expect(reasonOf(zip)).toBe('zip64-unsupported');
  });

  it('never throws on damaged archives', () => {
    const zip = zipSync({ 'a.txt': bytesOf('hello '.repeat(40)), 'b/c.txt': bytesOf('world') });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8,
        }),
        fc.nat(zip.length),
        (edits, cut) => {
          const damaged = zip.slice(0, Math.max(cut, zip.length - 60));
          for (const [at, value] of edits) if (at < damaged.length) damaged[at] = value;
          expect(typeof unzipCapped(damaged, limits).ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });

  const stored = (name: string, text: string): CraftedLocal => {
    const data = bytesOf(text);
    return { name, data, method: 0, size: data.length, crc: crc32(data) };
  };

  it('refuses two entries with one name, whichever comes first', () => {
    const locals = [stored('bundle.json', '{"a":1}'), stored('bundle.json', '{"b":2}')];
    const zip = craftedZip(locals, [
      { name: 'bundle.json', local: 0 },
      { name: 'bundle.json', local: 1 },
    ]);
    expect(reasonOf(zip)).toBe('zip-duplicate-name');
    const result = unzipCapped(zip, limits);
    expect(!result.ok && result.error.message).toMatch(/two entries named "bundle\.json"/);
    // The same two files under different names are a good archive.
    const renamed = craftedZip(locals, [
      { name: 'bundle.json', local: 0 },
      { name: 'other.json', local: 1 },
    ]);
    expect(unzipCapped(renamed, limits).ok).toBe(true);
  });

  it('counts a name written with backslashes as the same name', () => {
    const locals = [stored('a/b.txt', 'one'), stored('a\\b.txt', 'two')];
    const zip = craftedZip(locals, [
      { name: 'a/b.txt', local: 0 },
      { name: 'a\\b.txt', local: 1 },
    ]);
    expect(reasonOf(zip)).toBe('zip-duplicate-name');
  });

  it('refuses names that share one stream, before inflating any of it', () => {
    const bomb = zerosBomb(4);
    const locals: CraftedLocal[] = [
      stored('bundle.json', '{}'),
      {
        name: 'weights/0.bin',
        data: bomb,
        method: 8,
        size: 4 * 2 ** 20,
        crc: crc32(new Uint8Array(4 * 2 ** 20)),
      },
    ];
    const directory = [
      { name: 'bundle.json', local: 0 },
      ...Array.from({ length: 10 }, (_, i) => ({ name: `weights/${i}.bin`, local: 1 })),
    ];
    const zip = craftedZip(locals, directory);
    expect(zip.length).toBeLessThan(8 * 1024);
    expect(reasonOf(zip)).toBe('zip-overlap');
    const result = unzipCapped(zip, limits);
    expect(!result.ok && result.error.message).toMatch(
      /"weights\/0\.bin" and "weights\/1\.bin".*crafted/,
    );
    // One name for the stream is a good archive, that inflates to what it declares.
    const single = unzipCapped(craftedZip(locals, directory.slice(0, 2)), limits);
    expect(single.ok && single.value.map((e) => [e.path, e.bytes.length])).toEqual([
      ['bundle.json', 2],
      ['weights/0.bin', 4 * 2 ** 20],
    ]);
  });

  it('refuses an entry whose data runs into the next local header', () => {
    const first = stored('a.txt', 'hello');
    const second = stored('b.txt', 'world');
    // The first entry claims three more bytes than it has: they are the second one's header.
    const zip = craftedZip(
      [{ ...first, data: bytesOf('hello') }, second],
      [
        { name: 'a.txt', local: 0 },
        { name: 'b.txt', local: 1 },
      ],
    );
    const view = new DataView(zip.buffer);
    const directory = zip.length - 22 - (46 + 5) * 2;
    view.setUint32(directory + 20, 8, true);
    expect(reasonOf(zip)).toBe('zip-overlap');
  });

  it('never sees an overlap in archives that real tools write', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[a-z]{1,8}(\/[a-z]{1,8})?$/),
          fc.uint8Array({ maxLength: 500 }),
        ),
        fc.integer({ min: 0, max: 9 }),
        (files, level) => {
          expect(unzipCapped(zipSync(files, { level: level as 0 }), limits).ok).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
