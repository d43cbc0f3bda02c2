import { describe, expect, it } from 'vitest';
import { carriedDatasetsOf } from '../../core/bundle/carried-datasets';
import { decodeBundleFile } from '../../core/bundle/file';
import { decodeLink, LINK_BUDGET_BYTES } from '../../core/bundle/link';
import { validateBundle } from '../../core/bundle/validate';
import type { SharedDatasetDetails } from '../../core/data/stored-dataset';
import { sha256Hex } from '../../core/hash';
import { createTestStore } from '../../store/test-store';
import { sharedBundle } from './share-bundle';
import { referenceLink, shareOutputs } from './share-outputs';
import { shareSourceOf } from './share-source';

const APP = 'https://gradlab.example/app/?backend=cpu#/runs';

async function shared(title = 'Spirals') {
  const source = shareSourceOf(createTestStore().get(), '#/playground', new Date());
  const bundle = await sharedBundle(
    source,
    { title, includeWeights: false, includeRuns: true, includeSweepRuns: false },
    { stored: [], exportWeights: async () => null },
  );
  return { bundle, outputs: await shareOutputs(bundle, APP) };
}

describe('shareOutputs', () => {
  it('gives an inline link on the app address that opens the same bundle', async () => {
    const { bundle, outputs } = await shared();
    expect(outputs.inlineLink.startsWith('https://gradlab.example/app/?backend=cpu#b=')).toBe(true);
    const fragment = outputs.inlineLink.slice(outputs.inlineLink.indexOf('#'));
    expect(outputs.linkBytes).toBe(fragment.length);
    expect(outputs.overBudget).toBe(outputs.linkBytes > LINK_BUDGET_BYTES);
    const decoded = decodeLink(fragment);
    if (!decoded.ok || decoded.value.kind !== 'inline') throw new Error('not an inline link');
    expect(validateBundle(decoded.value.json)).toEqual({ ok: true, value: bundle });
  });

  it('gives a file that reopens as the same bundle, with the hash of its bytes', async () => {
    const { bundle, outputs } = await shared('My / lesson');
    expect(outputs.fileName.endsWith('.gradlab.zip')).toBe(true);
    expect(outputs.fileName).not.toContain('/');
    expect(outputs.fileSha256).toBe(await sha256Hex(outputs.fileBytes));
    const file = decodeBundleFile(outputs.fileBytes, outputs.fileName);
    if (!file.ok) throw file.error;
    expect(validateBundle(file.value.json)).toEqual({ ok: true, value: bundle });
  });
  it('carries the datasets it is given in the file, and opens with them', async () => {
    const { bundle } = await shared();
    const bytes = new Uint8Array([71, 68, 83, 49, 0, 1, 2, 3]);
    const sha256 = await sha256Hex(bytes);
    const ref = { kind: 'local', sha256, name: 'mine' } as const;
    const details: SharedDatasetDetails = {
      name: 'mine',
      source: { kind: 'file', fileName: 'mine.csv', format: 'csv' },
      sourceSha256: null,
      columns: null,
      notes: [],
    };
    const withLocal = { ...bundle, datasets: { ...bundle.datasets, mine: ref } };
    const outputs = await shareOutputs(withLocal, APP, [{ sha256, bytes, details }]);
    const file = decodeBundleFile(outputs.fileBytes, outputs.fileName);
    if (!file.ok) throw file.error;
    expect(await carriedDatasetsOf(withLocal, file.value.extras, outputs.fileName)).toEqual({
      ok: true,
      value: [{ sha256, bytes, details }],
    });
  });
});

describe('referenceLink', () => {
  it('pins a hosted copy of the file by its hash', async () => {
    const { outputs } = await shared();
    const link = referenceLink(APP, ' https://host.example/s.gradlab.zip ', outputs.fileSha256);
    expect(link).toEqual({
      ok: true,
      value:
        'https://gradlab.example/app/?backend=cpu#url=' +
        `${encodeURIComponent('https://host.example/s.gradlab.zip')}&sha256=${outputs.fileSha256}`,
    });
  });

  it('refuses an address a link could not open', () => {
    const link = referenceLink(APP, 'http://host.example/s.gradlab.zip', 'a'.repeat(64));
    expect(link.ok).toBe(false);
  });
});
