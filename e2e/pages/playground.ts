/** Page object for the playground: the e2e specs speak in the user's terms through it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class PlaygroundPage {
  readonly backendStatus: Locator;
  /** The header's sentence on where the model trains; the details open when it is clicked. */
  readonly backendSummary: Locator;
  /** In those details: what auto measured, per backend, and its pick. */
  readonly backendMeasured: Locator;
  readonly status: Locator;
  readonly epoch: Locator;

  constructor(readonly page: Page) {
    this.backendStatus = page.getByTestId('backend.status');
    this.backendSummary = page.getByTestId('backend.summary');
    this.backendMeasured = page.getByTestId('backend.measured');
    this.status = page.getByTestId('train.status');
    this.epoch = page.getByTestId('metrics.epoch');
  }

  async open(backend?: string): Promise<void> {
    await this.page.goto(backend ? `/?backend=${backend}#/playground` : '/#/playground');
    await expect(this.backendStatus).not.toHaveText(/starting/);
    // The untrained model's decision boundary is drawn once the worker is ready.
    await expect(this.page.getByTestId('train.start')).toBeEnabled();
  }

  /** Opens the header's backend details (what runs, why, and what auto measured). */
  async showBackendDetails(): Promise<void> {
    await this.backendSummary.click();
    await expect(this.backendStatus).toBeVisible();
  }

  async hideBackendDetails(): Promise<void> {
    await this.backendSummary.click();
    await expect(this.backendStatus).toBeHidden();
  }

  async set(label: string, value: string | number): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(String(value));
  }

  async choose(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption(option);
  }

  async train(): Promise<void> {
    await this.page.getByTestId('train.start').click();
    await expect(this.status).not.toHaveText('idle');
  }

  /** Trains `epochs` epochs with the other settings as they are, and waits for the run's end. */
  async trainToEnd(epochs: number, timeout?: number): Promise<void> {
    await this.set('Epochs', epochs);
    await this.train();
    await expect(this.status).toHaveText('done', timeout === undefined ? {} : { timeout });
  }

  /**
   * What the playground's autosave holds in IndexedDB (null before the first save), read the way
   * the app stores it, so a test can wait for a save to land before it reloads.
   */
  async savedExperiment(): Promise<Record<string, unknown> | null> {
    return this.page.evaluate(
      () =>
        new Promise<Record<string, unknown> | null>((resolve, reject) => {
          const open = indexedDB.open('gradlab');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const read = db.transaction('settings').objectStore('settings').get('playground');
            read.onerror = () => reject(read.error);
            read.onsuccess = () => {
              db.close();
              const saved: unknown = read.result;
              const experiment =
                typeof saved === 'object' && saved !== null && 'experiment' in saved
                  ? saved.experiment
                  : null;
              resolve(
                typeof experiment === 'object' && experiment !== null
                  ? (experiment as Record<string, unknown>)
                  : null,
              );
            };
          };
        }),
    );
  }

  /** Waits until the autosave holds this learning rate (the last setting a test changed). */
  async savedWithLearningRate(rate: number): Promise<void> {
    await expect
      .poll(async () => {
        const saved = await this.savedExperiment();
        const config = saved?.config;
        return typeof config === 'object' && config !== null && 'learningRate' in config
          ? config.learningRate
          : null;
      })
      .toBe(rate);
  }

  /** Whether the page is cross-origin isolated: SharedArrayBuffer, so WASM threads. */
  async crossOriginIsolated(): Promise<boolean> {
    return this.page.evaluate(() => window.crossOriginIsolated);
  }

  /**
   * The threads the WASM backend trains on, as the backend status shows them ("wasm (SIMD,
   * 2 threads)"); 1 for a single-threaded build ("wasm (SIMD, single thread: …)").
   */
  async wasmThreads(): Promise<number> {
    await expect(this.backendStatus).toContainText('wasm');
    const shown = (await this.backendStatus.textContent()) ?? '';
    const threads = /(\d+) threads?\)/.exec(shown);
    if (threads) return Number(threads[1]);
    if (shown.includes('single thread')) return 1;
    throw new Error(`The backend status names no thread count: ${shown}`);
  }

  async metric(name: string): Promise<number> {
    return Number(await this.page.getByTestId(`metrics.${name}`).textContent());
  }

  async epochNow(): Promise<number> {
    return Number(await this.epoch.textContent());
  }

  async waitForEpoch(atLeast: number, timeout = 120_000): Promise<void> {
    await expect.poll(() => this.epochNow(), { timeout }).toBeGreaterThanOrEqual(atLeast);
  }

  /** The canvas as a data URL, to tell whether it was redrawn with different content. */
  async snapshot(testId: string): Promise<string> {
    return this.page
      .getByTestId(testId)
      .evaluate((element) => (element as HTMLCanvasElement).toDataURL());
  }

  /**
   * The share of a canvas not painted in the plot background colour: points alone cover a small
   * part of the plot, a decision-boundary heatmap covers nearly all of it.
   */
  async paintedShare(testId: string): Promise<number> {
    return this.page.getByTestId(testId).evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      // Resolve the CSS colour (the build may shorten #ffffff to #fff) by painting it.
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--plot-bg');
      probe.fillRect(0, 0, 1, 1);
      const bg = probe.getImageData(0, 0, 1, 1).data;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        const d =
          Math.abs(data[i]! - bg[0]!) +
          Math.abs(data[i + 1]! - bg[1]!) +
          Math.abs(data[i + 2]! - bg[2]!);
        if (d > 6) painted += 1;
      }
      return painted / (data.length / 4);
    });
  }

  /** The per-epoch losses in the curves' table of numbers. */
  async epochLosses(): Promise<string[]> {
    const numbers = this.page.getByTestId('chart.numbers');
    if ((await numbers.getAttribute('open')) === null) await numbers.locator('summary').click();
    const rows = numbers.getByTestId('chart.row');
    await expect(rows.first()).toBeVisible();
    return rows.evaluateAll((all) => all.map((row) => row.querySelector('td')?.textContent ?? ''));
  }
}
