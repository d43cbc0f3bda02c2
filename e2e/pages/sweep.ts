/**
 * Page object for sweeps: the Sweep dialog, the sweep's page (status, charts, trial table) and
 * what IndexedDB holds of its runs.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** A run of a sweep as stored: enough to tell a run repeated from one kept. */
export interface StoredSweepRun {
  id: string;
  trialId: string;
  createdAt: string;
  epochs: number;
}

export class SweepPage {
  readonly dialog: Locator;
  readonly fields: Locator;
  readonly values: Locator;
  readonly status: Locator;
  readonly rows: Locator;
  readonly parallel: Locator;
  readonly scatters: Locator;
  readonly best: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('sweep.dialog');
    this.fields = page.getByTestId('sweep.field');
    this.values = page.getByTestId('sweep.values');
    this.status = page.getByTestId('sweep.status');
    this.rows = page.getByTestId('sweep.row');
    this.parallel = page.getByTestId('sweep.parallel');
    this.scatters = page.getByTestId('sweep.scatter');
    this.best = page.getByTestId('sweep.best');
  }

  async openDialog(): Promise<void> {
    await this.page.getByTestId('sweep.open').first().click();
    await expect(this.dialog).toBeVisible();
  }

  /** Varies field `index` (its `targetKey`, e.g. `layer.0.units`) over `values` as typed. */
  async vary(index: number, key: string, values: string): Promise<void> {
    while ((await this.fields.count()) <= index) {
      await this.page.getByTestId('sweep.addField').click();
    }
    await this.fields.nth(index).selectOption(key);
    await this.values.nth(index).fill(values);
  }

  /** Starts the sweep and waits for its page; its id. */
  async start(): Promise<string> {
    await this.page.getByTestId('sweep.start').click();
    await expect(this.page).toHaveURL(/#\/sweep\/[\w-]+$/);
    return /#\/sweep\/([\w-]+)$/.exec(this.page.url())?.[1] ?? '';
  }

  /** Runs done and in all, from "n of m runs". */
  async counts(): Promise<{ done: number; total: number }> {
    const text = (await this.status.textContent()) ?? '';
    const match = /(\d+) of (\d+) runs/.exec(text);
    if (!match) throw new Error(`sweep.status says no "n of m runs": ${text}`);
    return { done: Number(match[1]), total: Number(match[2]) };
  }

  async waitForDone(atLeast: number, timeout = 120_000): Promise<void> {
    await expect
      .poll(async () => (await this.counts()).done, { timeout })
      .toBeGreaterThanOrEqual(atLeast);
  }

  /** Canvas pixels with any paint on them (the charts paint on a transparent canvas). */
  async paintedPixels(canvas: Locator): Promise<number> {
    return canvas.evaluate((element) => {
      if (!(element instanceof HTMLCanvasElement)) throw new Error('not a canvas');
      const ctx = element.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      const { data } = ctx.getImageData(0, 0, element.width, element.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted += 1;
      return painted;
    });
  }

  /**
   * Drags along the parallel coordinates' axis of `key` from fraction `from` to `to` of its
   * height (0 the foot, 1 the head), as a user brushing it.
   */
  async brush(key: string, from: number, to: number): Promise<void> {
    const canvas = this.parallel;
    const keys = ((await canvas.getAttribute('data-axis-keys')) ?? '').split(' ');
    const xs = ((await canvas.getAttribute('data-axis-x')) ?? '').split(' ').map(Number);
    const top = Number(await canvas.getAttribute('data-plot-top'));
    const bottom = Number(await canvas.getAttribute('data-plot-bottom'));
    const x = xs[keys.indexOf(key)];
    if (x === undefined) throw new Error(`no axis ${key} among ${keys.join(', ')}`);
    // The mouse does not scroll: the whole axis must be in the window.
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the parallel coordinates are not shown');
    const yAt = (t: number) => box.y + bottom - t * (bottom - top);
    await this.page.mouse.move(box.x + x, yAt(from));
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + x, (yAt(from) + yAt(to)) / 2, { steps: 4 });
    await this.page.mouse.move(box.x + x, yAt(to), { steps: 4 });
    await this.page.mouse.up();
  }

  /** The text of column `field` (its index among the varied fields) in each shown row. */
  async fieldValues(field: number): Promise<string[]> {
    return this.rows.evaluateAll(
      (rows, i) => rows.map((row) => row.querySelector(`td[data-field="${i}"]`)?.textContent ?? ''),
      field,
    );
  }

  /** The sweep's runs as IndexedDB keeps them. */
  async storedRuns(sweepId: string): Promise<StoredSweepRun[]> {
    return this.page.evaluate(
      (id) =>
        new Promise<StoredSweepRun[]>((resolve, reject) => {
          const open = indexedDB.open('gradlab');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('runs').objectStore('runs').getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = () => {
              open.result.close();
              const runs: unknown[] = all.result;
              // Read field by field: a record is whatever the page stored.
              const get = (x: unknown, key: string): unknown =>
                typeof x === 'object' && x !== null ? Reflect.get(x, key) : undefined;
              const text = (x: unknown): string => (typeof x === 'string' ? x : '');
              resolve(
                runs.flatMap((run) => {
                  const link = get(run, 'sweep');
                  if (get(link, 'sweepId') !== id) return [];
                  const epochs = get(run, 'epochs');
                  return [
                    {
                      id: text(get(run, 'id')),
                      trialId: text(get(link, 'trialId')),
                      createdAt: text(get(run, 'createdAt')),
                      epochs: Array.isArray(epochs) ? epochs.length : 0,
                    },
                  ];
                }),
              );
            };
          };
        }),
      sweepId,
    );
  }
}
