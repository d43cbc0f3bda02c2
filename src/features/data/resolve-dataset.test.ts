import { describe, expect, it } from 'vitest';
import type { SerializedError } from '../../core/errors';
import { err, ok } from '../../core/result';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { resolveDataset, type DataJobs } from './resolve-dataset';

const record = { sha256: 'e'.repeat(64), name: 'stored' } as StoredDataset;

function fakeJobs(columns = 3) {
  const asked: unknown[] = [];
  const jobs: DataJobs = {
    download: async (command) => (asked.push(command), ok(record)),
    csvColumns: async () => ok(columns),
    importCsv: async (command) => (asked.push(command), ok(record)),
  };
  return { jobs, asked };
}

describe('resolveDataset', () => {
  it('keeps generated, shipped and local refs as they are', async () => {
    const { jobs, asked } = fakeJobs();
    const builtin = {
      kind: 'builtin',
      generator: 'moons',
      params: { size: 100, noise: 0 },
      seed: 1,
    } as const;
    expect(await resolveDataset(builtin, jobs)).toEqual(ok(builtin));
    expect(await resolveDataset({ kind: 'shipped', name: 'iris' }, jobs)).toEqual(
      ok({ kind: 'shipped', name: 'iris' }),
    );
    expect(asked).toEqual([]);
  });

  it('downloads a url ref with its pinned hashes and trains on what was stored', async () => {
    const { jobs, asked } = fakeJobs();
    const files = [{ url: 'https://example.org/d.csv', sha256: 'f'.repeat(64) }];
    const resolved = await resolveDataset(
      { kind: 'url', name: 'd', format: 'csv', files, target: 'y', limit: 50 },
      jobs,
    );
    expect(resolved).toEqual(
      ok({ kind: 'local', sha256: record.sha256, name: 'stored', limit: 50 }),
    );
    expect(asked).toEqual([{ type: 'download', name: 'd', format: 'csv', files, target: 'y' }]);
  });

  it('imports an inline CSV with its last column as the target when none is named', async () => {
    const { jobs, asked } = fakeJobs(4);
    const resolved = await resolveDataset({ kind: 'inline', name: 'tiny', csv: 'a,b,c,d\n' }, jobs);
    expect(resolved).toEqual(ok({ kind: 'local', sha256: record.sha256, name: 'stored' }));
    expect(asked[0]).toMatchObject({
      type: 'importCsv',
      file: { path: 'tiny.csv' },
      header: 'auto',
      target: 3,
      task: 'auto',
    });
  });

  it("passes on the worker's refusal, such as a hash mismatch", async () => {
    const refusal: SerializedError = { name: 'IntegrityError', code: 'integrity', message: 'no' };
    const jobs: DataJobs = { ...fakeJobs().jobs, download: async () => err(refusal) };
    const files = [{ url: 'https://example.org/d.csv', sha256: 'f'.repeat(64) }];
    const resolved = await resolveDataset({ kind: 'url', name: 'd', format: 'csv', files }, jobs);
    expect(resolved).toEqual(err(refusal));
  });
});
