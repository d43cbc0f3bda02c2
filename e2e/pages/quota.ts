/**
 * The origin's storage quota, set through the DevTools protocol as a full disk would leave it:
 * `fill` lowers it below what is already stored, so every write is refused for real; `free`
 * gives the browser's own quota back.
 */
import type { CDPSession, Page } from '@playwright/test';

export class Quota {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
  ) {}

  static async of(page: Page, baseURL: string | undefined): Promise<Quota> {
    if (baseURL === undefined) throw new Error('The quota needs the app’s origin (baseURL).');
    return new Quota(await page.context().newCDPSession(page), new URL(baseURL).origin);
  }

  /**
   * Chrome applies a quota to an origin's connections opened after it is set, so the page reloads
   * (as a user would come back to an app on a full disk).
   */
  async fill(page: Page): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin, quotaSize: 1 });
    await page.reload();
  }

  async free(): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin });
  }
}
