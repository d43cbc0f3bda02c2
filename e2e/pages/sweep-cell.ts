/**
 * Page object for a notebook's sweep cell: the experiment cell's plan (a values input per varied
 * field), Run sweep, the last sweep's status and link, its lock editor and its Sweep... button. The
 * Sweep dialog itself and the sweep's page are SweepPage's (./sweep).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class SweepCell {
  readonly plan: Locator;
  readonly values: Locator;
  readonly status: Locator;
  readonly link: Locator;

  constructor(
    readonly page: Page,
    readonly cell: Locator,
  ) {
    this.plan = cell.getByTestId('cell.sweepPlan');
    this.values = cell.getByTestId('cell.sweepValues');
    this.status = cell.getByTestId('cell.sweepStatus');
    this.link = cell.getByTestId('cell.sweepLink');
  }

  /** The values input of the varied field `key` (a target key, e.g. `config.learningRate`). */
  valuesOf(key: string): Locator {
    return this.cell
      .locator(`[data-testid="cell.sweepField"][data-field="${key}"]`)
      .getByTestId('cell.sweepValues');
  }

  /** Opens the Sweep dialog of this cell. */
  async openDialog(): Promise<void> {
    await this.cell.getByTestId('cell.sweep').click();
    await expect(this.page.getByTestId('sweep.dialog')).toBeVisible();
  }

  /** The lock checkbox of `field` (`model`, `config.batchSize`...) in the author's lock editor. */
  async lockCheckbox(field: string): Promise<Locator> {
    const editor = this.cell.getByTestId('cell.locks');
    if ((await editor.getAttribute('open')) === null) await editor.locator('summary').click();
    return editor.getByTestId(`lock.${field}`);
  }

  async lock(...fields: string[]): Promise<void> {
    for (const field of fields) {
      const box = await this.lockCheckbox(field);
      await box.check();
      await expect(box).toBeChecked();
    }
  }

  /** Runs the cell's sweep and waits until `done` of its runs finished. */
  async run(done: number, timeout = 120_000): Promise<void> {
    await this.cell.getByTestId('cell.runSweep').click();
    await expect(this.status).toContainText(`${done} of ${done} runs, done`, { timeout });
  }
}
