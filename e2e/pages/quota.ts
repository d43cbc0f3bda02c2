/**
 * The origin's storage quota, set through the DevTools protocol as a full disk would leave it:
 * `fill` lowers it below what is already stored, so every write is refused for real; `free`
 * gives the browser's own quota back.
 */
import type { CDPSession, Page } from '@playwright/test';

/** Roomy: what the origin gets until the test fills it. */
const ROOMY = 1024 * 1024 * 1024;

export class Quota {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
  ) {}

  /**
   * Call before the page first opens the app: Chrome (156) applies later overrides to an origin's
   * storage only when one was set before that storage was first opened, so this sets a roomy one.
   */
  static async of(page: Page, baseURL: string | undefined): Promise<Quota> {
    if (baseURL === undefined) throw new Error('The quota needs the app’s origin (baseURL).');
    const quota = new Quota(await page.context().newCDPSession(page), new URL(baseURL).origin);
    await quota.set(ROOMY);
    return quota;
  }

  /** Below what is stored: every write is refused from now on. */
  async fill(): Promise<void> {
    await this.set(1);
  }

  async free(): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin });
  }

  private async set(quotaSize: number): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin, quotaSize });
  }
}
