/** Page object for a notebook: its cells, modes, versions, and the lesson gallery that opens one. */
import { expect, type Locator, type Page } from '@playwright/test';

export class NotebookPage {
  readonly title: Locator;
  readonly cells: Locator;
  readonly saveState: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('notebook.title');
    this.cells = page.getByTestId('notebook.cell');
    this.saveState = page.getByTestId('notebook.saveState');
  }

  /** Opens a shipped lesson from the home page's gallery. */
  async openLesson(title: string, backend = 'cpu'): Promise<void> {
    await this.page.goto(`/?backend=${backend}#/`);
    const card = this.page.getByTestId('lesson.card').filter({ hasText: title });
    await card.getByTestId('lesson.open').click();
    await expect(this.title).toHaveText(title);
    await this.waitForOpenCell();
  }

  /** The open experiment's editors are ready (its dataset prepared, the worker started). */
  async waitForOpenCell(): Promise<void> {
    await expect(this.page.getByTestId('train.start')).toBeEnabled({ timeout: 60_000 });
  }

  /** The rendered text of each text cell, in order. */
  texts(): Locator {
    return this.page.getByTestId('markdown.text');
  }

  /** The notes under the `index`th text cell (what its caps left out). */
  notesOf(index: number): Locator {
    return this.cells
      .filter({ has: this.page.getByTestId('markdown.text') })
      .nth(index)
      .getByTestId('markdown.note');
  }

  /** All `count` text cells rendered: inserted, or waiting past the notebook's budget. */
  async textsRendered(count: number, timeout = 120_000): Promise<void> {
    await expect(this.texts()).toHaveCount(count, { timeout });
    await expect(this.page.locator('[data-testid="markdown.text"][aria-busy="true"]')).toHaveCount(
      0,
      { timeout },
    );
  }

  experiments(): Locator {
    return this.page.locator('[data-testid="notebook.cell"][data-cell-type="experiment"]');
  }

  /**
   * Adds an experiment cell from the editors' settings (author mode) and waits for it. The click
   * waits for the texts above the button to be in the page: each text arrives from the markdown
   * worker and is inserted in an animation frame, which moves the button down, and a button that
   * moves between the mouse's press and release never gets the click.
   */
  async addExperiment(): Promise<void> {
    const experiments = this.experiments();
    const before = await experiments.count();
    await this.textsRendered(await this.texts().count());
    await this.page.getByTestId('notebook.addExperiment').click();
    await expect(experiments).toHaveCount(before + 1);
  }

  async setMode(mode: 'student' | 'author'): Promise<void> {
    await this.page.getByTestId(`notebook.mode.${mode}`).check();
  }

  /** Every experiment trained, one after another. */
  async runAll(timeout = 180_000): Promise<void> {
    await this.page.getByTestId('notebook.runAll').click();
    await expect(this.page.getByTestId('notebook.stopAll')).toBeVisible();
    await expect(this.page.getByTestId('notebook.runAll')).toBeVisible({ timeout });
  }

  /** Waits until the draft's autosave has landed in IndexedDB. */
  async saved(): Promise<void> {
    await expect(this.saveState).toHaveText('Draft saved');
  }

  /** Saves the draft as the next version: 1 for a notebook with none saved yet. */
  async saveVersion(): Promise<void> {
    const version = this.page.getByTestId('notebook.version');
    const before = (await version.count()) === 0 ? 0 : Number(await version.textContent());
    await this.saved();
    await this.page.getByTestId('notebook.saveVersion').click();
    await expect(version).toHaveText(String(before + 1));
  }
}
