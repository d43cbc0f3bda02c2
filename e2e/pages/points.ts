/** Page object for drawing points on the playground's data plot and saving them as a dataset. */
import { expect, type Locator, type Page } from '@playwright/test';

export class PointsDrawing {
  readonly plot: Locator;
  readonly toggle: Locator;
  readonly count: Locator;
  readonly saved: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.plot = page.getByTestId('plot.data');
    this.toggle = page.getByTestId('plot.addPoint');
    this.count = page.getByTestId('points.count');
    this.saved = page.getByTestId('points.saved');
    this.error = page.getByTestId('points.error');
  }

  async start(): Promise<void> {
    await this.toggle.click();
    await expect(this.toggle).toHaveAttribute('aria-pressed', 'true');
  }

  /** How many points the drawing holds, as its count says ("12 points: ..."). */
  async points(): Promise<number> {
    const text = (await this.count.textContent()) ?? '';
    const match = /^([\d,]+) points?:/.exec(text);
    if (!match?.[1]) throw new Error(`The point count reads "${text}"`);
    return Number(match[1].replace(/,/g, ''));
  }

  async clear(): Promise<void> {
    await this.page.getByTestId('points.clear').click();
    await expect(this.count).toHaveText(/^0 points/);
  }

  async chooseClass(index: number): Promise<void> {
    await this.page.getByTestId('points.class').nth(index).check();
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('points.undo').click();
  }

  /** Where (u, v) in [0, 1] of the plot's width and height is on the plot. */
  private async position(u: number, v: number): Promise<{ x: number; y: number }> {
    const box = await this.plot.boundingBox();
    if (!box) throw new Error('The data plot is not shown');
    return { x: u * box.width, y: v * box.height };
  }

  async clickAt(u: number, v: number, modifiers: 'Alt'[] = []): Promise<void> {
    await this.plot.click({ position: await this.position(u, v), modifiers });
  }

  async drag(from: [number, number], to: [number, number]): Promise<void> {
    await this.plot.scrollIntoViewIfNeeded();
    const box = await this.plot.boundingBox();
    if (!box) throw new Error('The data plot is not shown');
    const start = { x: box.x + from[0] * box.width, y: box.y + from[1] * box.height };
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    const end = { x: box.x + to[0] * box.width, y: box.y + to[1] * box.height };
    await this.page.mouse.move(end.x, end.y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Saves the drawing (as a dataset named `name`, when it is a new one). */
  async save(name?: string): Promise<void> {
    if (name !== undefined) await this.page.getByTestId('points.name').fill(name);
    await this.page.getByTestId('points.save').click();
  }
}
