import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGradlabDb } from './open';
import { getSetting, putSetting } from './settings-repo';

const backendOf = (raw: unknown): 'webgpu' | 'cpu' | null =>
  raw === 'webgpu' || raw === 'cpu' ? raw : null;

async function freshDb() {
  const opened = await openGradlabDb({ name: `settings-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

describe('settings', () => {
  it('reads back what was put, through the parser', async () => {
    const db = await freshDb();
    expect((await putSetting(db, 'backend', 'cpu')).ok).toBe(true);
    expect(await getSetting(db, 'backend', backendOf)).toBe('cpu');
    await putSetting(db, 'panel', { open: true, sizes: [1, 2] });
    expect(await getSetting(db, 'panel', (raw) => raw)).toEqual({ open: true, sizes: [1, 2] });
    db.close();
  });

  it('reads null for a missing setting and for one the parser no longer accepts', async () => {
    const db = await freshDb();
    expect(await getSetting(db, 'backend', backendOf)).toBeNull();
    await putSetting(db, 'backend', 'webgl-legacy');
    expect(await getSetting(db, 'backend', backendOf)).toBeNull();
    db.close();
  });

  it('reads null and reports a failed write when the connection is gone', async () => {
    const db = await freshDb();
    db.close();
    expect(await getSetting(db, 'backend', backendOf)).toBeNull();
    const put = await putSetting(db, 'backend', 'cpu');
    expect(put.ok).toBe(false);
    expect(!put.ok && put.error.code).toBe('storage-unavailable');
  });
});
