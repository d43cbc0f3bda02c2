import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../src/core/errors';
import { err } from '../src/core/result';
import { MEASUREMENTS_SETTING } from '../src/core/train/measurement-cache';
import { openGradlabDb } from '../src/storage/open';
import { getSetting, putSetting } from '../src/storage/settings-repo';
import { measurementStore } from './measurement-store';

const entry = (samplesPerSec: number, at: number) => ({
  model: '354 parameters, batch 32',
  results: [
    { backend: 'wasm' as const, outcome: 'measured' as const, samplesPerSec, note: '' },
    { backend: 'cpu' as const, outcome: 'measured' as const, samplesPerSec: 900, note: '' },
  ],
  at,
});

function database() {
  const name = `measurements-${crypto.randomUUID()}`;
  return () => openGradlabDb({ name });
}

describe('measurementStore', () => {
  it('gives a later visit what an earlier one measured, by key', async () => {
    const openDb = database();
    await measurementStore(openDb).write('a', entry(24_100, 1));
    await measurementStore(openDb).write('b', entry(600, 2));
    // A new worker on the same database: a reload.
    const later = measurementStore(openDb);
    expect(await later.read('a')).toEqual(entry(24_100, 1));
    expect(await later.read('b')).toEqual(entry(600, 2));
    expect(await later.read('c')).toBeNull();
  });

  it('replaces a key measured again', async () => {
    const openDb = database();
    const store = measurementStore(openDb);
    await store.write('a', entry(24_100, 1));
    await store.write('a', entry(30_000, 2));
    expect(await store.read('a')).toEqual(entry(30_000, 2));
  });

  it('measures again where the stored record is damaged, and stores over it', async () => {
    const openDb = database();
    const db = await openDb();
    if (!db.ok) throw db.error;
    await putSetting(db.value, MEASUREMENTS_SETTING, {
      a: { model: 'm', results: [{ backend: 'tpu' }], at: 1 },
      b: 'not an entry',
    });
    const store = measurementStore(openDb);
    expect(await store.read('a')).toBeNull();
    await store.write('c', entry(24_100, 3));
    expect(await store.read('c')).toEqual(entry(24_100, 3));
    // What did not parse is gone from the record, not carried along.
    const raw = await getSetting(db.value, MEASUREMENTS_SETTING, (r) => r);
    expect(Object.keys(raw ?? {})).toEqual(['c']);
  });

  it('without storage, reads nothing and writes nothing, without failing', async () => {
    const store = measurementStore(async () =>
      err(new StorageUnavailableError('IndexedDB is disabled')),
    );
    await store.write('a', entry(24_100, 1));
    expect(await store.read('a')).toBeNull();
  });
});
