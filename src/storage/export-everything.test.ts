import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../core/experiment/experiment';
import { exportEverything } from './export-everything';
import { openGradlabDb, type GradlabDb } from './open';
import { loadPlayground, savePlayground } from './playground-repo';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `export-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const parsed = (bytes: Uint8Array | undefined): unknown => JSON.parse(text(bytes));

describe('exportEverything', () => {
  it('zips notebooks, versions, runs with their weights, sweeps, settings and dataset metadata', async () => {
    const db = await freshDb();
    // Records as stored, partial ones too: the export writes what it finds without reading it.
    const draft = { type: 'gradlab/bundle', notebook: { title: 'Spirals', cells: [] } };
    await db.put('notebooks', { id: 'nb/1', title: 'Spirals', draft } as never);
    await db.put('versions', { id: 'sha256-abc', type: 'gradlab/bundle', version: 1 } as never);
    await db.put('runs', {
      id: 'run-1',
      createdAt: '2025-01-01T00:00:00.000Z',
      name: 'first',
      weights: { modelJson: '{"modelTopology":{}}', data: new Float32Array([1.5]).buffer },
    } as never);
    await db.put('runs', {
      id: 'run-2',
      createdAt: '2025-01-02T00:00:00.000Z',
      weights: null,
    } as never);
    await db.put('sweeps', {
      sweep: { id: 'sw-1', createdAt: '2025-01-03T00:00:00.000Z' },
    } as never);
    await db.put('settings', 'webgl', 'backend');
    await db.put('settings', { open: true }, 'panel');
    await db.put('datasets', {
      sha256: 'ff00',
      name: 'Iris',
      source: { kind: 'shipped', name: 'iris' },
      byteLength: 1234,
      createdAt: '2025-01-01T00:00:00.000Z',
      header: { name: 'Iris' },
    } as never);
    await db.put('pieces', new Uint8Array([9, 9, 9]).buffer, 'ab'.repeat(32));

    const exported = await exportEverything(db);
    if (!exported.ok) throw exported.error;
    const files = unzipSync(exported.value);

    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'datasets.json',
      'notebooks/nb%2F1.json',
      'runs.json',
      'settings.json',
      'sweeps.json',
      'versions/sha256-abc.json',
      'weights/run-1.bin',
    ]);
    expect(parsed(files['notebooks/nb%2F1.json'])).toEqual(draft);
    expect(parsed(files['versions/sha256-abc.json'])).toEqual({
      id: 'sha256-abc',
      type: 'gradlab/bundle',
      version: 1,
    });
    expect(parsed(files['runs.json'])).toEqual([
      {
        id: 'run-1',
        createdAt: '2025-01-01T00:00:00.000Z',
        name: 'first',
        weights: { modelJson: '{"modelTopology":{}}', data: 'weights/run-1.bin' },
      },
      { id: 'run-2', createdAt: '2025-01-02T00:00:00.000Z', weights: null },
    ]);
    expect(parsed(files['sweeps.json'])).toEqual([
      { sweep: { id: 'sw-1', createdAt: '2025-01-03T00:00:00.000Z' } },
    ]);
    const weights = files['weights/run-1.bin'];
    expect(weights && new Float32Array(weights.slice().buffer)).toEqual(new Float32Array([1.5]));
    expect(parsed(files['settings.json'])).toEqual({ backend: 'webgl', panel: { open: true } });
    expect(parsed(files['datasets.json'])).toEqual([
      {
        name: 'Iris',
        sha256: 'ff00',
        source: { kind: 'shipped', name: 'iris' },
        byteLength: 1234,
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    ]);
    expect(text(files['README.txt'])).toMatch(/Not included: the bytes of the datasets/);
    db.close();
  });

  it('keeps the saved playground, and one moved aside as unreadable', async () => {
    const db = await freshDb();
    const experiment = { ...defaultExperiment(), views: ['curves'] };
    expect((await savePlayground(db, experiment)).ok).toBe(true);
    await db.put('settings', { format: 1, experiment: 'damaged' }, 'playground');
    const loaded = await loadPlayground(db, new Date('2025-02-03T04:05:06.000Z'));
    expect(!loaded.ok && loaded.error.message).toMatch(/Export everything includes it/);
    expect((await savePlayground(db, experiment)).ok).toBe(true);

    const exported = await exportEverything(db);
    if (!exported.ok) throw exported.error;
    expect(parsed(unzipSync(exported.value)['settings.json'])).toEqual({
      playground: { format: 1, experiment },
      'playground-unreadable-2025-02-03T04:05:06.000Z': { format: 1, experiment: 'damaged' },
    });
    db.close();
  });

  it('exports an empty browser as empty lists', async () => {
    const db = await freshDb();
    const exported = await exportEverything(db);
    if (!exported.ok) throw exported.error;
    const files = unzipSync(exported.value);
    expect(parsed(files['runs.json'])).toEqual([]);
    expect(parsed(files['sweeps.json'])).toEqual([]);
    expect(parsed(files['datasets.json'])).toEqual([]);
    expect(parsed(files['settings.json'])).toEqual({});
    db.close();
  });

  it('fails with a message, not a rejection, when the connection is gone', async () => {
    const db = await freshDb();
    db.close();
    const exported = await exportEverything(db);
    expect(!exported.ok && exported.error.message).toMatch(/Could not read what Gradlab stored/);
  });
});
