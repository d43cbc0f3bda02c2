/** Page object for the capture page (#/capture): webcam rows, the drawing pad, and saving. */
import { expect, type Locator, type Page } from '@playwright/test';

export class CapturePage {
  readonly classes: Locator;
  readonly error: Locator;
  readonly saveError: Locator;

  constructor(readonly page: Page) {
    this.classes = page.getByTestId('capture.class');
    this.error = page.getByTestId('capture.error');
    this.saveError = page.getByTestId('capture.saveError');
  }

  async open(): Promise<void> {
    await this.page.goto('/#/capture');
    await expect(this.page.getByRole('heading', { name: 'Make your own dataset' })).toBeVisible();
  }

  /** The frame size (28, 32 or 64) and colour, chosen before anything is captured. */
  async format(size: 28 | 32 | 64, colour: 'gray' | 'RGB'): Promise<void> {
    await this.page.getByTestId('capture.size').selectOption(String(size));
    await this.page.getByTestId('capture.colour').selectOption(colour === 'gray' ? '1' : '3');
  }

  /** Opens the camera and waits until its preview runs and frames can be recorded. */
  async openCamera(): Promise<void> {
    await this.page.getByTestId('capture.webcam').click();
    await expect(this.page.getByTestId('capture.preview')).toBeVisible();
    await expect(this.classes.first().getByTestId('capture.record')).toBeEnabled();
  }

  row(index: number): Locator {
    return this.classes.nth(index);
  }

  async rename(index: number, name: string): Promise<void> {
    await this.row(index).getByTestId('capture.className').fill(name);
  }

  async count(index: number): Promise<number> {
    return Number(await this.row(index).getByTestId('capture.count').textContent());
  }

  /** Holds the row's record button down with the mouse until it has at least `frames` examples. */
  async recordWithMouse(index: number, frames: number): Promise<void> {
    await this.row(index).getByTestId('capture.record').hover();
    await this.page.mouse.down();
    await expect.poll(() => this.count(index)).toBeGreaterThanOrEqual(frames);
    await this.page.mouse.up();
  }

  /** The same with the keyboard: Space held on the focused record button. */
  async recordWithKeyboard(index: number, frames: number): Promise<void> {
    await this.row(index).getByTestId('capture.record').focus();
    await this.page.keyboard.down(' ');
    await expect.poll(() => this.count(index)).toBeGreaterThanOrEqual(frames);
    await this.page.keyboard.up(' ');
  }

  /**
   * Draws a stroke on the capture pad through `points` (fractions of its width and height), as a
   * user does with the mouse, then adds it to the class named `className`.
   */
  async draw(className: string, points: readonly (readonly [number, number])[]): Promise<void> {
    await this.page.getByTestId('capture.drawClass').selectOption({ label: className });
    const pad = this.page.getByTestId('capture.drawCanvas');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('the drawing pad is not on screen');
    const [first, ...rest] = points;
    if (!first) return;
    const at = ([x, y]: readonly [number, number]) =>
      [box.x + box.width * x, box.y + box.height * y] as const;
    await this.page.mouse.move(...at(first));
    await this.page.mouse.down();
    for (const point of rest) await this.page.mouse.move(...at(point), { steps: 4 });
    await this.page.mouse.up();
    await this.page.getByTestId('capture.addDrawing').click();
  }

  /** Names the dataset, gives its licence, and saves it: the playground opens with it. */
  async save(name: string, license: string): Promise<void> {
    await this.page.getByTestId('capture.name').fill(name);
    await this.page.getByTestId('capture.license').fill(license);
    await this.page.getByTestId('capture.save').click();
  }

  /** On #/capture/<sha256>: saves what was added as the next version, with `note`. */
  async saveVersion(note: string): Promise<void> {
    await this.page.getByTestId('capture.note').fill(note);
    await this.page.getByTestId('capture.save').click();
  }
}
