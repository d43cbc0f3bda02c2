/**
 * Page object for a stored dataset's page (#/data/<sha256>): its card, its history of versions
 * and the diff of two versions.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class DataVersionsPage {
  readonly card: Locator;
  readonly hash: Locator;
  readonly license: Locator;
  readonly versions: Locator;
  readonly diff: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByTestId('data.card');
    this.hash = page.getByTestId('data.card.hash');
    this.license = page.getByTestId('data.card.license');
    this.versions = page.getByTestId('data.versions').getByTestId('data.version');
    this.diff = page.getByTestId('data.diff');
    this.status = page.getByTestId('data.versions.status');
  }

  /** Goes to version `sha256`'s page, as a link in the app does (no reload), and waits for it. */
  async open(sha256: string): Promise<void> {
    await this.page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/data/${sha256}`);
    await expect(this.hash).toHaveText(sha256);
  }

  /** The history's entry for version `n`. */
  version(n: number): Locator {
    return this.versions.and(this.page.locator(`[data-version="${n}"]`));
  }

  async restore(n: number): Promise<void> {
    await this.version(n).getByTestId('data.version.restore').click();
    await expect(this.status).toHaveText(`Version ${n} is now the current version.`);
  }

  async setLicense(text: string): Promise<void> {
    await this.license.fill(text);
    await this.page.getByTestId('data.card.saveLicense').click();
    await expect(this.page.getByTestId('data.card.saveLicense')).toBeDisabled();
  }
}

/** The SHA-256 of the stored dataset the playground's dataset list has chosen. */
export async function chosenDatasetSha(page: Page): Promise<string> {
  const value = await page.getByTestId('dataset.select').inputValue();
  const sha = /^local:([0-9a-f]{64})$/.exec(value)?.[1];
  if (sha === undefined) throw new Error(`The playground's dataset is ${value}, not a stored one`);
  return sha;
}
