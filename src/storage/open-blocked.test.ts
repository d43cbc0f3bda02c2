import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { openGradlabDb } from './open';
import type * as schema from './schema';

// This app now needs schema 2, so a tab still holding schema 1 blocks its upgrade.
vi.mock('./schema', async (importOriginal) => ({
  ...(await importOriginal<typeof schema>()),
  DB_VERSION: 2,
}));

const freshName = () => `blocked-${crypto.randomUUID()}`;

/** A tab running the previous app, which never lets go of its connection. */
const olderTab = (name: string, onVersionChange?: () => void) =>
  openDB(name, 1, { blocking: onVersionChange });

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
    await vi.waitFor(async () => expect(await versionOf(name)).toBe(2));
    const blocked = vi.fn();
    const newer = await Promise.race([
      openDB(name, 3, { blocked }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 500)),
    ]);
    expect(blocked).not.toHaveBeenCalled();
    expect(newer?.version).toBe(3);
    newer?.close();
  });

  it('opens once the older tab closes in time', async () => {
    const name = freshName();
    const older = await olderTab(name, () => setTimeout(() => older.close(), 30));
    const opened = await openGradlabDb({ name, blockedTimeoutMs: 5000 });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.version).toBe(2);
    opened.value.close();
  });
});
