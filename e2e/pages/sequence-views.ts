/** The sequence views under the playground: samples, next-token bars, attention, token accuracy. */
import { expect, type Locator, type Page } from '@playwright/test';

export class SequenceViews {
  readonly samples: Locator;
  readonly attention: Locator;
  readonly head: Locator;
  readonly nextToken: Locator;
  readonly tokenAccuracy: Locator;

  constructor(private readonly page: Page) {
    this.samples = page.getByTestId('insights.samples');
    this.attention = page.getByTestId('insights.attention');
    this.head = page.getByTestId('insights.attentionHead');
    this.nextToken = page.getByTestId('insights.nextToken');
    this.tokenAccuracy = page.getByTestId('insights.tokenAccuracy');
  }

  /** The samples' texts once `count` are shown. */
  async sampleTexts(count: number): Promise<string[]> {
    await expect(this.samples).toHaveCount(count);
    return this.samples.allInnerTexts();
  }

  async setSeed(seed: number): Promise<void> {
    await this.page.getByTestId('insights.sampleSeed').fill(String(seed));
  }

  /** The share of the attention canvas's pixels that are painted (not transparent). */
  async attentionPainted(): Promise<number> {
    return this.attention.evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
      return painted / (data.length / 4);
    });
  }

  async attentionImage(): Promise<string> {
    return this.attention.evaluate((element) => (element as HTMLCanvasElement).toDataURL());
  }
}
