/**
 * Page object for sequence models: the datasets and views of issue 16 (generated samples, the
 * attention heatmap), and the inline link of a shipped lesson as a teacher would share it.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { encodeInlineLink } from '../../src/core/bundle/link';

/** The `#b=` fragment of a shipped lesson (public/lessons/<slug>.json is canonical JSON). */
export function lessonLink(slug: string): string {
  return encodeInlineLink(readFileSync(`public/lessons/${slug}.json`, 'utf8')).fragment;
}

export class SequenceViews {
  /** One element per generated sample. */
  readonly samples: Locator;
  /** The heatmap canvas of the chosen attention layer and head. */
  readonly attention: Locator;
  readonly attentionHead: Locator;

  constructor(readonly page: Page) {
    this.samples = page.getByTestId('insights.samples');
    this.attention = page.getByTestId('insights.attention');
    this.attentionHead = page.getByTestId('insights.attentionHead');
  }

  /** Chooses a dataset by the name `dataset.select` shows and waits until it is loaded. */
  async chooseDataset(label: string): Promise<void> {
    await this.page.getByTestId('dataset.select').selectOption({ label });
    await expect(this.page.getByTestId('dataset.status')).toContainText('examples');
  }

  /** Trains on the first `limit` examples only. */
  async limit(limit: number): Promise<void> {
    await this.page.getByTestId('dataset.limit').fill(String(limit));
    await expect(this.page.getByTestId('dataset.status')).toContainText(`first ${limit}`);
  }

  /** The samples' texts, once the model trained `epoch` epochs wrote them. */
  async samplesAfterEpoch(epoch: number): Promise<string[]> {
    await expect(this.page.getByText(`Written after epoch ${epoch}.`)).toBeVisible();
    return this.samples.allTextContents();
  }

  /**
   * Pixels of the attention heatmap with any weight drawn (alpha above 0): one canvas pixel is one
   * (query, key) cell, and a cell with no attention is left transparent.
   */
  async attentionPixels(): Promise<{ painted: number; total: number }> {
    await expect(this.attention).toBeVisible();
    return this.attention.evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
      return { painted, total: data.length / 4 };
    });
  }
}
