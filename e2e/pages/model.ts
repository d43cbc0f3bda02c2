/** Page object for the model editor and the views that teach, in the playground. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ModelEditor {
  readonly layers: Locator;
  readonly params: Locator;
  readonly layerError: Locator;

  constructor(readonly page: Page) {
    this.layers = page.getByTestId('model.layer');
    this.params = page.getByTestId('model.params');
    this.layerError = page.getByTestId('model.layerError');
  }

  async preset(label: string): Promise<void> {
    await this.page.getByTestId('model.preset').selectOption({ label });
  }

  async add(type: string): Promise<void> {
    await this.page.getByTestId('model.addLayer').click();
    await this.page.getByTestId(`model.addLayer.${type}`).click();
  }

  async moveUp(position: number): Promise<void> {
    // By the layer's name: a residual block's row also holds its inner layers' buttons.
    await this.layers
      .nth(position - 1)
      .getByRole('button', { name: new RegExp(`^Move up \\(Layer ${position}, `) })
      .click();
  }

  /** The layers inside the residual block that is the `position`-th layer (from 1). */
  innerLayers(position: number): Locator {
    return this.layers.nth(position - 1).getByTestId('model.residual.layer');
  }

  async addToBlock(position: number, type: string): Promise<void> {
    const block = this.layers.nth(position - 1);
    await block.getByTestId('model.residual.add').click();
    await block.getByTestId(`model.residual.add.${type}`).click();
  }

  async innerTypes(position: number): Promise<string[]> {
    return this.innerLayers(position).evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-type') ?? ''),
    );
  }

  async types(): Promise<string[]> {
    return this.layers.evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-type') ?? ''),
    );
  }

  async paramCount(): Promise<number> {
    await expect(this.params).toBeVisible();
    return Number(await this.params.textContent());
  }
}
