/**
 * The origin's storage quota, set through the DevTools protocol as a full disk would leave it:
 * `fill` lowers it below what is already stored, so every write is refused for real; `free`
 * gives the browser's own quota back.
 *
 * How Chrome (156) takes it: an override applies to an origin's storage only when one was set
 * before that storage was first opened (`of` sets a roomy one then); and IndexedDB lets writes
 * through from a cache of the room it last saw (decaying over 30 s), asking the quota again only
 * for a write bigger than that. So `fill` makes one such write, in a database of its own, and
 * from then on every write is refused. Chromium compresses what IndexedDB stores (in 150, before
 * the quota counts it: a megabyte of zeros is nothing), so the probe writes bytes that do not
 * compress.
 */
import type { CDPSession, Page } from '@playwright/test';

/** The room the origin has until the test fills it: plenty for what the tests store. */
const ROOMY = 16 * 1024 * 1024;
const PROBE_DB = 'quota-probe';

export class Quota {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
  ) {}

  /** Call before the page first opens the app. */
  static async of(page: Page, baseURL: string | undefined): Promise<Quota> {
    if (baseURL === undefined) throw new Error('The quota needs the app’s origin (baseURL).');
    const quota = new Quota(await page.context().newCDPSession(page), new URL(baseURL).origin);
    await quota.set(ROOMY);
    return quota;
  }

  /** Below what is stored: every write is refused from now on. */
  async fill(page: Page): Promise<void> {
    await probe(page, 0);
    await this.set(1);
    const ended = await probe(page, 2 * ROOMY);
    if (ended !== 'QuotaExceededError') {
      throw new Error(`The quota was not lowered: a write past it ended with "${ended}".`);
    }
  }

  async free(): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin });
  }

  private async set(quotaSize: number): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin, quotaSize });
  }
}

/** Writes `bytes` to the probe database (made if missing); 'ok' or the error's name. */
function probe(page: Page, bytes: number): Promise<string> {
  return page.evaluate(
    ({ name, size }) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onerror = () => resolve(String(open.error?.name));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('probe', 'readwrite');
          // xorshift32: noise that no compressor shrinks, made without a 65,536-byte call limit.
          const noise = new Uint32Array(Math.ceil(size / 4));
          let x = 2463534242;
          for (let i = 0; i < noise.length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            noise[i] = x;
          }
          tx.objectStore('probe').put(new Uint8Array(noise.buffer, 0, size), 'probe');
          tx.oncomplete = () => {
            db.close();
            resolve('ok');
          };
          tx.onabort = () => {
            db.close();
            resolve(String(tx.error?.name));
          };
        };
      }),
    { name: PROBE_DB, size: bytes },
  );
}
