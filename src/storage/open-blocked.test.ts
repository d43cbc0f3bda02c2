import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { openGradlabDb } from './open';
import type * as schema from './schema';
import { upgradeGradlabDb } from './upgrade';

/** The schema the previous app held; this app needs the next one (mocked below). */
const { DB_VERSION: CURRENT } = await vi.importActual<typeof schema>('./schema');
const NEXT = CURRENT + 1;

// This app needs one schema more than a tab still holding the current one, which blocks it.
vi.mock('./schema', async (importOriginal) => {
  const actual = await importOriginal<typeof schema>();
  return { ...actual, DB_VERSION: actual.DB_VERSION + 1 };
});

const freshName = () => `blocked-${crypto.randomUUID()}`;

/** A tab running the previous app, which never lets go of its connection. */
const olderTab = (name: string, onVersionChange?: () => void) =>
  openDB<schema.GradlabSchema>(name, CURRENT, {
    upgrade: (db, oldVersion, newVersion, transaction) =>
      upgradeGradlabDb(db, oldVersion, newVersion, transaction),
    blocking: onVersionChange,
  });

const versionOf = async (name: string) =>
  (await indexedDB.databases()).find((d) => d.name === name)?.version;

describe('openGradlabDb blocked by an older tab', () => {
  it('gives up after a while, saying to close other Gradlab tabs', async () => {
    const name = freshName();
    const older = await olderTab(name);
    const opened = await openGradlabDb({ name, blockedTimeoutMs: 50 });
    expect(!opened.ok && opened.error.code).toBe('storage-unavailable');
    expect(!opened.ok && opened.error.message).toMatch(/Close other Gradlab tabs/);

    // The open it gave up on completes once the older tab closes, and must not linger.
    older.close();
    await vi.waitFor(async () => expect(await versionOf(name)).toBe(NEXT));
    const blocked = vi.fn();
    const newer = await Promise.race([
      openDB(name, NEXT + 1, { blocked }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 500)),
    ]);
    expect(blocked).not.toHaveBeenCalled();
    expect(newer?.version).toBe(NEXT + 1);
    newer?.close();
  });

  it('opens once the older tab closes in time', async () => {
    const name = freshName();
    const older = await olderTab(name, () => setTimeout(() => older.close(), 30));
    const opened = await openGradlabDb({ name, blockedTimeoutMs: 5000 });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.version).toBe(NEXT);
    opened.value.close();
  });
});
