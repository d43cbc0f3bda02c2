import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  announceChange,
  CHANGE_CHANNEL,
  onStorageChange,
  parseStorageChange,
  type StorageChange,
} from './change-feed';

/** Another tab's channel; closed after each test so nothing keeps vitest alive. */
const others: BroadcastChannel[] = [];
function otherTab(): BroadcastChannel {
  const channel = new BroadcastChannel(CHANGE_CHANNEL);
  others.push(channel);
  return channel;
}

afterEach(() => {
  for (const channel of others.splice(0)) channel.close();
});

describe('change feed', () => {
  it("hears another tab's change, and stops hearing once unsubscribed", async () => {
    const heard: StorageChange[] = [];
    const stop = onStorageChange((change) => heard.push(change));
    const tab = otherTab();
    tab.postMessage({ store: 'runs', key: 'run-1' });
    await vi.waitFor(() => expect(heard).toEqual([{ store: 'runs', key: 'run-1' }]));

    stop();
    // Messages from one sender arrive in order: once the second is heard, the first had its turn.
    const later: StorageChange[] = [];
    const stopLater = onStorageChange((change) => later.push(change));
    tab.postMessage({ store: 'datasets' });
    tab.postMessage({ store: 'settings' });
    await vi.waitFor(() => expect(later).toHaveLength(2));
    expect(heard).toHaveLength(1);
    stopLater();
  });

  it('ignores junk from other tabs', async () => {
    const heard: StorageChange[] = [];
    const stop = onStorageChange((change) => heard.push(change));
    const tab = otherTab();
    for (const junk of [null, 'runs', 42, {}, { store: 'chunks' }, { store: 'runs', key: 7 }]) {
      tab.postMessage(junk);
    }
    tab.postMessage({ store: 'notebooks' });
    await vi.waitFor(() => expect(heard).toEqual([{ store: 'notebooks' }]));
    stop();
  });

  it('announces to the other tabs, not to itself', async () => {
    const here: StorageChange[] = [];
    const stop = onStorageChange((change) => here.push(change));
    const tab = otherTab();
    const received = new Promise<unknown>((resolve) => (tab.onmessage = (e) => resolve(e.data)));
    announceChange({ store: 'versions', key: 'sha256-ab' });
    expect(await received).toEqual({ store: 'versions', key: 'sha256-ab' });
    expect(here).toEqual([]);
    stop();
  });

  it('parses only the changes it knows, without extra fields', () => {
    expect(parseStorageChange({ store: 'datasets', key: 'ab', extra: true })).toEqual({
      store: 'datasets',
      key: 'ab',
    });
    expect(parseStorageChange({ store: 'toString' })).toBeNull();
    expect(parseStorageChange([])).toBeNull();
  });
});
