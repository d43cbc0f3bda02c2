/** Page object for opening a shared bundle: the Open menu, the reading status, the preview, its error. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Records main-thread long tasks (PerformanceObserver 'longtask') from the next load on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The durations of the long tasks recorded so far, in ms. */
export const longTasks = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.slice());

export class ImportLayer {
  /** The reading status, with its progress bar, bytes received and Cancel. */
  readonly status: Locator;
  readonly progress: Locator;
  readonly received: Locator;
  readonly stop: Locator;
  readonly preview: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('import.status');
    this.progress = page.getByTestId('import.progress');
    this.received = page.getByTestId('import.received');
    this.stop = page.getByTestId('import.stop');
    this.preview = page.getByTestId('import.preview');
    this.error = page.getByTestId('import.error');
  }

  /** Opens a bundle file through the header's Open menu. */
  async openFile(name: string, bytes: Uint8Array): Promise<void> {
    await this.page.getByTestId('import.menu').click();
    await this.page.getByTestId('import.file').setInputFiles({
      name,
      mimeType: 'application/zip',
      buffer: Buffer.from(bytes),
    });
  }

  /** The bytes the status says were received so far. */
  async bytesReceived(): Promise<number> {
    const text = (await this.received.textContent()) ?? '';
    const match = /^(\d+) B/.exec(text);
    if (!match) throw new Error(`no byte count in "${text}"`);
    return Number(match[1]);
  }

  async dismissError(): Promise<void> {
    await this.page.getByRole('button', { name: 'Dismiss' }).first().click();
    await expect(this.error).toHaveCount(0);
  }
}
