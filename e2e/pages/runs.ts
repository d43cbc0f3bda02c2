/**
 * Page object for the runs page: the history table with its filters, Import run, the overlaid
 * curves and the settings compared.
 */
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
  readonly names: Locator;
  readonly selectAll: Locator;
  readonly filterCount: Locator;
  readonly logScale: Locator;
  /** One per loss the selected runs minimised, with `data-loss`. */
  readonly lossPanels: Locator;
  readonly lossNote: Locator;
  readonly compare: Locator;
  readonly compareRows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('runs.row');
    this.importInput = page.getByTestId('runs.import');
    this.importFolderInput = page.getByTestId('runs.import.folder');
    this.importError = page.getByTestId('runs.import.error');
    this.importDone = page.getByTestId('runs.import.done');
    this.legend = page.getByTestId('runs.curves.loss').locator('..').getByTestId('runs.legend');
    this.names = page.getByTestId('runs.name');
    this.selectAll = page.getByTestId('runs.selectAll');
    this.filterCount = page.getByTestId('runs.filter.count');
    this.logScale = page.getByTestId('runs.logScale');
    this.lossPanels = page.getByTestId('runs.curves.lossPanel');
    this.lossNote = page.getByTestId('runs.curves.lossNote');
    this.compare = page.getByTestId('runs.compare');
    this.compareRows = this.compare.getByTestId('runs.compare.row');
  }

  /** The row of the run with this name. */
  rowNamed(name: string): Locator {
    return this.rows.filter({
      has: this.page.getByTestId('runs.name').getByText(name, { exact: true }),
    });
  }

  /** The names in the table, top to bottom. */
  async shownNames(): Promise<string[]> {
    return this.names.allTextContents();
  }

  /** Picks a filter's choice by its label: `dataset`, `tag`, `sweep` or `origin`. */
  async filter(which: 'dataset' | 'tag' | 'sweep' | 'origin', label: string): Promise<void> {
    await this.page.getByTestId(`runs.filter.${which}`).selectOption({ label });
  }

  lossPanel(loss: string): Locator {
    return this.page.locator(`[data-testid="runs.curves.lossPanel"][data-loss="${loss}"]`);
  }

  /** Whether the page is no wider than the window (nothing pushes it sideways). */
  async fitsWidth(): Promise<{ scrollWidth: number; innerWidth: number }> {
    return this.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
  }

  /**
   * How high a run's curves reach on a chart, as a share of the canvas height above its bottom:
   * the highest pixel painted in the colour of the run's legend swatch. A curve pressed flat
   * against the axis by another run's spike reaches barely above 0.
   */
  async curveReach(canvas: Locator, legendEntry: Locator): Promise<number> {
    const colour = await legendEntry
      .locator('.runs-swatch')
      .evaluate((swatch) => getComputedStyle(swatch).backgroundColor);
    return canvas.evaluate((element, css) => {
      const c = element as HTMLCanvasElement;
      const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
          const i = (y * c.width + x) * 4;
          const near =
            Math.abs(data[i]! - r!) < 8 &&
            Math.abs(data[i + 1]! - g!) < 8 &&
            Math.abs(data[i + 2]! - b!) < 8 &&
            data[i + 3]! > 200;
          if (near) return (c.height - y) / c.height;
        }
      }
      return 0;
    }, colour);
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
