import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGradlabDb } from './open';
import { getSetting, putSetting } from './settings-repo';
import { fillableDb } from './test-full-disk';
import {
  dismissWriteFailures,
  getWriteFailures,
  onRetryWrites,
  retryWrites,
  subscribeWriteFailures,
} from './write-failures';

async function disk() {
  const opened = await openGradlabDb({ name: `write-failures-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return fillableDb(opened.value);
}

const anything = (value: unknown) => value;

afterEach(dismissWriteFailures);

describe('failed writes', () => {
  it('are recorded by write() for the page-wide notice and cleared when the action succeeds', async () => {
    const { db, setFull } = await disk();
    const heard = vi.fn();
    const unsubscribe = subscribeWriteFailures(heard);
    setFull(true);
    const refused = await putSetting(db, 'x', 1);
    expect(refused.ok).toBe(false);
    expect(getWriteFailures()).toEqual([
      {
        what: 'save the setting "x"',
        message: refused.ok ? '' : refused.error.message,
        full: true,
      },
    ]);
    // The same action failing again is one failure, not two.
    await putSetting(db, 'x', 2);
    expect(getWriteFailures()).toHaveLength(1);
    await putSetting(db, 'y', 2);
    expect(getWriteFailures().map((f) => f.what)).toEqual([
      'save the setting "x"',
      'save the setting "y"',
    ]);
    setFull(false);
    expect((await putSetting(db, 'x', 3)).ok).toBe(true);
    expect(getWriteFailures().map((f) => f.what)).toEqual(['save the setting "y"']);
    expect(await getSetting(db, 'x', anything)).toBe(3);
    expect(heard).toHaveBeenCalledTimes(4);
    unsubscribe();
    db.close();
  });

  it('on Retry are cleared and every listener saves again', async () => {
    const { db, setFull } = await disk();
    setFull(true);
    await putSetting(db, 'x', 1);
    const retried = vi.fn();
    const stop = onRetryWrites(retried);
    retryWrites();
    expect(getWriteFailures()).toEqual([]);
    expect(retried).toHaveBeenCalledTimes(1);
    stop();
    retryWrites();
    expect(retried).toHaveBeenCalledTimes(1);
    db.close();
  });
});
