import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testBundle } from '../core/bundle/test-bundle';
import { openGradlabDb, type GradlabDb } from './open';
import { getVersion, saveVersion } from './versions-repo';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `versions-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

describe('versions repository', () => {
  it('saves a version once, by its id, and reads it back', async () => {
    const db = await freshDb();
    const bundle = await testBundle();
    expect(await saveVersion(db, bundle)).toEqual({ ok: true, value: { created: true } });
    expect(await saveVersion(db, bundle)).toEqual({ ok: true, value: { created: false } });
    expect(await db.count('versions')).toBe(1);
    const read = await getVersion(db, bundle.id);
    expect(read.ok && read.value?.notebook.title).toBe(bundle.notebook.title);
    expect(read.ok && read.value?.id).toBe(bundle.id);
    db.close();
  });

  it('answers null for a missing id and refuses a damaged record', async () => {
    const db = await freshDb();
    expect(await getVersion(db, 'sha256-missing')).toEqual({ ok: true, value: null });
    await db.put('versions', { id: 'sha256-junk', title: 3 } as never);
    const junk = await getVersion(db, 'sha256-junk');
    expect(!junk.ok && junk.error.code).toBe('storage-corrupt');
    db.close();
  });
});
