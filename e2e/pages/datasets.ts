/** Page object for the datasets page: catalog, downloads from a URL, imports and storage. */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export const FIXTURES_ORIGIN = 'http://localhost:4174';
const GENERATED = 'e2e/fixtures/generated';

export function fixturePath(name: string): string {
  return `${GENERATED}/${name}`;
}

/** The SHA-256 the fixture build recorded for a generated file. */
export function fixtureSha256(name: string): string {
  const line = readFileSync(`${GENERATED}/SHA256SUMS`, 'utf8')
    .split('\n')
    .find((l) => l.trim().endsWith(name));
  if (!line) throw new Error(`No SHA-256 recorded for ${name}`);
  return line.split(/\s+/)[0] as string;
}

export class DatasetsPage {
  readonly storageRows: Locator;
  readonly importError: Locator;
  readonly progress: Locator;

  constructor(readonly page: Page) {
    this.storageRows = page.getByTestId('storage.row');
    this.importError = page.getByTestId('import.error');
    this.progress = page.getByTestId('data.progress');
  }

  async open(): Promise<void> {
    await this.page.goto('/#/data');
    await expect(this.page.getByRole('heading', { name: 'In this browser' })).toBeVisible();
  }

  /** Fills the "Dataset from URL" form and starts the download. */
  async downloadFromUrl(
    format: string,
    files: { url: string; sha256?: string }[],
    name: string,
  ): Promise<void> {
    await this.page.getByTestId('url.format').selectOption(format);
    for (const [i, file] of files.entries()) {
      await this.page.getByTestId(`url.file${i}`).fill(file.url);
      await this.page.getByTestId(`url.sha${i}`).fill(file.sha256 ?? '');
    }
    await this.page.getByTestId('url.name').fill(name);
    await this.page.getByTestId('url.download').click();
  }

  async chooseCsv(
    file: string | { name: string; mimeType: string; buffer: Buffer },
  ): Promise<void> {
    await this.page.getByTestId('import.csvFile').setInputFiles(file);
  }

  /**
   * Imports a CSV with `target` as the column to predict, as a user does through the file chooser,
   * and waits until it is stored under `name`.
   */
  async importCsv(
    file: string | { name: string; mimeType: string; buffer: Buffer },
    target: string,
    name: string,
  ): Promise<void> {
    await this.chooseCsv(file);
    await expect(this.page.getByTestId('import.preview')).toBeVisible();
    await this.page.getByTestId('import.target').selectOption({ label: target });
    await this.page.getByTestId('import.confirm').click();
    await expect(this.row(name)).toBeVisible();
  }

  /**
   * Imports a text file for language modelling, one example per line, with character tokens and
   * `context` tokens of context, and waits until it is stored under `name`.
   */
  async importTextLines(file: string, context: number, name: string): Promise<void> {
    await this.page.getByTestId('import.textMode').selectOption('language');
    await this.page.getByTestId('import.tokenizer').selectOption('char');
    await this.page.getByTestId('import.layout').selectOption('lines');
    await this.page.getByTestId('import.context').fill(String(context));
    await this.page.getByTestId('import.textFile').setInputFiles(file);
    await this.page.getByTestId('import.textConfirm').click();
    await expect(this.row(name)).toBeVisible();
  }

  /**
   * Opens the dataset stored last in the playground; its status then says `status`. The button is
   * the dataset page's own once a stored one is chosen (#/data/<sha256>; it renders once the
   * stored versions are read, so it is waited for, not raced with the catalog's buttons), else
   * the last "Use in playground" offered (an import's).
   */
  async useLastInPlayground(status: string): Promise<void> {
    const use = { name: 'Use in playground' };
    const button = /#\/data\/[0-9a-f]{64}/.test(this.page.url())
      ? this.page.getByTestId('data.selected').getByRole('button', use)
      : this.page.getByRole('button', use).last();
    await button.click();
    await expect(this.page.getByTestId('dataset.status')).toContainText(status);
  }

  row(name: string): Locator {
    return this.storageRows.filter({ hasText: name });
  }
}
