/** Page object for the runs page: the history table, Import run, and the overlaid curves. */
import { expect, type Locator, type Page } from '@playwright/test';

export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class RunsPage {
  readonly rows: Locator;
  readonly importInput: Locator;
  readonly importFolderInput: Locator;
  readonly importError: Locator;
  readonly importDone: Locator;
  /** One legend entry per run drawn in the curves, with the run's id. */
  readonly legend: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('runs.row');
    this.importInput = page.getByTestId('runs.import');
    this.importFolderInput = page.getByTestId('runs.import.folder');
    this.importError = page.getByTestId('runs.import.error');
    this.importDone = page.getByTestId('runs.import.done');
    this.legend = page.getByTestId('runs.curves.loss').locator('..').getByTestId('runs.legend');
  }

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Runs' }).click();
    await expect(this.page.getByRole('heading', { name: 'Import run' })).toBeVisible();
  }

  row(runId: string): Locator {
    return this.page.locator(`[data-testid="runs.row"][data-run-id="${runId}"]`);
  }

  /** Picks these files in Import run, as a user choosing several files at once. */
  async importFiles(files: PickedFile[]): Promise<void> {
    await this.importInput.setInputFiles(files);
  }

  /** Picks a folder on disk in Import run, as train.py's `--out` folder. */
  async importFolder(path: string): Promise<void> {
    await this.importFolderInput.setInputFiles(path);
  }

  /** The ids of the runs the loss chart draws, in legend order. */
  async drawnRunIds(): Promise<string[]> {
    return this.legend.evaluateAll((items) =>
      items.map((li) => li.getAttribute('data-run-id') ?? ''),
    );
  }
}
