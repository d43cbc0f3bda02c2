import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { BundleError } from '../errors';
import { writeStoredZip } from '../data/formats/test-fixtures';
import {
  dataEntryPath,
  decodeBundleFile,
  encodeBundleFile,
  fileNameFor,
  weightsEntryPath,
} from './file';
import { deflatedZip, duplicateBundleZip, sharedStreamZip, zerosBomb } from './test-bombs';
import { allowedJson } from './test-json';

const text = (s: string) => new TextEncoder().encode(s);

const refusal = (bytes: Uint8Array, name = 'lesson.gradlab.zip') => {
  const result = decodeBundleFile(bytes, name);
  expect(result.ok).toBe(false);
  return result.ok ? { reason: 'ok', message: '' } : result.error;
};

describe('bundle files', () => {
  it('encode -> decode gives back the JSON and the extras', () => {
    const json = JSON.stringify({ type: 'gradlab/bundle', title: 'Spiral ✓' });
    const extras = {
      [weightsEntryPath('run-1')]: new Uint8Array([1, 2, 3, 250]),
      [dataEntryPath('my data/v2')]: text('x,y\n1,2\n'),
      [dataEntryPath('.hidden')]: text('a\n1\n'),
    };
    const result = decodeBundleFile(encodeBundleFile(json, extras), 'Spiral.gradlab.zip');
    expect(result).toEqual({ ok: true, value: { json: JSON.parse(json), extras } });
  });

  it('lays entries out as bundle.json, weights/<runId>.bin and data/<key>.csv', () => {
    expect(weightsEntryPath('run-1')).toBe('weights/run-1.bin');
    expect(dataEntryPath('a/b')).toBe('data/a%2Fb.csv');
    expect(dataEntryPath('..')).toBe('data/%2E..csv');
    const zip = encodeBundleFile('{}', { [weightsEntryPath('r')]: new Uint8Array(1) });
    const result = decodeBundleFile(zip, 'x.zip');
    expect(result.ok && Object.keys(result.value.extras)).toEqual(['weights/r.bin']);
  });

  it('round-trips any JSON text and any extras made by the path helpers', () => {
    fc.assert(
      fc.property(
        allowedJson(3),
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }),
          fc.uint8Array({ maxLength: 20 }),
          {
            maxKeys: 3,
          },
        ),
        (json, data) => {
          const extras = Object.fromEntries(
            Object.entries(data).map(([key, bytes]) => [weightsEntryPath(key), bytes]),
          );
          const result = decodeBundleFile(encodeBundleFile(json, extras), 'b.gradlab.zip');
          expect(result).toEqual({ ok: true, value: { json: JSON.parse(json), extras } });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('writes the same bytes for the same content', () => {
    const a = encodeBundleFile('{"a":1}', { 'weights/r.bin': new Uint8Array([1]) });
    const b = encodeBundleFile('{"a":1}', { 'weights/r.bin': new Uint8Array([1]) });
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('throws on an extra path the decoder would not give back', () => {
    for (const path of ['bundle.json', '../x', '.x', 'a//b', '__proto__', 'a/\\b', '']) {
      expect(() => encodeBundleFile('{}', { [path]: new Uint8Array(1) })).toThrow(BundleError);
    }
  });

  it('opens a plain .json file, with or without a byte-order mark', () => {
    for (const body of ['{"title":"T"}', '\ufeff  {"title":"T"}']) {
      expect(decodeBundleFile(text(body), 'lesson.json')).toEqual({
        ok: true,
        value: { json: { title: 'T' }, extras: {} },
      });
    }
  });

  it('refuses an HTML body, saying it is a web page', () => {
    const error = refusal(text('<!doctype html><html><body>Not found</body></html>'), 'b.json');
    expect(error.reason).toBe('file-html');
    expect(error.message).toContain('web page');
    const inZip = zipSync({ 'bundle.json': text('\n<html lang="en"></html>') });
    expect(refusal(inZip).reason).toBe('file-html');
  });

  it('refuses a deflate bomb of 1 GB of zeros in a file, however its size is declared', () => {
    const bomb = zerosBomb(1024);
    const honest = refusal(deflatedZip('bundle.json', bomb, 1024 * 1024 * 1024));
    expect(honest.reason).toBe('file-inflated-too-large');
    expect(honest.message).toContain('512 MB');
    const lying = refusal(deflatedZip('bundle.json', bomb, 1000));
    expect(lying.reason).toBe('zip-size-mismatch');
  });

  it('refuses a ZIP entry that inflates beyond its declared size, naming it', () => {
    const zip = deflatedZip('weights/r.bin', zerosBomb(2), 4096);
    const error = refusal(zip);
    expect(error.reason).toBe('zip-size-mismatch');
    expect(error.message).toContain('weights/r.bin');
  });

  it('refuses a file with two bundle.json entries, opening neither', () => {
    const error = refusal(duplicateBundleZip(text('{"n":1}'), text('{"n":2}')));
    expect(error.reason).toBe('zip-duplicate-name');
    expect(error.message).toContain('"bundle.json"');
  });

  it('refuses weight entries that share one stream, however small the file', () => {
    const zip = sharedStreamZip(text('{}'), 10, 50);
    expect(zip.length).toBeLessThan(60 * 1024);
    expect(refusal(zip).reason).toBe('zip-overlap');
    // With one name the stream is read, and is as large as it says.
    const one = decodeBundleFile(sharedStreamZip(text('{}'), 1, 50), 'one.gradlab.zip');
    expect(one.ok && one.value.extras['weights/0.bin']?.length).toBe(50 * 1024 * 1024);
  });

  it('refuses ZIP files without bundle.json, or with forbidden entry names', () => {
    expect(refusal(zipSync({ 'other.json': text('{}') })).reason).toBe('file-no-bundle-json');
    const proto = writeStoredZip([
      { path: 'bundle.json', bytes: text('{}') },
      { path: '__proto__', bytes: text('x') },
    ]);
    expect(refusal(proto).reason).toBe('file-forbidden-name');
  });

  it('passes JSON refusals through from bundle.json', () => {
    expect(refusal(text('{"__proto__":1}'), 'b.json').reason).toBe('json-forbidden-key');
    expect(refusal(zipSync({ 'bundle.json': text('{"a":') })).reason).toBe('bad-json');
    expect(refusal(text('['.repeat(100_000)), 'b.json').reason).toBe('json-too-deep');
  });

  it('refuses empty files, binary files and damaged ZIPs, each with its own message', () => {
    const errors = [
      refusal(new Uint8Array(0)),
      refusal(new Uint8Array([0xff, 0xfe, 0x00, 0x81]), 'x.json'),
      refusal(new Uint8Array([0xff, 0xfe, 0x00, 0x81]), 'x.zip'),
      refusal(zipSync({ 'bundle.json': text('{}') }).subarray(0, 40)),
      refusal(zipSync({ 'bundle.json': new Uint8Array([0xff, 0xfe]) })),
    ];
    expect(errors.map((e) => e.reason)).toEqual([
      'file-empty',
      'file-not-bundle',
      'file-not-bundle',
      'bad-zip',
      'file-not-text',
    ]);
    expect(new Set(errors.map((e) => e.message)).size).toBe(errors.length);
  });

  it('never throws on random bytes', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array([0x50, 0x4b, 3, 4, ...b])),
      fc.string({ maxLength: 200 }).map(text),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const result = decodeBundleFile(b, 'x.gradlab.zip');
        if (!result.ok) expect(result.error).toBeInstanceOf(BundleError);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fileNameFor', () => {
  it('keeps a readable title and adds .gradlab.zip', () => {
    expect(fileNameFor('Spiral: a first net')).toBe('Spiral a first net.gradlab.zip');
    expect(fileNameFor('Réseaux 🧠')).toBe('Réseaux 🧠.gradlab.zip');
  });

  it('removes path separators, reserved characters, controls and bidi overrides', () => {
    expect(fileNameFor('../../etc/passwd')).toBe('etc passwd.gradlab.zip');
    expect(fileNameFor('a<b>c|d?e*f"g\\h\u0000i\u202ej')).toBe('a b c d e f g h i j.gradlab.zip');
  });

  it('falls back to a default name and avoids Windows device names', () => {
    expect(fileNameFor('')).toBe('gradlab-bundle.gradlab.zip');
    expect(fileNameFor(' ... ')).toBe('gradlab-bundle.gradlab.zip');
    expect(fileNameFor('CON')).toBe('CON_.gradlab.zip');
  });

  it('caps the length without splitting characters', () => {
    const name = fileNameFor('😀'.repeat(200));
    expect(name).toBe(`${'😀'.repeat(80)}.gradlab.zip`);
  });
});
