/**
 * Page object for annotation: a short run on shipped digits to have a confusion matrix and a
 * review queue, the examples' controls, the version's bar, and the dataset versions storage holds
 * (read, never written, the way the app stores them).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { PlaygroundPage } from './playground';

/** What a stored dataset version says of itself (the fields a test checks). */
export interface StoredVersion {
  sha256: string;
  name: string;
  classCounts: number[];
  flags: number[];
  lineage: {
    lineId: string;
    version: number;
    parent: string | null;
    note: string;
    changes: {
      added: number[];
      removed: number[];
      relabelled: { index: number; from: number; to: number }[];
    } | null;
  };
}

export class AnnotatePage {
  readonly playground: PlaygroundPage;
  readonly bar: Locator;
  readonly summary: Locator;
  readonly queue: Locator;

  constructor(readonly page: Page) {
    this.playground = new PlaygroundPage(page);
    this.bar = page.getByTestId('annotate.bar');
    this.summary = page.getByTestId('annotate.summary');
    this.queue = page.getByTestId('review.queue');
  }

  /** Trains one quick epoch on the first `limit` MNIST-10k digits, on the cpu backend. */
  async trainOnDigits(limit: number): Promise<void> {
    await this.playground.open('cpu');
    await this.page.getByTestId('dataset.select').selectOption('shipped:mnist-10k');
    await expect(this.page.getByTestId('dataset.status')).toContainText('10,000 examples');
    await this.page.getByTestId('dataset.limit').fill(String(limit));
    await expect(this.page.getByTestId('dataset.status')).toContainText(`first ${limit}`);
    await this.playground.set('Batch size', 50);
    await this.playground.trainToEnd(1, 120_000);
  }

  /** A confusion-matrix cell off the diagonal that counts at least one example, opened. */
  async openMistakeCell(): Promise<{ actual: string; predicted: string }> {
    const cells = this.page.getByTestId('insights.cell');
    await expect(cells).toHaveCount(100);
    const labels = await cells.evaluateAll((buttons) =>
      buttons.map((b) => b.getAttribute('aria-label') ?? ''),
    );
    const at = labels.findIndex((label) => {
      const m = /^actual (\S+), predicted (\S+): (\d+) examples?$/.exec(label);
      return m !== null && m[1] !== m[2] && Number(m[3]) > 0;
    });
    expect(at, 'a misclassified example after one epoch').toBeGreaterThanOrEqual(0);
    const [, actual = '', predicted = ''] =
      /^actual (\S+), predicted (\S+):/.exec(labels[at] ?? '') ?? [];
    await cells.nth(at).click();
    await expect(this.page.getByTestId('insights.cellExamples')).toBeVisible();
    return { actual, predicted };
  }

  /** The dataset row an example tile shows, from its image's label ("row 123: ..."). */
  async rowOf(tile: Locator): Promise<number> {
    const label = (await tile.getByRole('img').getAttribute('aria-label')) ?? '';
    const row = /^row (\d+):/.exec(label)?.[1];
    if (row === undefined) throw new Error(`No row in the tile's label: ${label}`);
    return Number(row);
  }

  /** Saves the pending changes with a note and waits for the new version. */
  async save(note: string, version: number): Promise<void> {
    await this.page.getByTestId('annotate.note').fill(note);
    await this.page.getByTestId('annotate.save').click();
    await expect(this.page.getByTestId('annotate.saved')).toHaveText(
      new RegExp(`Saved as version ${version}\\.`),
      { timeout: 30_000 },
    );
  }

  /** Every dataset record in IndexedDB. */
  async storedVersions(): Promise<StoredVersion[]> {
    return this.page.evaluate(
      () =>
        new Promise<StoredVersion[]>((resolve, reject) => {
          const open = indexedDB.open('gradlab');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const read = db.transaction('datasets').objectStore('datasets').getAll();
            read.onerror = () => reject(read.error);
            read.onsuccess = () => {
              db.close();
              resolve(read.result as StoredVersion[]);
            };
          };
        }),
    );
  }
}
