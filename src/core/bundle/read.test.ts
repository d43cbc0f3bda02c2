import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { encodeBundleFile } from './file';
import { encodeInlineLink } from './link';
import v1 from './fixtures/v1.json';
import v2 from './fixtures/v2.json';
import v3 from './fixtures/v3.json';
import { SCHEMA_VERSION } from './schema';
import { sha256Hex } from '../hash';
import { isBundleHash, readBundle, sourceFromAddress } from './read';
import { bundleText, testBundle } from './test-bundle';

const refusal = async (promise: ReturnType<typeof readBundle>) => {
  const result = await promise;
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

const serving = (bytes: Uint8Array) =>
  (async () => new Response(bytes as Uint8Array<ArrayBuffer>)) as typeof fetch;

describe('readBundle', () => {
  it('opens an inline link', async () => {
    const bundle = await testBundle();
    const { fragment } = encodeInlineLink(canonicalJson(bundle));
    const opened = await readBundle({ kind: 'link', hash: fragment });
    expect(opened.ok && opened.value.bundle.id).toBe(bundle.id);
  });

  it('opens a link naming a later dataset version by its version and parent, pinned', async () => {
    const later = {
      kind: 'local',
      sha256: 'b'.repeat(64),
      name: 'blobs',
      version: 2,
      parent: 'c'.repeat(64),
    };
    const bundle = await testBundle((json) => {
      (json.datasets as Record<string, unknown>).spiral = later;
    });
    const { fragment } = encodeInlineLink(canonicalJson(bundle));
    const opened = await readBundle({ kind: 'link', hash: fragment });
    expect(opened.ok && opened.value.bundle.datasets.spiral).toEqual(later);
    const unpinned = { ...later, parent: 'version 1' };
    await expect(
      testBundle((json) => {
        (json.datasets as Record<string, unknown>).spiral = unpinned;
      }),
    ).rejects.toThrow(/parent version must be named by its SHA-256/);
  });

  it('opens a .gradlab.zip file and a .json file, keeping the zip extras', async () => {
    const bundle = await testBundle();
    const zip = encodeBundleFile(canonicalJson(bundle), { 'weights/r.bin': new Uint8Array(4) });
    const fromZip = await readBundle({
      kind: 'file',
      name: 'a.gradlab.zip',
      blob: new Blob([zip as Uint8Array<ArrayBuffer>]),
    });
    expect(fromZip.ok && Object.keys(fromZip.value.extras)).toEqual(['weights/r.bin']);
    const json = strToU8(bundleText(bundle));
    const fromJson = await readBundle({ kind: 'file', name: 'a.json', blob: new Blob([json]) });
    expect(fromJson.ok && fromJson.value.bundle.notebook.title).toBe(bundle.notebook.title);
  });

  it('opens a by-reference link whose sha256 matches, and refuses one that does not', async () => {
    const bytes = strToU8(bundleText(await testBundle()));
    const hash = await sha256Hex(bytes);
    const address = encodeURIComponent('https://example.org/lesson.json');
    const good = await readBundle(
      { kind: 'link', hash: `#url=${address}&sha256=${hash}` },
      { fetchFn: serving(bytes) },
    );
    expect(good.ok).toBe(true);
    const bad = await refusal(
      readBundle(
        { kind: 'link', hash: `#url=${address}&sha256=${'0'.repeat(64)}` },
        { fetchFn: serving(bytes) },
      ),
    );
    expect(bad.code).toBe('integrity');
  });

  it('refuses an HTML page served in place of a bundle', async () => {
    const error = await refusal(
      readBundle(
        { kind: 'url', url: 'https://example.org/lesson', sha256: null },
        { fetchFn: serving(strToU8('<!doctype html><html></html>')) },
      ),
    );
    expect(error.message).toMatch(/web page/);
  });

  it.each([v1, v2, v3])(
    'opens a version $schemaVersion file, its id checked as written and its content migrated',
    async (old) => {
      const blob = new Blob([JSON.stringify(old)]);
      const opened = await readBundle({ kind: 'file', name: 'old.json', blob });
      expect(opened.ok && [opened.value.bundle.id, opened.value.bundle.schemaVersion]).toEqual([
        old.id,
        SCHEMA_VERSION,
      ]);
    },
  );

  it('opens a version 2 link made by the previous Gradlab', async () => {
    const { fragment } = encodeInlineLink(canonicalJson(v2));
    const opened = await readBundle({ kind: 'link', hash: fragment });
    if (!opened.ok) throw opened.error;
    expect(opened.value.bundle).toMatchObject({ id: v2.id, schemaVersion: SCHEMA_VERSION });
    expect(opened.value.bundle.notebook.title).toBe(v2.notebook.title);
  });

  it('refuses a bundle whose content was changed after its id was computed', async () => {
    const bundle = await testBundle();
    const tampered = { ...JSON.parse(bundleText(bundle)), version: 9 };
    const bytes = strToU8(JSON.stringify(tampered));
    const error = await refusal(
      readBundle({ kind: 'file', name: 'b.json', blob: new Blob([bytes]) }),
    );
    expect(error.message).toMatch(/changed after it was saved/);
  });

  it('says a bundle from a newer Gradlab is newer, whatever its id', async () => {
    const json = { ...JSON.parse(bundleText(await testBundle())), schemaVersion: 999 };
    const bytes = strToU8(JSON.stringify(json));
    const error = await refusal(
      readBundle({ kind: 'file', name: 'b.json', blob: new Blob([bytes]) }),
    );
    expect(error.message).toMatch(/newer/);
  });

  it('refuses an empty link and a zip without bundle.json, each with its own message', async () => {
    const empty = await refusal(readBundle({ kind: 'link', hash: '#b=' }));
    const noJson = await refusal(
      readBundle({
        kind: 'file',
        name: 'x.zip',
        blob: new Blob([zipSync({ 'a.txt': strToU8('hi') })]),
      }),
    );
    expect(empty.message).not.toBe(noJson.message);
    expect(noJson.message).toMatch(/bundle\.json/);
  });

  it('refuses a file that is not named as a bundle file without reading it', async () => {
    const blob = new Blob(['a,b\n1,2\n']);
    blob.arrayBuffer = () => Promise.reject(new Error('read'));
    const error = await refusal(readBundle({ kind: 'file', name: 'data.csv', blob }));
    expect(error.message).toMatch(/not a bundle file/);
  });
});

describe('sourceFromAddress', () => {
  it('opens a whole Gradlab link as that link, anything else as a file address', () => {
    expect(sourceFromAddress(' https://app.example/#b=abc ')).toEqual({
      kind: 'link',
      hash: '#b=abc',
    });
    expect(sourceFromAddress('https://example.org/x.gradlab.zip')).toEqual({
      kind: 'url',
      url: 'https://example.org/x.gradlab.zip',
      sha256: null,
    });
  });

  it('tells bundle links from pages of the app', () => {
    expect(isBundleHash('#b=x')).toBe(true);
    expect(isBundleHash('#url=x')).toBe(true);
    expect(isBundleHash('#/runs')).toBe(false);
  });
});
